#!/usr/bin/env python3
"""Runs the web load benchmark (see web.sh) and prints the table for BENCHMARKS.md.

Arguments: DIR PROJECTS CONNECTIONS SECONDS. Environment: LOGIN=1 adds the logged-in column
(a session cookie from logging in through the form), PG_URL=postgresql://... adds the
PostgreSQL column (a second server on that database, filled here with the same projects).
"""

import csv as csvmod
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

PORT, PG_PORT, NGINX_PORT = 18080, 18082, 18081
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_json.lua")
GEMETEN = os.path.abspath("target/release/gemeten")
PASSWORD = "benchmark-wachtwoord"
# Writes and the command line act as a user: `admin`, made with this password by the first
# command on a new database (GEMETEN_ADMIN_PASSWORD), logged in with it (GEMETEN_PASSWORD).
# RUST_LOG=warn: no request log line per request on the servers' stderr.
ENV = dict(os.environ, GEMETEN_ADMIN_PASSWORD=PASSWORD, GEMETEN_PASSWORD=PASSWORD,
           RUST_LOG="warn")
# Rebuild a kept database made by an older version of this script (no admin then).
MARKER_VERSION = "2"


def gemeten(db, *args, cwd=None):
    subprocess.run([GEMETEN, "--db", db, *args], check=True, stdout=subprocess.DEVNULL,
                   env=ENV, cwd=cwd)


def get(url, cookie=None):
    start = time.perf_counter()
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=600) as r:
        body = r.read()
    return body, time.perf_counter() - start


def wrk(url, conns, seconds, header=None):
    extra = ["-H", header] if header else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "-s", LUA, *extra, url],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# PostgreSQL gets the projects in parts of this many, one `projects import` each: in one
# transaction the import's per-statement change-counter trigger (UPDATE versie, once per
# inserted project) updates the same row over and over, and each update walks the chain of
# that row's earlier versions of the same transaction, so one import of 200 000 projects
# takes time quadratic in their number (75 000 projects took 6 min, all 200 000 would take
# some 40; see BENCHMARKS.md). In parts of 10 000 it takes 4 to 5 minutes.
PG_PART = 10_000


def split_csv(path, part):
    """`path` as files of at most `part` projects each (the header in every one)."""
    files = []
    with open(path, newline="", encoding="utf-8") as f:
        rows = csvmod.reader(f)
        header = next(rows)
        out = None
        for i, row in enumerate(rows):
            if i % part == 0:
                if out:
                    out.close()
                files.append(f"{path[:-len('.csv')]}-{len(files):03}.csv")
                out = open(files[-1], "w", newline="", encoding="utf-8")
                writer = csvmod.writer(out)
                writer.writerow(header)
            writer.writerow(row)
        if out:
            out.close()
    return files


def import_projects(db, csv, cwd=None, part=None):
    """`gemeten init` and `gemeten projects import` (in parts of `part`), as admin; seconds."""
    t = time.perf_counter()
    gemeten(db, "init", cwd=cwd)
    files = split_csv(csv, part) if part else [csv]
    try:
        for f in files:
            gemeten(db, "projects", "import", f, "--as", "admin", cwd=cwd)
    finally:
        for f in files:
            if f != csv and os.path.exists(f):
                os.remove(f)
    return time.perf_counter() - t


def start_server(db, port, log, cwd=None):
    server = subprocess.Popen(
        [GEMETEN, "--db", db, "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=open(log, "w"), text=True, env=ENV, cwd=cwd)
    # The address line says it listens (a first start would print the password before it).
    for line in server.stdout:
        if "http://" in line:
            return server
    raise SystemExit(f"gemeten serve --db {db} stopped; see {log}")


def login(port):
    """Logs in as admin through the form, as a browser does: the session cookie."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", "/inloggen")
    r = c.getresponse()
    html = r.read().decode()
    csrf_cookie = re.search(r"gemeten_csrf=([0-9a-f]+)", r.getheader("Set-Cookie") or "")
    field = re.search(r'name="csrf" value="([^"]+)"', html)
    if not (csrf_cookie and field):
        raise SystemExit("GET /inloggen gave no gemeten_csrf cookie or csrf field")
    body = urllib.parse.urlencode(
        {"username": "admin", "password": PASSWORD, "csrf": field.group(1)})
    c.request("POST", "/inloggen", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"gemeten_csrf={csrf_cookie.group(1)}"})
    r = c.getresponse()
    r.read()
    session = re.search(r"gemeten_sessie=([0-9a-f]+)", " ".join(
        v for k, v in r.getheaders() if k.lower() == "set-cookie"))
    if r.status != 303 or not session:
        raise SystemExit(f"POST /inloggen: {r.status}, no session cookie")
    return f"gemeten_sessie={session.group(1)}"


def main(d, n, conns, seconds):
    d = os.path.abspath(d)
    db = os.path.join(d, "web.sqlite")
    csv = os.path.join(d, "portfolio.csv")
    marker = os.path.join(d, "projects.txt")
    want = f"{MARKER_VERSION} {n}"
    pg_url = os.environ.get("PG_URL") or None
    with_login = os.environ.get("LOGIN", "1") == "1"
    # The SQLite database is kept between runs of the same size (setting it up takes minutes).
    if not (os.path.exists(marker) and open(marker).read() == want):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        t = time.perf_counter()
        subprocess.run([os.path.abspath("target/release/gemeten-portfolio-bench"), "--dir", d,
                        "--projects", n, "--csv-only"], check=True)
        print(f"generated {n} projects in {time.perf_counter() - t:.0f} s")
        print(f"SQLite: init and import in {import_projects(db, csv):.0f} s")
        with open(marker, "w") as f:
            f.write(want)
    shutil.rmtree(os.path.join(d, "www"), ignore_errors=True)
    # PostgreSQL: a throwaway server (web.sh), filled the same way on every run. The search
    # index of a PostgreSQL store is written to the working directory: pgwork/.
    pgwork = os.path.join(d, "pgwork")
    if pg_url:
        shutil.rmtree(pgwork, ignore_errors=True)
        os.makedirs(pgwork)
        took = import_projects(pg_url, csv, cwd=pgwork, part=PG_PART)
        print(f"PostgreSQL: init and import in parts of {PG_PART} in {took:.0f} s")

    servers, nginx = [], None
    try:
        server = start_server(db, PORT, os.path.join(d, "serve-sqlite.log"))
        servers.append(server)
        base = f"http://127.0.0.1:{PORT}"
        pg_base = f"http://127.0.0.1:{PG_PORT}"
        if pg_url:
            servers.append(start_server(pg_url, PG_PORT, os.path.join(d, "serve-pg.log"),
                                        cwd=pgwork))
        # The first read loads the portfolio snapshot; every later one reuses it.
        _, cold_s = get(base + "/missies/II")
        cold_pg = get(pg_base + "/missies/II")[1] if pg_url else None
        cookie = login(PORT) if with_login else None
        if cookie and b"Uitloggen" not in get(base + "/", cookie)[0]:
            raise SystemExit("the session cookie does not log in")
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
        # Per read, the columns one after the other, so that a change in the machine's load
        # during the run falls on all columns of a row alike.
        rows = []
        for label, path in paths:
            sizes = {"anon": len(get(base + path)[0])}
            results = {"anon": wrk(base + path, conns, seconds)}
            if cookie:
                sizes["login"] = len(get(base + path, cookie)[0])
                results["login"] = wrk(base + path, conns, seconds, f"Cookie: {cookie}")
            if pg_url:
                sizes["pg"] = len(get(pg_base + path)[0])
                results["pg"] = wrk(pg_base + path, conns, seconds)
            rows.append((label, sizes, results))
            print(f"measured {label}", file=sys.stderr)

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
        for s in servers:
            s.terminate()
            s.wait()
        if nginx:
            nginx.terminate()
            nginx.wait()

    cols = ["anon"] + (["login"] if cookie else []) + (["pg"] if pg_url else [])
    names = {"anon": "SQLite, anonymous", "login": "SQLite, logged in (session cookie)",
             "pg": "PostgreSQL, anonymous"}
    print(f"\n{n} projects, {conns} connections, {seconds} s per cell, wrk -t2 on the same 2"
          f" cores; first mission page after start (loads the snapshot): SQLite {cold_s:.2f} s"
          + (f", PostgreSQL {cold_pg:.2f} s" if pg_url else "") + "\n")
    print("| read | body | " + " | ".join(f"{names[c]} req/s | p50 / p99" for c in cols)
          + " | errors |")
    print("|---|---:|" + "---:|---:|" * len(cols) + "---:|")

    def kib(b):
        return f"{b / 1024:,.0f} KiB"

    def cell(r):
        return (f"{r['requests'] / r['seconds']:,.0f} |"
                f" {r['p50_ms']:.1f} / {r['p99_ms']:.1f} ms")

    for label, sizes, results in rows:
        body = kib(sizes["anon"])
        if "login" in sizes and kib(sizes["login"]) != body:
            body += f" (logged in {kib(sizes['login'])})"
        if "pg" in sizes and abs(sizes["pg"] - sizes["anon"]) > 0.01 * sizes["anon"]:
            body += f" (PostgreSQL {kib(sizes['pg'])})"
        errors = " / ".join(str(results[c]["errors"] + results[c]["non2xx"]) for c in cols)
        print(f"| {label} | {body} | " + " | ".join(cell(results[c]) for c in cols)
              + f" | {errors} |")
    print(f"| nginx, the same mission page as a static file | {kib(len(page))} | {cell(static)} |"
          + " | |" * (len(cols) - 1) + f" {static['errors'] + static['non2xx']} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
