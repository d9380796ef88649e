#!/usr/bin/env python3
"""The tools a funder or analyst would otherwise use on the same portfolio, in the same run:
SQLite FTS5 for full-text search and datasketch's MinHash LSH for near-duplicates.

    python3 portfolio.py DIR      # DIR holds portfolio.csv and queries.txt (gemeten-portfolio-bench)

Prints one JSON object with the measurements.
"""

import csv
import json
import re
import sqlite3
import statistics
import sys
import time


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def fts5(rows, queries):
    t = time.perf_counter()
    con = sqlite3.connect(":memory:")
    # unicode61 with diacritics removed: SQLite's best built-in for Dutch (it has no Dutch
    # stemmer; porter is English only).
    con.execute(
        "CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, title, summary, partners, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    con.executemany(
        "INSERT INTO p VALUES (?, ?, ?, ?)",
        ((r["id"], r["title"], r["summary"], r["partners"]) for r in rows),
    )
    con.commit()
    index_s = time.perf_counter() - t
    lat, hits = [], 0
    for q in queries:
        # Any of the words, best first (bm25), as gemeten's default query does.
        match = " OR ".join('"%s"' % w for w in q.split())
        t = time.perf_counter()
        hits += len(
            con.execute(
                "SELECT id FROM p WHERE p MATCH ? ORDER BY bm25(p, 2.0, 1.0, 1.0) LIMIT 10",
                (match,),
            ).fetchall()
        )
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, round((len(lat) - 1) * p))]
    return {
        "fts5_index_s": index_s,
        "fts5_p50_ms": pct(0.5),
        "fts5_p95_ms": pct(0.95),
        "fts5_p99_ms": pct(0.99),
        "fts5_hits_per_query": hits / len(queries),
    }


WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    words = WORD.findall(text.lower())
    if len(words) < 2:
        return set(words)
    return {a + " " + b for a, b in zip(words, words[1:])}


def datasketch_duplicates(rows, threshold=0.6):
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=80)
    sets, hashes = [], []
    for i, r in enumerate(rows):
        s = shingles(r["title"] + "\n" + r["summary"])
        m = MinHash(num_perm=80)
        m.update_batch([x.encode("utf-8") for x in s])
        lsh.insert(i, m)
        sets.append(s)
        hashes.append(m)
    pairs = 0
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j <= i or rows[i]["funder"] == rows[j]["funder"]:
                continue
            a, b = sets[i], sets[j]
            if len(a & b) / max(1, len(a | b)) >= threshold:
                pairs += 1
    return {"datasketch_s": time.perf_counter() - t, "datasketch_pairs": pairs}


def main(argv):
    if not argv:
        sys.exit(__doc__)
    d = argv[0]
    t = time.perf_counter()
    rows = load(d + "/portfolio.csv")
    out = {"csv_read_s": time.perf_counter() - t}
    with open(d + "/queries.txt", encoding="utf-8") as f:
        queries = [q for q in f.read().split("\n") if q]
    out.update(fts5(rows, queries))
    if "--no-datasketch" not in argv:
        out.update(datasketch_duplicates(rows))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
