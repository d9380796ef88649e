-- wrk script: GET the paths listed in the file named by WRK_PATHS (one per line) in turn,
-- each wrk thread from its own place in the list, so that the server's kept answers are
-- rarely reused (a read spread over many projects, or many different queries); wrk's own
-- path is ignored. Prints the summary as one JSON line (wrk_json.lua).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("i", threads * 997)
end
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
-- The summary as one JSON line: `done` from wrk_json.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_json.lua")
