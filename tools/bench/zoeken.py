#!/usr/bin/env python3
"""Fresh searches at 100 connections: two builds of gemeten side by side (BENCHMARKS.md,
"Searches not answered from the kept answers").

    CARGO_TARGET_DIR=target-rel python3 tools/bench/zoeken.py BEFORE AFTER [PROJECTS] \
        [CONNECTIONS] [SECONDS] [ROUNDS]

BEFORE and AFTER are `gemeten` binaries (e.g. a copy of main's release build and this
branch's). One synthetic portfolio (gemeten-portfolio-bench --csv-only, seed 1, from
$CARGO_TARGET_DIR/release) is imported once by each build into a database of its own in
target/bench/zoeken (a build refuses a database migrated by a newer one, and the search
index beside it may differ in format); then, in ROUNDS interleaved rounds, each build serves
its database in turn (`gemeten serve` on loopback, its kept search index) and, once
the server is idle, wrk (2 threads, CONNECTIONS connections, SECONDS s) runs the 2 000
different queries of zoekvragen.lua on the search page `/zoeken?q=` and on the API
`/api/v1/zoeken?q=`. For each run: requests/s, p50/p99, errors, the server's CPU time per
request (user + sys from /proc/<pid>/stat, divided by the requests) and the 1-minute load
average before and after. Prints one JSON line per run and a Markdown table.
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
BENCH = os.path.join(TARGET, "release/gemeten-portfolio-bench")
VRAGEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoekvragen.lua")
PASSWORD = "bench-wachtwoord-1234"
ENV = dict(os.environ, GEMETEN_ADMIN_PASSWORD=PASSWORD, GEMETEN_PASSWORD=PASSWORD,
           RUST_LOG="warn")
TICK = os.sysconf("SC_CLK_TCK")
PATHS = (("page", "/zoeken?q="), ("api", "/api/v1/zoeken?q="))


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=600) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def serve(binary, db, port):
    p = subprocess.Popen([binary, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    for line in p.stdout:
        if "http://" in line:
            return p
    sys.exit(f"{binary} serve --db {db} stopped")


def ready(base, pid):
    """Waits until a search answers from an up-to-date index and the server is idle (under
    5 % of a core for 2 s: its index and snapshot work at start is done)."""
    while True:
        status, body = get(base + "/zoeken?q=dementie+thuis")
        if status == 200 and "wordt bijgewerkt" not in body:
            break
        time.sleep(0.2)
    while True:
        a = cpu_s(pid)
        time.sleep(2)
        if cpu_s(pid) - a < 0.1:
            return


def wrk(url, conns, seconds):
    out = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "-s", VRAGEN, url],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    builds = {"before": os.path.abspath(args[0]), "after": os.path.abspath(args[1])}
    n = int(args[2]) if len(args) > 2 else 200_000
    conns = int(args[3]) if len(args) > 3 else 100
    seconds = int(args[4]) if len(args) > 4 else 10
    rounds = int(args[5]) if len(args) > 5 else 2
    d = os.path.join(ROOT, "target/bench/zoeken", f"p{n}")
    os.makedirs(d, exist_ok=True)
    csv = os.path.join(d, "portfolio.csv")
    if not os.path.exists(csv):
        subprocess.run([BENCH, "--dir", d, "--projects", str(n), "--csv-only"], check=True,
                       stdout=subprocess.DEVNULL)
    dbs = {}
    for build, binary in builds.items():
        db = dbs[build] = os.path.join(d, f"zoeken-{build}.sqlite")
        if not os.path.exists(db):
            for cmd in (["init"], ["projects", "import", csv, "--as", "admin"]):
                subprocess.run([binary, "--db", db, *cmd], check=True, env=ENV,
                               stdout=subprocess.DEVNULL)
    port = 18_731
    base = f"http://127.0.0.1:{port}"
    results = []
    for r in range(1, rounds + 1):
        for build, binary in builds.items():
            p = serve(binary, dbs[build], port)
            try:
                ready(base, p.pid)
                for name, path in PATHS:
                    row = {"round": r, "build": build, "read": name, "load_before": load()}
                    c0 = cpu_s(p.pid)
                    w = wrk(base + path, conns, seconds)
                    cpu = cpu_s(p.pid) - c0
                    row.update(rps=w["requests"] / w["seconds"], p50_ms=w["p50_ms"],
                               p99_ms=w["p99_ms"], errors=w["errors"] + w["non2xx"],
                               cpu_ms_per_request=1000 * cpu / max(w["requests"], 1),
                               load_after=load())
                    print(json.dumps(row), flush=True)
                    results.append(row)
            finally:
                p.terminate()
                p.wait(timeout=30)
    print()
    print(f"{n} projects, {conns} connections, wrk -t2, {seconds} s per run, zoekvragen.lua")
    print()
    print("| round | build | read | req/s | p50 ms | p99 ms | errors | server CPU ms / request"
          " | load before → after |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---|")
    for x in results:
        print(f"| {x['round']} | {x['build']} | {x['read']} | {x['rps']:,.0f} | {x['p50_ms']:.1f}"
              f" | {x['p99_ms']:.1f} | {x['errors']} | {x['cpu_ms_per_request']:.2f}"
              f" | {x['load_before']:.1f} → {x['load_after']:.1f} |")


if __name__ == "__main__":
    main()
