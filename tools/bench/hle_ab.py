#!/usr/bin/env python3
"""Two builds of gemeten on one microdata file, interleaved run by run: the 1 -> N thread
speed-up of each, end to end (process against process) and in process (gemeten-hle-bench),
so that a change to the serial part of a run can be told from the noise of a shared machine.

    python3 tools/bench/hle_ab.py BEFORE_DIR AFTER_DIR FILE [--threads 1,2] [--rounds 20]

BEFORE_DIR and AFTER_DIR each hold the release binaries `gemeten` and `gemeten-hle-bench`
(copy them out of target-rel/release/ after each build). Every round runs each build at
each thread count once, `gemeten hle FILE --by sex,ses,region --threads N --json --out ...`
and `gemeten-hle-bench`, in an order that rotates from round to round; wall time and CPU
time (user + system) come from wait4. The JSON of both builds must be the same bytes, or no
time is printed. Printed per build: medians over the rounds, the speed-up of the medians,
and the spread of the speed-up over rounds (each round's own 1-thread time over its own
N-thread time: min, quartiles, max), with the load average at the start and end.
"""

import hashlib
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hle import option, timed_cpu  # noqa: E402  (hle.py's option reader and timing)

BY = "sex,ses,region"


def timed(cmd):
    """Wall seconds and CPU seconds (user + system) of one child process."""
    wall, _, cpu = timed_cpu(cmd)
    return wall, cpu


def quartiles(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
    return xs[0], q[0], q[1], q[2], xs[-1]


def main(argv):
    threads = [int(t) for t in option(argv, "--threads", "1,2").split(",")]
    rounds = int(option(argv, "--rounds", "20"))
    if len(argv) != 3:
        sys.exit("usage: hle_ab.py BEFORE_DIR AFTER_DIR FILE [--threads 1,2] [--rounds 20]")
    before, after, path = argv
    tmp = os.environ.get("TMPDIR", "/tmp")
    builds = {"before": before, "after": after}
    jobs = []
    for name, d in builds.items():
        for t in threads:
            out = f"{tmp}/hle_ab_{name}_{t}.json"
            jobs.append(((name, "e2e", t), [f"{d}/gemeten", "hle", path, "--by", BY,
                                            "--threads", str(t), "--json", "--out", out], out))
            bout = f"{tmp}/hle_ab_{name}_{t}_bench.json"
            jobs.append(((name, "bench", t), [f"{d}/gemeten-hle-bench", path, "--by", BY,
                                              "--threads", str(t), "--out", bout], bout))
    for _, cmd, _ in jobs:
        timed(cmd)  # warm-up: file in the page cache, binaries loaded
    digests = {}
    for (name, kind, t), _, out in jobs:
        if kind == "e2e":
            with open(out, "rb") as f:
                digests[(name, t)] = hashlib.sha256(f.read()).hexdigest()
    if len(set(digests.values())) != 1:
        sys.exit(f"the builds' JSON differ: {digests}")
    load_start = os.getloadavg()
    wall = {key: [] for key, _, _ in jobs}
    cpu = {key: [] for key, _, _ in jobs}
    inside = {key: [] for key, _, _ in jobs}
    for r in range(rounds):
        order = jobs[r % len(jobs):] + jobs[: r % len(jobs)]
        for key, cmd, out in order:
            w, c = timed(cmd)
            wall[key].append(w)
            cpu[key].append(c)
            if key[1] == "bench":
                with open(out) as f:
                    inside[key].append(json.load(f)["seconds"])
    load_end = os.getloadavg()
    t1, tn = threads[0], threads[-1]
    print(f"file: {path}; {rounds} rounds after a warm-up; JSON identical between builds")
    print(f"load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}, "
          f"at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}\n")
    print("| build | measure | threads | median s | min s | CPU s (median) |")
    print("|---|---|---:|---:|---:|---:|")
    for name in builds:
        for kind, label, series in (("e2e", "end to end", wall), ("bench", "in process", inside)):
            for t in threads:
                xs = series[(name, kind, t)]
                print(f"| {name} | {label} | {t} | {statistics.median(xs):.4f} | {min(xs):.4f} "
                      f"| {statistics.median(cpu[(name, kind, t)]):.4f} |")
    print(f"\n| build | measure | speed-up {t1} → {tn}, medians | per round: min / q1 / median / q3 / max |")
    print("|---|---|---:|---|")
    for name in builds:
        for kind, label, series in (("e2e", "end to end", wall), ("bench", "in process", inside)):
            a, b = series[(name, kind, t1)], series[(name, kind, tn)]
            per_round = [x / y for x, y in zip(a, b)]
            lo, q1, med, q3, hi = quartiles(per_round)
            print(f"| {name} | {label} | {statistics.median(a) / statistics.median(b):.3f}× "
                  f"| {lo:.2f} / {q1:.2f} / {med:.3f} / {q3:.2f} / {hi:.2f} |")
    a = [x / y for x, y in zip(wall[("before", "e2e", tn)], wall[("after", "e2e", tn)])]
    lo, q1, med, q3, hi = quartiles(a)
    print(f"\nend to end at {tn} threads, before / after per round: "
          f"{lo:.3f} / {q1:.3f} / {med:.3f} / {q3:.3f} / {hi:.3f} (min / q1 / median / q3 / max)")


if __name__ == "__main__":
    main(sys.argv[1:])
