#!/usr/bin/env python3
"""Runs the portfolio benchmark's three parts and prints the tables (see portfolio.sh)."""

import json
import os
import sqlite3
import subprocess
import sys
import time


def run(cmd):
    """Stdout, wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed: {err.decode()}")
    return out.decode(), time.perf_counter() - start, usage.ru_maxrss / 1024


def main(d, n):
    g, _, g_rss = run(["target/release/gemeten-portfolio-bench", "--dir", d, "--projects", n])
    g = json.loads(g)
    db = os.path.join(d, "cli.sqlite")
    _, cli_s, cli_rss = run(
        ["target/release/gemeten", "--db", db, "projects", "import", os.path.join(d, "portfolio.csv")]
    )
    o, _, o_rss = run([sys.executable, os.path.join(os.path.dirname(__file__), "portfolio.py"), d])
    o = json.loads(o)
    print(f"\n{g['projects']} projects, CSV {g['csv_mb']:.0f} MB, SQLite {sqlite3.sqlite_version}\n")
    print("| step | gemeten | other tool | other |")
    print("|---|---:|---|---:|")
    print(f"| `gemeten projects import` end to end (read, validate, store, index) | {cli_s:.1f} s, {cli_rss:.0f} MiB | | |")
    print(f"| read + validate CSV | {g['read_validate_s']:.1f} s | Python `csv` read only | {o['csv_read_s']:.1f} s |")
    print(f"| store (SQLite, one transaction, history) | {g['store_s']:.1f} s | | |")
    print(f"| build full-text index | {g['index_s']:.1f} s | SQLite FTS5 (load + index) | {o['fts5_index_s']:.1f} s |")
    print(f"| search p50 / p95 / p99 ({g['queries']} queries, top 10) | {g['search_p50_ms']:.2f} / {g['search_p95_ms']:.2f} / {g['search_p99_ms']:.2f} ms | SQLite FTS5 bm25 | {o['fts5_p50_ms']:.2f} / {o['fts5_p95_ms']:.2f} / {o['fts5_p99_ms']:.2f} ms |")
    print(f"| suggest missions + questions | {g['classify_per_s']:,.0f} projects/s | | |")
    if "datasketch_s" in o:
        print(f"| near-duplicates across funders (Jaccard ≥ 0.6) | {g['duplicates_s']:.1f} s, {g['duplicate_pairs']} pairs | datasketch MinHash LSH | {o['datasketch_s']:.1f} s, {o['datasketch_pairs']} pairs |")
    print()
    print(f"Planted cross-funder duplicates found: {g['planted_found']} of {g['planted_cross_funder']}.")
    print(
        f"Mission suggestion, top-1 on {g['classify_holdout']} held-out labelled projects: "
        f"{g['classify_top1_register_only']:.0%} from the register's texts alone, "
        f"{g['classify_top1_learned']:.0%} after learning from the other labelled projects "
        f"({g['classify_learn_s']:.1f} s)."
    )
    print(f"Peak RSS: benchmark process {g_rss:.0f} MiB, Python tools {o_rss:.0f} MiB.")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
