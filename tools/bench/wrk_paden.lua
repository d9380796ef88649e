-- wrk script: GET the paths listed in the file named by WRK_PATHS (one per line) in turn,
-- each wrk thread from its own place in the list, so that the server's kept answers are
-- rarely reused (a read spread over many projects, or many different queries); wrk's own
-- path is ignored (wrk_beurt.lua). Prints the summary as one JSON line.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_beurt.lua")
in_turn(paths, "")
