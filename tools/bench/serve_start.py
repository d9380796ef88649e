#!/usr/bin/env python3
"""The cost of one `gemeten serve` start over an imported portfolio (see BENCHMARKS.md,
"Cost against size"): seconds from start until it listens, until the first search is
answered (200) and until it answers from a complete index, until the first mission page;
the server's peak RSS (VmHWM), current RSS and CPU time (user + sys from /proc/<pid>/stat)
at that point; then the same once the FAIR package's catalogue answers (`fair_*`: the
package is built in the background at start); the 1-minute load average before and after.

    python3 tools/bench/serve_start.py GEMETEN DB [PORT]

Delete `<DB>.stukken/` first to measure a start that builds the search index.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

PASSWORD = "bench-wachtwoord-1234"
ENV = dict(os.environ, GEMETEN_ADMIN_PASSWORD=PASSWORD, RUST_LOG="warn")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=900) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0]) / 1024
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    out["cpu_s"] = (int(fields[11]) + int(fields[12])) / tick
    return out


def main():
    gemeten, db = sys.argv[1], sys.argv[2]
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 18790
    base = f"http://127.0.0.1:{port}"
    r = {"db": db, "load_before": load()}
    t0 = time.perf_counter()
    p = subprocess.Popen([gemeten, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    for line in p.stdout:
        if "http://" in line:
            break
    r["listen_s"] = time.perf_counter() - t0
    answered = None
    while True:
        code, body = get(base + "/zoeken?q=dementie+thuis")
        now = time.perf_counter() - t0
        if code == 200 and answered is None:
            answered = now
        if code == 200 and "wordt bijgewerkt" not in body:
            break
        time.sleep(0.05)
    r["first_search_s"], r["index_complete_s"] = answered, now
    code, _ = get(base + "/missies/II")
    assert code == 200, code
    r["first_mission_page_s"] = time.perf_counter() - t0
    s = status(p.pid)
    r["peak_rss_mib"], r["rss_mib"], r["cpu_s"] = s["VmHWM"], s["VmRSS"], s["cpu_s"]
    # The FAIR package (built in the background at start): its catalogue waits for it.
    code, _ = get(base + "/api/v1/fair/catalogus.jsonld")
    assert code == 200, code
    r["fair_catalogue_s"] = time.perf_counter() - t0
    s = status(p.pid)
    r["fair_peak_rss_mib"], r["fair_rss_mib"], r["fair_cpu_s"] = s["VmHWM"], s["VmRSS"], s["cpu_s"]
    p.terminate()
    p.wait(timeout=60)
    r["load_after"] = load()
    print(json.dumps(r))


if __name__ == "__main__":
    main()
