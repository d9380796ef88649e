#!/usr/bin/env python3
"""The portfolio at scale: cost against size (see schaal.sh and BENCHMARKS.md).

For each size: generate the synthetic portfolio (gemeten-portfolio-bench --csv-only, data
marked synthetic by the generator), `gemeten init` + `gemeten projects import` (wall time,
peak RSS), then `gemeten serve` twice over the same database:

- first start: the search index is built (the portfolio is new to it); the time from the
  address line to the first answered search, and the time until searches answer from a
  complete index;
- second start (restart, nothing changed): the kept index is reused; time to the first
  answered search;

then wrk (2 threads, CONNECTIONS connections, SECONDS s) on the search page
`/zoeken?q=dementie+thuis` (the same query: after the first, answered from the kept answers),
on the search page with 2 000 different queries in turn (zoekvragen.lua: mostly searched
anew), on the search API `/api/v1/zoeken?q=dementie+thuis` and on the mission page
`/missies/II`, and the server's peak RSS. The import's CPU time (user + sys) is reported
beside its wall time, and the load average before and after each size, because the machine
may be shared. Prints one JSON line per size and the Markdown table.

The binaries are taken from $CARGO_TARGET_DIR/release (default target/release).
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
GEMETEN = os.path.join(TARGET, "release/gemeten")
BENCH = os.path.join(TARGET, "release/gemeten-portfolio-bench")
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_json.lua")
VRAGEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoekvragen.lua")
PASSWORD = "bench-wachtwoord-1234"
ENV = dict(os.environ, GEMETEN_ADMIN_PASSWORD=PASSWORD, GEMETEN_PASSWORD=PASSWORD,
           RUST_LOG="warn")
SEARCH = "/zoeken?q=dementie+thuis"
API_SEARCH = "/api/v1/zoeken?q=dementie+thuis"
MISSION = "/missies/II"


def run(cmd):
    """Runs one command; fails loudly."""
    out = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    return out.stdout


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=600) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def wrk(url, conns, seconds, script=LUA):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "-s", script, url],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def serve(db, port):
    """Starts `gemeten serve`; returns (process, seconds until it listens)."""
    t = time.perf_counter()
    p = subprocess.Popen([GEMETEN, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    for line in p.stdout:
        if "http://" in line:
            return p, time.perf_counter() - t
    sys.exit(f"gemeten serve --db {db} stopped")


def first_search(base, t0):
    """Seconds from t0 until a search is answered (200), and until it is answered from an
    index that is up to date (no 'being updated' note)."""
    answered = None
    while True:
        status, body = get(base + SEARCH)
        now = time.perf_counter() - t0
        if status == 200 and answered is None:
            answered = now
        if status == 200 and "wordt bijgewerkt" not in body:
            return answered, now
        time.sleep(0.05)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stop(p):
    p.terminate()
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def one(n, d, conns, seconds, port):
    d = os.path.join(d, f"p{n}")
    os.makedirs(d, exist_ok=True)
    csv = os.path.join(d, "portfolio.csv")
    if not os.path.exists(csv):
        subprocess.run([BENCH, "--dir", d, "--projects", str(n), "--csv-only"], check=True,
                       stdout=subprocess.DEVNULL)
    db = os.path.join(d, "schaal.sqlite")
    for f in os.listdir(d):
        if f.startswith("schaal.sqlite"):
            path = os.path.join(d, f)
            subprocess.run(["rm", "-rf", path], check=True)
    r = {"projects": n, "csv_mb": os.path.getsize(csv) / 1e6, "load_before": load()}
    run([GEMETEN, "--db", db, "init"])
    # Peak RSS and CPU time of the import alone: /usr/bin/time in its own process.
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", GEMETEN, "--db", db, "projects",
                          "import", csv, "--as", "admin"], capture_output=True, text=True,
                         env=ENV)
    if out.returncode != 0:
        sys.exit(f"import failed: {out.stderr[-2000:]}")
    r["import_s"] = time.perf_counter() - t
    kb, user, system = out.stderr.strip().splitlines()[-1].split()
    r["import_mib"] = int(kb) / 1024
    r["import_cpu_s"] = float(user) + float(system)
    r["load_after_import"] = load()

    base = f"http://127.0.0.1:{port}"
    p, listen = serve(db, port)
    t0 = time.perf_counter()
    r["first_start_listen_s"] = listen
    r["first_start_search_s"], r["first_start_index_s"] = first_search(base, t0)
    stop(p)

    p, listen = serve(db, port)
    t0 = time.perf_counter()
    r["restart_listen_s"] = listen
    r["restart_search_s"], r["restart_index_s"] = first_search(base, t0)
    t = time.perf_counter()
    status, _ = get(base + MISSION)
    r["first_mission_page_s"] = time.perf_counter() - t
    assert status == 200, status
    for name, path, script in (("search", SEARCH, LUA), ("searches", "/zoeken?q=", VRAGEN),
                               ("api", API_SEARCH, LUA), ("mission", MISSION, LUA)):
        w = wrk(base + path, conns, seconds, script)
        r[f"{name}_rps"] = w["requests"] / w["seconds"]
        r[f"{name}_p50_ms"] = w["p50_ms"]
        r[f"{name}_p99_ms"] = w["p99_ms"]
        r[f"{name}_errors"] = w["errors"] + w["non2xx"]
    r["serve_mib"] = rss_mib(p.pid)
    stop(p)
    r["load_after"] = load()
    return r


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    d = os.path.abspath(sys.argv[2])
    conns, seconds = int(sys.argv[3]), int(sys.argv[4])
    rows = []
    for i, n in enumerate(sizes):
        r = one(n, d, conns, seconds, 18700 + i)
        print(json.dumps(r), flush=True)
        rows.append(r)
    print()
    def cell(r, name):
        return (f"{r[name + '_rps']:,.0f} ({r[name + '_p50_ms']:.1f} / {r[name + '_p99_ms']:.1f} ms"
                + (f"; {r[name + '_errors']} errors)" if r[name + "_errors"] else ")"))

    print("| projects | CSV | import wall (CPU) | import peak RSS"
          " | first start: first search / index complete | restart: first search"
          " | search page, one query: req/s (p50 / p99) | search page, 2 000 queries"
          " | search API | mission page | first mission page | serve peak RSS | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['projects']:,} | {r['csv_mb']:.0f} MB"
              f" | {r['import_s']:.1f} s ({r['import_cpu_s']:.1f} s)"
              f" | {r['import_mib']:.0f} MiB"
              f" | {r['first_start_search_s']:.2f} / {r['first_start_index_s']:.1f} s"
              f" | {r['restart_search_s']:.2f} s"
              f" | {cell(r, 'search')} | {cell(r, 'searches')} | {cell(r, 'api')}"
              f" | {cell(r, 'mission')}"
              f" | {r['first_mission_page_s']:.2f} s | {r['serve_mib']:.0f} MiB"
              f" | {r['load_before']:.1f} → {r['load_after']:.1f} |")


if __name__ == "__main__":
    main()
