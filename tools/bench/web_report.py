#!/usr/bin/env python3
"""Runs the web load benchmark (see web.sh) and prints the table for BENCHMARKS.md.

Arguments: DIR PROJECTS CONNECTIONS SECONDS. Environment:
  LOGIN=1      adds the logged-in columns (a session cookie from logging in through the form);
  PG_URL=...   adds the PostgreSQL columns (a second server on that database, filled here
               with the same projects);
  PSQL=...     psql, to count PostgreSQL's audit entries after the writes;
  ROUTES=all   every page kind and API read (default); ROUTES=growth a smaller set;
  WRITES=1     the write run: 20 editors of different projects (EDITORS=) over the API;
  GEMETEN_BIN  the gemeten binary (default target/release/gemeten), to measure another build;
  JSON_OUT     also write the results as JSON to this file (web_growth.py reads it);
  ONLY=REGEX   only the reads whose path matches REGEX (e.g. '^/$|/missies/II$|projecten/p').

Before the reads, every server is given time to finish what it starts in the background
after a start (building its search index, the FAIR package): the first rows were measured
while that ran (issue 13: the overview page's p99 of 75-166 ms). How long that took is in
the setup line (`*_warm_up_s`).
"""

import csv as csvmod
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

PORT, PG_PORT, NGINX_PORT = 18080, 18082, 18081
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_json.lua")
PATHS_LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_paden.lua")
VRAGEN_LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zoekvragen.lua")
# Reads spread over many keys: this many projects (a fixed sample) or search queries.
VARIED = 2000
TARGET = os.environ.get("TARGET") or os.environ.get("CARGO_TARGET_DIR") or "target"
GEMETEN = os.path.abspath(os.environ.get("GEMETEN_BIN") or os.path.join(TARGET, "release", "gemeten"))
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
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            body = r.read()
    except urllib.error.HTTPError as e:
        # A route this build does not have (the "before" build): measured all the same,
        # and marked by its status.
        body = e.read()
        return body, time.perf_counter() - start, e.code
    return body, time.perf_counter() - start, 200


def wrk(url, conns, seconds, header=None, paths=None):
    """wrk on `url`; with `paths` (a file of paths, one per line) on those paths in turn."""
    extra = ["-H", header] if header else []
    env = dict(os.environ, WRK_PATHS=paths) if paths else None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "-s", PATHS_LUA if paths else LUA,
         *extra, url],
        check=True, capture_output=True, text=True, env=env).stdout
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


# Every page kind and API read. (label, path, in the growth set)
def routes(first_id):
    return [
        ("page: overview `/`", "/", True),
        ("page: mission `/missies/II`", "/missies/II", True),
        ("page: synthesis `/missies/II/synthese` (one page of 100)", "/missies/II/synthese", True),
        ("page: project list `/projecten?missie=II`", "/projecten?missie=II", False),
        ("page: project `/projecten/{id}`", f"/projecten/{first_id}", True),
        ("page: KPI explorer, regional comparison `/kpi?…&regio=alle-ggd`",
         "/kpi?kpi=gezonde_levensverwachting&regio=alle-ggd", True),
        ("page: KPI explorer, one region `/kpi?…&regio=NL01`",
         "/kpi?kpi=gezonde_levensverwachting&regio=NL01", False),
        ("map `/kpi.svg?…&regio=alle-ggd`",
         "/kpi.svg?kpi=gezonde_levensverwachting&regio=alle-ggd", False),
        ("page: indicator `/kpi/gezonde_levensverwachting`", "/kpi/gezonde_levensverwachting", True),
        ("page: area profile `/gebieden/GG3406`", "/gebieden/GG3406", False),
        ("page: innovations `/innovaties`", "/innovaties", False),
        ("page: search `/zoeken?q=diabetes` (one query, repeated)", "/zoeken?q=diabetes", False),
        (f"page: search, {VARIED:,} different queries in turn", "/zoeken?q=<varied>", True),
        (f"page: search in English (two stems a word), {VARIED:,} different queries in turn",
         "/zoeken?lang=en&q=<varied>", True),
        (f"page: project, {VARIED:,} different projects in turn", "/projecten/<varied>", True),
        ("`GET /api/v1/missies`", "/api/v1/missies", False),
        ("`GET /api/v1/missies/II`", "/api/v1/missies/II", False),
        ("`GET /api/v1/missies/II/synthese` (default page of 100)", "/api/v1/missies/II/synthese", True),
        ("`GET /api/v1/projecten?missie=II&limiet=50`", "/api/v1/projecten?missie=II&limiet=50", True),
        ("`GET /api/v1/projecten/{id}`", f"/api/v1/projecten/{first_id}", True),
        (f"`GET /api/v1/zoeken`, {VARIED:,} different queries in turn", "/api/v1/zoeken?q=<varied>", False),
        (f"`GET /api/v1/projecten/{{id}}`, {VARIED:,} different projects in turn",
         "/api/v1/projecten/<varied>", False),
        ("`GET /api/v1/kpi/gezonde_levensverwachting`", "/api/v1/kpi/gezonde_levensverwachting", False),
        ("`GET /api/v1/gebieden/GG3406`", "/api/v1/gebieden/GG3406", False),
    ]


def varied_paths(d, n):
    """Files of VARIED paths per varied read: projects drawn with a fixed seed from the
    generator's ids (p0000000 …), and the 2 000 queries of zoekvragen.lua."""
    rng = random.Random(13)
    ids = [f"p{i:07}" for i in rng.sample(range(n), min(VARIED, n))]
    queries = re.findall(r'^  "([^"]+)",?$', open(VRAGEN_LUA, encoding="utf-8").read(), re.M)
    files = {}
    for prefix, keys in [("/projecten/", ids), ("/api/v1/projecten/", ids),
                         ("/zoeken?q=", queries), ("/zoeken?lang=en&q=", queries),
                         ("/api/v1/zoeken?q=", queries)]:
        f = os.path.join(d, "paden-" + re.sub(r"\W+", "-", prefix).strip("-") + ".txt")
        with open(f, "w", encoding="utf-8") as out:
            out.writelines(prefix + urllib.parse.quote(k, safe="+") + "\n" for k in keys)
        files[prefix] = f
    return files


def token(db, cwd=None):
    """An API token of admin, made with the command line."""
    out = subprocess.run([GEMETEN, "--db", db, "--json", "users", "token", "admin", "--as", "admin"],
                         check=True, capture_output=True, text=True, env=ENV, cwd=cwd).stdout
    return json.loads(out)["token"]


def audit_count(db, pg):
    if pg:
        out = subprocess.run([os.environ.get("PSQL", "psql"), db, "-tAc", "SELECT count(*) FROM audit"],
                             check=True, capture_output=True, text=True).stdout
        return int(out.strip())
    import sqlite3
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        c.close()


def writes(port, tok, ids, seconds):
    """Editors, each changing its own project's TRL (3 <-> 4) over the API as fast as it can,
    for `seconds`: [latency per write], errors."""
    import threading
    lat, errors, changes, lock = [], [], [0], threading.Lock()
    stop = time.perf_counter() + seconds

    def editor(pid):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        trl, mine, errs, changed = 3, [], [], [0]
        while time.perf_counter() < stop:
            trl = 7 - trl
            body = json.dumps({"trl": trl})
            t = time.perf_counter()
            try:
                c.request("PUT", f"/api/v1/projecten/{pid}", body=body, headers={
                    "Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
                r = c.getresponse()
                answer = r.read()
                if r.status != 200:
                    errs.append(r.status)
                    continue
                # A write that changed nothing (the project already had that TRL) is not
                # audited: count the ones that changed something.
                if json.loads(answer).get("changed"):
                    changed[0] += 1
            except OSError as e:
                errs.append(str(e))
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - t)
        with lock:
            lat.extend(mine)
            errors.extend(errs)
            changes[0] += changed[0]

    threads = [threading.Thread(target=editor, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors, changes[0]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))] * 1000 if xs else float("nan")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid, limit=300.0):
    """Waits until the server at `pid` used under 5 % of a core for 2 s in a row (its
    background work after a start is done); seconds waited."""
    t = time.perf_counter()
    quiet = 0
    while time.perf_counter() - t < limit:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        quiet = quiet + 1 if cpu_seconds(pid) - before < 0.025 else 0
        if quiet >= 4:
            break
    return time.perf_counter() - t


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(d, n, conns, seconds):
    d = os.path.abspath(d)
    db = os.path.join(d, "web.sqlite")
    csv = os.path.join(d, "portfolio.csv")
    marker = os.path.join(d, "projects.txt")
    want = f"{MARKER_VERSION} {n}"
    pg_url = os.environ.get("PG_URL") or None
    with_login = os.environ.get("LOGIN", "1") == "1"
    which = os.environ.get("ROUTES", "all")
    with_writes = os.environ.get("WRITES", "1") == "1"
    editors = int(os.environ.get("EDITORS", "20"))
    setup = {}
    # The SQLite database is kept between runs of the same size (setting it up takes minutes).
    if not (os.path.exists(marker) and open(marker).read() == want):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        t = time.perf_counter()
        subprocess.run([os.path.abspath(os.path.join(TARGET, "release", "gemeten-portfolio-bench")), "--dir", d,
                        "--projects", n, "--csv-only"], check=True, stdout=subprocess.DEVNULL)
        print(f"generated {n} projects in {time.perf_counter() - t:.0f} s", file=sys.stderr)
        setup["sqlite_import_s"] = import_projects(db, csv)
        print(f"SQLite: init and import in {setup['sqlite_import_s']:.0f} s", file=sys.stderr)
        with open(marker, "w") as f:
            f.write(want)
    setup["sqlite_mib"] = os.path.getsize(db) / 2**20
    shutil.rmtree(os.path.join(d, "www"), ignore_errors=True)
    # PostgreSQL: a throwaway server (web.sh), filled the same way on every run. The search
    # index of a PostgreSQL store is written to the working directory: pgwork/.
    pgwork = os.path.join(d, "pgwork")
    if pg_url:
        shutil.rmtree(pgwork, ignore_errors=True)
        os.makedirs(pgwork)
        took = import_projects(pg_url, csv, cwd=pgwork, part=PG_PART)
        setup["pg_import_s"] = took
        print(f"PostgreSQL: init and import in parts of {PG_PART} in {took:.0f} s", file=sys.stderr)

    servers, nginx = [], None
    results_rows, write_rows = [], []
    try:
        server = start_server(db, PORT, os.path.join(d, "serve-sqlite.log"))
        servers.append(server)
        base = f"http://127.0.0.1:{PORT}"
        pg_base = f"http://127.0.0.1:{PG_PORT}"
        if pg_url:
            servers.append(start_server(pg_url, PG_PORT, os.path.join(d, "serve-pg.log"),
                                        cwd=pgwork))
        # The first read loads the portfolio snapshot; every later one reuses it.
        setup["sqlite_first_page_s"] = get(base + "/missies/II")[1]
        if pg_url:
            setup["pg_first_page_s"] = get(pg_base + "/missies/II")[1]
        # Background work after a start (the search index, the FAIR package) first.
        setup["sqlite_warm_up_s"] = wait_until_idle(servers[0].pid)
        if pg_url:
            setup["pg_warm_up_s"] = wait_until_idle(servers[1].pid)
        cookie = login(PORT) if with_login else None
        pg_cookie = login(PG_PORT) if (with_login and pg_url) else None
        if cookie and b"Uitloggen" not in get(base + "/", cookie)[0]:
            raise SystemExit("the session cookie does not log in")
        first_id = json.loads(get(base + "/api/v1/projecten?limiet=1")[0])[0]["id"]
        only = os.environ.get("ONLY")
        paths = [(label, path) for label, path, growth in routes(first_id)
                 if (which == "all" or growth) and (not only or re.search(only, path))]
        # Per read, the columns one after the other, so that a change in the machine's load
        # during the run falls on all columns of a row alike.
        columns = [("anon", base, None)]
        if cookie:
            columns.append(("login", base, cookie))
        if pg_url:
            columns.append(("pg", pg_base, None))
            if pg_cookie:
                columns.append(("pg_login", pg_base, pg_cookie))
        varied = varied_paths(d, int(n))
        for label, path in paths:
            sizes, results, status = {}, {}, {}
            listed = None
            if path.endswith("<varied>"):
                listed = varied[path[:-len("<varied>")]]
                path = open(listed).readline().strip()
            for col, b, ck in columns:
                body, _, st = get(b + path, ck)
                sizes[col], status[col] = len(body), st
                results[col] = wrk(b + path, conns, seconds, f"Cookie: {ck}" if ck else None,
                                   listed)
            results_rows.append((label, path, sizes, results, status))
            print(f"measured {label}", file=sys.stderr)
        # After the reads (a cached page is rendered once per portfolio version, and every
        # write makes a new one): the server's memory, then the writes.
        setup["sqlite_rss_mib"] = rss_mib(servers[0].pid)
        if pg_url:
            setup["pg_rss_mib"] = rss_mib(servers[1].pid)
        if with_writes:
            ids = [p["id"] for p in json.loads(
                get(base + f"/api/v1/projecten?limiet={editors}&pagina=2")[0])]
            for name, target, port, cwd in [("SQLite", db, PORT, None)] + (
                    [("PostgreSQL", pg_url, PG_PORT, pgwork)] if pg_url else []):
                tok = token(target, cwd=cwd)
                before = audit_count(target, target is pg_url)
                lat, errs, changed = writes(port, tok, ids, seconds)
                after = audit_count(target, target is pg_url)
                write_rows.append((name, len(lat), seconds, lat, errs, after - before, changed))
                print(f"measured writes on {name}", file=sys.stderr)

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

    cols = [c for c, _, _ in columns]
    names = {"anon": "SQLite anonymous", "login": "SQLite logged in",
             "pg": "PostgreSQL anonymous", "pg_login": "PostgreSQL logged in"}
    print(f"\n{n} projects, {conns} connections, {seconds} s per cell, wrk -t2 on the same 2"
          f" cores; first mission page after start (loads the snapshot): SQLite"
          f" {setup['sqlite_first_page_s']:.2f} s"
          + (f", PostgreSQL {setup['pg_first_page_s']:.2f} s" if pg_url else "") + "\n")
    print("| read | body | " + " | ".join(f"{names[c]} req/s | p50 / p99" for c in cols)
          + " | errors |")
    print("|---|---:|" + "---:|---:|" * len(cols) + "---:|")

    def kib(b):
        return f"{b / 1024:,.0f} KiB"

    def cell(r):
        return (f"{r['requests'] / r['seconds']:,.0f} |"
                f" {r['p50_ms']:.1f} / **{r['p99_ms']:.1f}** ms")

    for label, path, sizes, results, status in results_rows:
        body = kib(sizes["anon"])
        if "login" in sizes and kib(sizes["login"]) != body:
            body += f" (logged in {kib(sizes['login'])})"
        if "pg" in sizes and abs(sizes["pg"] - sizes["anon"]) > 0.01 * sizes["anon"]:
            body += f" (PostgreSQL {kib(sizes['pg'])})"
        if status["anon"] != 200:
            body += f" (status {status['anon']})"
        errors = " / ".join(str(results[c]["errors"] + results[c]["non2xx"]) for c in cols)
        print(f"| {label} | {body} | " + " | ".join(cell(results[c]) for c in cols)
              + f" | {errors} |")
    print(f"| nginx, the same mission page as a static file | {kib(len(page))} | {cell(static)} |"
          + " | |" * (len(cols) - 1) + f" {static['errors'] + static['non2xx']} |")
    if write_rows:
        print(f"\nWrites: {editors} editors, each changing its own project's TRL over the API"
              f" (`PUT /api/v1/projecten/{{id}}`, an API token, keep-alive), {seconds} s\n")
        print("| store | writes | writes/s | p50 / p99 | errors | writes that changed something |"
              " audit entries added |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, count, secs, lat, errs, audited, changed in write_rows:
            print(f"| {name} | {count:,} | {count / secs:,.0f} | {pct(lat, 50):.1f} /"
                  f" **{pct(lat, 99):.1f}** ms | {len(errs)} | {changed:,} | {audited:,} |")
    print(f"\nsetup: " + ", ".join(f"{k} {v:.1f}" for k, v in setup.items()))
    out = os.environ.get("JSON_OUT")
    if out:
        with open(out, "w") as f:
            json.dump({"projects": int(n), "setup": setup, "nginx": static,
                       "reads": [{"label": lb, "path": p, "sizes": sz, "results": r, "status": st}
                                 for lb, p, sz, r, st in results_rows],
                       "writes": [{"store": nm, "writes": c, "seconds": sc,
                                   "p50_ms": pct(lt, 50), "p99_ms": pct(lt, 99),
                                   "errors": len(er), "audited": au, "changed": ch}
                                  for nm, c, sc, lt, er, au, ch in write_rows]}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
