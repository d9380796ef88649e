#!/usr/bin/env bash
# The portfolio at scale: 200 000 synthetic projects imported, indexed, searched,
# classified and checked for duplicates by gemeten, side by side with SQLite FTS5 and
# datasketch (MinHash LSH) on the same data. Prints the tables for BENCHMARKS.md.
#
#   bash tools/bench/portfolio.sh [PROJECTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200000}"
VENV=target/bench-venv
DIR=target/bench/portfolio

cargo build --release -q -p gemeten-cli -p gemeten-bench
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q datasketch==1.6.5 numpy==2.4.6

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || true)"
"$VENV/bin/python" tools/bench/portfolio_report.py "$DIR" "$N"
