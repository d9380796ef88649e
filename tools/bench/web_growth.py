#!/usr/bin/env python3
"""The growth table (web_growth.sh): one column per portfolio size, from web_report.py's JSON."""

import json
import sys


def main(files):
    runs = sorted((json.load(open(f)) for f in files), key=lambda r: r["projects"])
    sizes = [f"{r['projects']:,}" for r in runs]
    print("| cost | " + " | ".join(f"{s} projects" for s in sizes) + " |")
    print("|---|" + "---:|" * len(runs))

    def row(label, f):
        cells = []
        for r in runs:
            try:
                cells.append(f(r))
            except (KeyError, IndexError, TypeError, StopIteration):
                cells.append("")
        print(f"| {label} | " + " | ".join(cells) + " |")

    row("SQLite: init and import", lambda r: f"{r['setup']['sqlite_import_s']:.0f} s")
    row("SQLite: database file", lambda r: f"{r['setup']['sqlite_mib']:,.0f} MiB")
    row("PostgreSQL: init and import", lambda r: f"{r['setup']['pg_import_s']:.0f} s")
    row("server memory after the reads (RSS), SQLite",
        lambda r: f"{r['setup']['sqlite_rss_mib']:,.0f} MiB")
    row("server memory after the reads (RSS), PostgreSQL",
        lambda r: f"{r['setup']['pg_rss_mib']:,.0f} MiB")
    row("first mission page after a start, SQLite",
        lambda r: f"{r['setup']['sqlite_first_page_s']:.2f} s")
    row("first mission page after a start, PostgreSQL",
        lambda r: f"{r['setup']['pg_first_page_s']:.2f} s")
    names = {"anon": "anonymous", "login": "logged in", "pg": "PostgreSQL anonymous",
             "pg_login": "PostgreSQL logged in"}
    # The reads of the smallest run, found by label in the others (a full run measures more).
    for read in runs[0]["reads"]:
        for col in read["results"]:
            def cell(r, label=read["label"], col=col):
                x = next(x for x in r["reads"] if x["label"] == label)["results"][col]
                return f"{x['p99_ms']:.1f} ms ({x['requests'] / x['seconds']:,.0f}/s)"
            row(f"{read['label']}, {names[col]}: p99 (req/s)", cell)
    for j, w in enumerate(runs[0]["writes"]):
        row(f"writes, {w['store']}: p99 (writes/s; audited/written)",
            lambda r, j=j: (f"{r['writes'][j]['p99_ms']:.1f} ms"
                            f" ({r['writes'][j]['writes'] / r['writes'][j]['seconds']:,.0f}/s;"
                            f" {r['writes'][j]['audited']:,}/{r['writes'][j]['writes']:,})"))
    row("nginx, the mission page as a static file: p99 (req/s)",
        lambda r: f"{r['nginx']['p99_ms']:.1f} ms ({r['nginx']['requests'] / r['nginx']['seconds']:,.0f}/s)")


if __name__ == "__main__":
    main(sys.argv[1:])
