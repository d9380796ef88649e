#!/usr/bin/env python3
"""Curator's check of data/referentie/*.toml: syntax, ids, and that each record's text
stands in the cited lines of its seed document. Usage: tools/check_reference.py [SEEDS_DIR]"""
import glob, os, re, sys, tomllib, unicodedata

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data", "referentie")
seeds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data", "bronnen")

def norm(s):
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"-\s*\n\s*", "", s)          # hyphenation at line ends
    s = re.sub(r"[^0-9a-zà-ÿ]+", "", s)       # keep letters and digits only
    return s

docs = {}
for p in glob.glob(os.path.join(seeds, "*.txt")):
    docs[os.path.basename(p)[:3]] = open(p, encoding="utf-8").read().split("\n")

TEXT_FIELDS = ["text_nl", "name_nl", "description_nl", "what_nl", "title_nl", "name"]
errors = 0
seen = {}
for path in sorted(glob.glob(os.path.join(data, "*.toml"))):
    with open(path, "rb") as f:
        try:
            doc = tomllib.load(f)
        except Exception as e:
            print(f"{path}: TOML error: {e}"); errors += 1; continue
    for table, rows in doc.items():
        for i, r in enumerate(rows):
            key = r.get("id", r.get("code", f"{r.get('from')}->{r.get('to')}"))
            if (table, key) in seen:
                print(f"{path}: {table} {key}: duplicate id (also in {seen[(table, key)]})"); errors += 1
            seen[(table, key)] = os.path.basename(path)
            src = r.get("source")
            if not src:
                print(f"{path}: {table} {key}: no source"); errors += 1; continue
            m = re.fullmatch(r"(\d+)-(\d+)", str(src.get("lines", "")))
            if not m or src.get("doc") not in docs:
                print(f"{path}: {table} {key}: bad source {src}"); errors += 1; continue
            a, b = int(m[1]), int(m[2])
            span = norm("\n".join(docs[src["doc"]][a - 1:b]))
            for fld in TEXT_FIELDS:
                if fld in r and table not in ("organisatie",):
                    probe = norm(r[fld])[:60]
                    if probe and probe not in span:
                        print(f"{path}: {table} {key}: {fld} not found in {src['doc']} lines {a}-{b}: {r[fld][:60]!r}")
                        errors += 1
                    break
print(f"{len(seen)} records, {errors} problems")
sys.exit(1 if errors else 0)
