-- Shared by wrk_paden.lua and zoekvragen.lua: `in_turn(items, prefix)` makes every request
-- GET prefix .. the next item of `items`, each wrk thread from its own place in the list, so
-- that the server's kept answers are rarely reused; `done` prints the summary as one JSON
-- line (wrk_json.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_json.lua")
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("i", threads * 997)
end
i = 0
function in_turn(items, prefix)
  request = function()
    i = i + 1
    return wrk.format("GET", prefix .. items[(i % #items) + 1])
  end
end
