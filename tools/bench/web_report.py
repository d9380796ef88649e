#!/usr/bin/env python3
"""Runs the web load benchmark (see web.sh) and prints the table for BENCHMARKS.md."""

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

PORT, NGINX_PORT = 18080, 18081
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_json.lua")


def gemeten(db, *args):
    subprocess.run(["target/release/gemeten", "--db", db, *args], check=True,
                   stdout=subprocess.DEVNULL)


def get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        body = r.read()
    return body, time.perf_counter() - start


def wrk(url, conns, seconds):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "-s", LUA, url],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(d, n, conns, seconds):
    d = os.path.abspath(d)
    db = os.path.join(d, "web.sqlite")
    marker = os.path.join(d, "projects.txt")
    # The database is kept between runs of the same size (setting it up takes minutes).
    if not (os.path.exists(marker) and open(marker).read() == n):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        t = time.perf_counter()
        subprocess.run(["target/release/gemeten-portfolio-bench", "--dir", d, "--projects", n,
                        "--csv-only"], check=True)
        gemeten(db, "init")
        gemeten(db, "projects", "import", os.path.join(d, "portfolio.csv"))
        print(f"set up {n} projects in {time.perf_counter() - t:.0f} s")
        with open(marker, "w") as f:
            f.write(n)
    shutil.rmtree(os.path.join(d, "www"), ignore_errors=True)

    server = subprocess.Popen(
        ["target/release/gemeten", "--db", db, "serve", "--addr", f"127.0.0.1:{PORT}",
         "--admin-password", "benchmark-wachtwoord"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    nginx = None
    try:
        server.stdout.readline()
        base = f"http://127.0.0.1:{PORT}"
        # The first read loads the portfolio snapshot; every later one reuses it.
        _, cold_s = get(base + "/missies/II")
        first_id = json.loads(get(base + "/api/v1/projecten?limiet=1")[0])[0]["id"]
        paths = [
            ("mission page `/missies/II`", "/missies/II"),
            ("overview page `/`", "/"),
            ("project page `/projecten/{id}`", f"/projecten/{first_id}"),
            ("`GET /api/v1/missies`", "/api/v1/missies"),
            ("`GET /api/v1/missies/II/synthese`", "/api/v1/missies/II/synthese"),
            ("`GET /api/v1/projecten?missie=II&limiet=50`", "/api/v1/projecten?missie=II&limiet=50"),
            ("`GET /api/v1/projecten/{id}`", f"/api/v1/projecten/{first_id}"),
        ]
        rows = []
        for label, path in paths:
            size = len(get(base + path)[0])
            rows.append((label, size, wrk(base + path, conns, seconds)))

        # The same mission page as a static file from nginx.
        www = os.path.abspath(os.path.join(d, "www"))
        os.makedirs(www)
        page = get(base + "/missies/II")[0]
        with open(os.path.join(www, "missie.html"), "wb") as f:
            f.write(page)
        conf = os.path.abspath(os.path.join(d, "nginx.conf"))
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2; daemon off; pid {d}/nginx.pid; error_log /dev/null;
events {{ worker_connections 1024; }}
http {{ access_log off; server {{ listen 127.0.0.1:{NGINX_PORT}; root {www};
  location / {{ default_type text/html; }} }} }}
""")
        nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", conf, "-p", os.path.abspath(d)],
                                 stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        static = wrk(f"http://127.0.0.1:{NGINX_PORT}/missie.html", conns, seconds)
    finally:
        server.terminate()
        server.wait()
        if nginx:
            nginx.terminate()
            nginx.wait()

    print(f"\n{n} projects, {conns} connections, {seconds} s per row,"
          f" wrk -t2 on the same 2 cores; first mission page after start (loads the snapshot):"
          f" {cold_s:.2f} s\n")
    print("| read | body | requests/s | p50 | p90 | p99 | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")

    def row(label, size, r):
        rps = r["requests"] / r["seconds"]
        print(f"| {label} | {size / 1024:,.0f} KiB | {rps:,.0f} | {r['p50_ms']:.1f} ms |"
              f" {r['p90_ms']:.1f} ms | {r['p99_ms']:.1f} ms | {r['errors'] + r['non2xx']} |")

    for label, size, r in rows:
        row(label, size, r)
    row("nginx, the same mission page as a static file", len(page), static)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
