#!/usr/bin/env python3
"""Healthy life expectancy for every sex x SES x region cell of a microdata file:
gemeten against DuckDB and Polars, end to end, in the same run.

    python3 hle.py scaling GEMETEN GEMETEN_HLE_BENCH FILE... [--threads 1,2] [--runs N] [--polars]
                                                            # scaling table (driver)
    python3 hle.py compare FILE GEMETEN_BINARY [--runs N]   # three tools, all cores (driver)
    python3 hle.py duckdb FILE OUT.json [THREADS]           # one DuckDB run (child)
    python3 hle.py scan FILE OUT.json [THREADS]             # DuckDB's bare scan (child)
    python3 hle.py polars FILE OUT.json                     # one Polars run (child)

Every run is a fresh process, timed from start to exit, with its peak resident memory
read from the kernel (wait4). For DuckDB and Polars the time inside Python (query plus
life tables, without interpreter start and imports) is reported as well. DuckDB and Polars sum the persons into counts per cell and
five-year age band; the life tables and the Sullivan step on those few thousand numbers
are done by `life_tables` below with numpy, with gemeten's conventions (Chiang II, a0 = 0.1,
half the width elsewhere, open band 85+ living l/m), so the three tools must agree to
rounding. The driver checks that they do before it prints any time.
"""

import json
import os
import statistics
import subprocess
import sys
import time

KEYS = ["sex", "ses", "region"]
STARTS = [0, 1] + list(range(5, 90, 5))  # 0, 1-4, 5-9, ..., 80-84, 85+


def life_tables(rows):
    """rows: dicts with the KEYS, band, deaths, exposure, health_n, good.
    Returns {key tuple: (e0, hle0)}."""
    import numpy as np

    groups = sorted({tuple(int(r[k]) for k in KEYS) for r in rows})
    index = {g: i for i, g in enumerate(groups)}
    band = {s: j for j, s in enumerate(STARTS)}
    shape = (len(groups), len(STARTS))
    deaths, exposure, health_n, good = (np.zeros(shape) for _ in range(4))
    for r in rows:
        i, j = index[tuple(int(r[k]) for k in KEYS)], band[int(r["band"])]
        deaths[i, j] += r["deaths"]
        exposure[i, j] += r["exposure"]
        health_n[i, j] += r["health_n"]
        good[i, j] += r["good"]
    mx = deaths / exposure
    width = np.array([1, 4] + [5] * (len(STARTS) - 3) + [0], dtype=float)
    ax = np.where(np.arange(len(STARTS)) == 0, 0.1, width / 2)
    lx = np.ones(len(groups)) * 100_000.0
    big_l = np.zeros(shape)
    for j in range(len(STARTS) - 1):
        n, a, m = width[j], ax[j], mx[:, j]
        q = np.minimum(n * m / (1 + (n - a) * m), 1.0)
        d = lx * q
        big_l[:, j] = n * (lx - d) + a * d
        lx = lx - d
    big_l[:, -1] = lx / mx[:, -1]
    e0 = big_l.sum(axis=1) / 100_000.0
    hle0 = (big_l * good / health_n).sum(axis=1) / 100_000.0
    return {g: (e0[i], hle0[i]) for g, i in index.items()}


BAND_SQL = """CASE WHEN age = 0 THEN 0 WHEN age < 5 THEN 1 WHEN age >= 85 THEN 85
                   ELSE (age // 5) * 5 END"""


def connect(threads):
    import duckdb

    config = {"threads": int(threads)} if threads else {}
    return duckdb.connect(config=config)


def run_duckdb(path, threads=None):
    con = connect(threads)
    q = f"""SELECT sex, ses, region, {BAND_SQL} AS band,
                   sum(died)::DOUBLE AS deaths, sum(exposure) AS exposure,
                   count(good_health)::DOUBLE AS health_n, sum(good_health)::DOUBLE AS good
            FROM read_parquet(?) GROUP BY ALL"""
    cur = con.execute(q, [path])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


SCAN_SQL = """SELECT count(*) AS n, min(sex), min(ses), min(region), min(age), sum(exposure),
                   sum(died), count(good_health) FROM read_parquet(?)"""


def run_scan(path, threads=None):
    """The floor: DuckDB reading and decoding the seven columns the task needs, with the
    cheapest aggregate that touches every value, no grouping."""
    con = connect(threads)
    return con.execute(SCAN_SQL, [path]).fetchone()[0]


def run_polars(path, threads=None):
    import polars as pl

    age = pl.col("age")
    band = (
        pl.when(age == 0)
        .then(0)
        .when(age < 5)
        .then(1)
        .when(age >= 85)
        .then(85)
        .otherwise((age // 5) * 5)
        .alias("band")
    )
    df = (
        pl.scan_parquet(path)
        .with_columns(band)
        .group_by(KEYS + ["band"])
        .agg(
            pl.col("died").sum().cast(pl.Float64).alias("deaths"),
            pl.col("exposure").sum().alias("exposure"),
            pl.col("good_health").count().cast(pl.Float64).alias("health_n"),
            pl.col("good_health").sum().cast(pl.Float64).alias("good"),
        )
        .collect()
    )
    return df.to_dicts()


def child(tool, path, out, threads=None):
    __import__("duckdb" if tool == "scan" else tool)  # imports are not part of the time
    __import__("numpy")
    start, cpu_start = time.perf_counter(), time.process_time()
    if tool == "scan":
        n = run_scan(path, threads)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        with open(out, "w") as f:
            json.dump({"seconds": seconds, "cpu": cpu, "rows": n}, f)
        return
    rows = {"duckdb": run_duckdb, "polars": run_polars}[tool](path, threads)
    result = life_tables(rows)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    with open(out, "w") as f:
        cells = [list(k) + list(v) for k, v in sorted(result.items())]
        json.dump({"seconds": seconds, "cpu": cpu, "cells": cells}, f)


def gemeten_result(out):
    with open(out) as f:
        doc = json.load(f)
    return {
        tuple(g[k] for k in KEYS): (g["e0"], g["hle0"])
        for g in doc["groups"]
        if g["suppressed"] is None
    }


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of one child process."""
    wall, rss, _ = timed_cpu(cmd, env)
    return wall, rss


def timed_cpu(cmd, env=None):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, all threads) of one
    child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed: {err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def compare(path, gemeten, runs):
    tmp = os.environ.get("TMPDIR", "/tmp")
    me = os.path.abspath(__file__)
    tools = {
        "gemeten hle": (
            [gemeten, "hle", path, "--by", ",".join(KEYS), "--json", "--out",
             f"{tmp}/hle_gemeten.json"],
            f"{tmp}/hle_gemeten.json",
        ),
        "DuckDB": ([sys.executable, me, "duckdb", path, f"{tmp}/hle_duckdb.json"],
                   f"{tmp}/hle_duckdb.json"),
        "Polars": ([sys.executable, me, "polars", path, f"{tmp}/hle_polars.json"],
                   f"{tmp}/hle_polars.json"),
    }
    results = {}
    for name, (cmd, _) in tools.items():
        timed(cmd)  # warm-up: file in the page cache, libraries loaded once
    # Interleave the runs so that drift on the machine hits every tool alike.
    samples = {name: [] for name in tools}
    inside = {name: [] for name in tools}
    for _ in range(runs):
        for name, (cmd, out) in tools.items():
            samples[name].append(timed(cmd))
            if name != "gemeten hle":
                with open(out) as f:
                    inside[name].append(json.load(f)["seconds"])
    reference = gemeten_result(tools["gemeten hle"][1])
    for name, (_, out) in tools.items():
        if name == "gemeten hle":
            results[name] = 0.0
            continue
        with open(out) as f:
            other = {tuple(r[:3]): (r[3], r[4]) for r in json.load(f)["cells"]}
        if set(other) != set(reference):
            sys.exit(f"{name}: other cells ({len(other)}) than gemeten ({len(reference)})")
        results[name] = max(
            max(abs(other[k][0] - reference[k][0]), abs(other[k][1] - reference[k][1]))
            for k in reference
        )
        if results[name] > 1e-6:
            sys.exit(f"{name} disagrees with gemeten by {results[name]} years")
    base = statistics.median(t for t, _ in samples["gemeten hle"])
    print(f"{len(reference)} cells (sex x SES x region), {runs} runs each after a warm-up\n")
    print(
        "| tool | median s | min s | max s | vs gemeten | in-process s | peak RSS MiB "
        "| max abs. diff. e0, hle0 (years) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, s in samples.items():
        times = [t for t, _ in s]
        med = statistics.median(times)
        rss = max(m for _, m in s)
        own = f"{statistics.median(inside[name]):.2f}" if inside[name] else "–"
        print(
            f"| {name} | {med:.2f} | {min(times):.2f} | {max(times):.2f} | "
            f"{med / base:.1f}× | {own} | {rss:.0f} | {results[name]:.1e} |"
        )


def option(argv, name, default):
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1]
        del argv[i : i + 2]
        return value
    return default


def scaling(argv):
    """For every file and thread count: gemeten against DuckDB, process against process and
    library against library (time inside the process), and DuckDB's bare scan of the same
    columns as the floor. No time is printed unless all agree on every cell."""
    threads = [int(t) for t in option(argv, "--threads", "1,2").split(",")]
    runs = int(option(argv, "--runs", "5"))
    polars = "--polars" in argv
    argv = [a for a in argv if a != "--polars"]
    gemeten, bench, files = argv[0], argv[1], argv[2:]
    tmp = os.environ.get("TMPDIR", "/tmp")
    me = os.path.abspath(__file__)
    by = ",".join(KEYS)
    header = (
        "| rows | threads | gemeten s | DuckDB s | DuckDB / gemeten | gemeten in-process s "
        "| DuckDB in-process s | DuckDB / gemeten in process | DuckDB bare scan s "
        "| gemeten in-process / scan | gemeten speed-up | gemeten RSS MiB | DuckDB RSS MiB "
        "| gemeten CPU s | gemeten in-process CPU s | DuckDB in-process CPU s | scan CPU s "
        "| gemeten in-process / scan, CPU |"
        + (" Polars s | Polars in-process s |" if polars else "")
        + " load before–after |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for path in files:
        first_gemeten = None
        for t in threads:
            out = {k: f"{tmp}/hle_{k}.json" for k in ("gemeten", "bench", "duckdb", "scan", "polars")}
            tools = {
                "gemeten": ([gemeten, "hle", path, "--by", by, "--threads", str(t), "--json",
                             "--out", out["gemeten"]], None),
                "bench": ([bench, path, "--by", by, "--threads", str(t), "--out", out["bench"]], None),
                "duckdb": ([sys.executable, me, "duckdb", path, out["duckdb"], str(t)], None),
                "scan": ([sys.executable, me, "scan", path, out["scan"], str(t)], None),
            }
            if polars:
                env = dict(os.environ, POLARS_MAX_THREADS=str(t))
                tools["polars"] = ([sys.executable, me, "polars", path, out["polars"]], env)
            for cmd, env in tools.values():
                timed(cmd, env)  # warm-up: file in the page cache, libraries loaded once
            load_before = os.getloadavg()[0]
            wall = {k: [] for k in tools}
            rss = {k: [] for k in tools}
            inside = {k: [] for k in tools}
            # CPU seconds: of the whole process for gemeten and gemeten-hle-bench (a Rust
            # process starts in a millisecond), of the query inside Python for the others.
            cpu = {k: [] for k in tools}
            for _ in range(runs):
                for k, (cmd, env) in tools.items():
                    w, m, c = timed_cpu(cmd, env)
                    wall[k].append(w)
                    rss[k].append(m)
                    if k in ("gemeten", "bench"):
                        cpu[k].append(c)
                    if k != "gemeten":
                        with open(out[k]) as f:
                            doc = json.load(f)
                        inside[k].append(doc["seconds"])
                        if k not in ("gemeten", "bench"):
                            cpu[k].append(doc["cpu"])
                    check(k, out)
            load_after = os.getloadavg()[0]
            med = {k: statistics.median(v) for k, v in wall.items()}
            own = {k: statistics.median(v) for k, v in inside.items() if v}
            mcpu = {k: statistics.median(v) for k, v in cpu.items() if v}
            if first_gemeten is None:
                first_gemeten = med["gemeten"]
            with open(out["scan"]) as f:
                n = json.load(f)["rows"]
            row = (
                f"| {n:,} | {t} | {med['gemeten']:.3f} | {med['duckdb']:.3f} "
                f"| {med['duckdb'] / med['gemeten']:.2f}× | {own['bench']:.3f} | {own['duckdb']:.3f} "
                f"| {own['duckdb'] / own['bench']:.2f}× | {own['scan']:.3f} "
                f"| {own['bench'] / own['scan']:.2f}× | {first_gemeten / med['gemeten']:.2f}× "
                f"| {max(rss['gemeten']):.0f} | {max(rss['duckdb']):.0f} "
                f"| {mcpu['gemeten']:.3f} | {mcpu['bench']:.3f} | {mcpu['duckdb']:.3f} "
                f"| {mcpu['scan']:.3f} | {mcpu['bench'] / mcpu['scan']:.2f}× |"
            )
            if polars:
                row += f" {med['polars']:.3f} | {own['polars']:.3f} |"
            row += f" {load_before:.1f}–{load_after:.1f} |"
            lines.append(row)
            print(row, file=sys.stderr, flush=True)
    print(f"{runs} runs each after a warm-up, medians; all tools agree on every cell\n")
    print("\n".join(lines))


def bench_result(out):
    with open(out) as f:
        doc = json.load(f)
    return {tuple(int(k) for k in g["key"]): (g["e0"], g["hle0"]) for g in doc["groups"]}


def check(tool, out):
    """Refuses (exits before any table) when a tool disagrees with `gemeten hle`."""
    reference = gemeten_result(out["gemeten"])
    if tool == "gemeten":
        return
    if tool == "scan":
        with open(out["gemeten"]) as f:
            persons = sum(g["persons"] for g in json.load(f)["groups"])
        with open(out["scan"]) as f:
            n = json.load(f)["rows"]
        if n != persons:
            sys.exit(f"DuckDB's scan counts {n} rows, gemeten {persons}: no times printed")
        return
    if tool == "bench":
        other = bench_result(out["bench"])
    else:
        with open(out[tool]) as f:
            other = {tuple(r[:3]): (r[3], r[4]) for r in json.load(f)["cells"]}
    if set(other) != set(reference):
        sys.exit(f"{tool}: other cells ({len(other)}) than gemeten ({len(reference)}): no times printed")
    worst = max(
        max(abs(other[k][0] - reference[k][0]), abs(other[k][1] - reference[k][1]))
        for k in reference
    )
    if worst > 1e-6:
        sys.exit(f"{tool} disagrees with gemeten by {worst} years: no times printed")


def main(argv):
    if len(argv) >= 3 and argv[0] in ("duckdb", "polars", "scan"):
        child(argv[0], argv[1], argv[2], argv[3] if len(argv) > 3 else None)
    elif len(argv) >= 4 and argv[0] == "scaling":
        scaling(argv[1:])
    elif len(argv) >= 3 and argv[0] == "compare":
        runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
        compare(argv[1], argv[2], runs)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
