-- wrk script: GET the paths listed in the file named by WRK_PATHS (one per line) in turn,
-- each wrk thread from its own place in the list, so that the server's kept answers are
-- rarely reused (a read spread over many projects, or many different queries); wrk's own
-- path is ignored. Prints the summary as one JSON line, as wrk_json.lua does.
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
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"errors":%d,"non2xx":%d,"p50_ms":%.3f,"p90_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
