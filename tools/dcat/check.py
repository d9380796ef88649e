#!/usr/bin/env python3
"""Validate a DCAT catalogue (JSON-LD) against the official DCAT-AP 3.0.1 SHACL shapes.

Usage: check.py CATALOGUE.jsonld

Prints one JSON object: for the mandatory shapes together with the range shapes
(`verplicht`) and for the recommended shapes (`aanbevolen`), the number of results per
severity and per property path, and the first messages. Exit code 0 whatever the outcome:
the caller (crates/cli/tests/dcat.rs) decides what must be zero."""

import collections
import json
import os
import sys

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

HERE = os.path.dirname(os.path.abspath(__file__))


def shapes(*names):
    g = Graph()
    for n in names:
        g.parse(os.path.join(HERE, "shapes", n), format="turtle")
    return g


def run(data, shacl):
    _, report, _ = validate(data, shacl_graph=shacl, inference="none", allow_warnings=True)
    per_path = collections.Counter()
    severity = collections.Counter()
    messages = []
    for r in report.subjects(predicate=SH.resultSeverity):
        sev = str(report.value(r, SH.resultSeverity)).split("#")[-1]
        path = str(report.value(r, SH.resultPath))
        severity[sev] += 1
        per_path[f"{sev} {path}"] += 1
        if len(messages) < 20:
            messages.append(f"{sev} {path} on {report.value(r, SH.focusNode)}: {report.value(r, SH.resultMessage)}")
    return {"severity": dict(severity), "per_path": dict(per_path), "messages": messages}


def main():
    data = Graph().parse(sys.argv[1], format="json-ld")
    out = {
        "triples": len(data),
        "verplicht": run(data, shapes("html_shacl_shapes.ttl", "html_shacl_range.ttl")),
        "aanbevolen": run(data, shapes("html_shacl_shapes_recommended.ttl")),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
