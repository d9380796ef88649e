#!/usr/bin/env bash
# Healthy life expectancy for every sex x SES x region cell of synthetic national microdata:
# gemeten against DuckDB (and Polars) in one run, per row count and thread count. Prints the
# scaling table for BENCHMARKS.md, with wall and CPU time (user + system) per contestant.
#
#   bash tools/bench/hle.sh [--rows 1800000,18000000] [--threads 1,2] [--runs 5]
#                           [--row-group 1048576 | --row-group one] [--polars]
#   bash tools/bench/hle.sh --compare [ROWS] [RUNS]   # the three tools on all cores
#
# Installs what it needs itself: a Python venv in target/bench-venv with DuckDB, Polars and
# numpy from PyPI; each microdata file is generated once into target/bench/ (18 M rows are
# 42 MB, 180 M rows 420 MB). `--row-group one` writes each file as a single row group.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="1800000,18000000"
THREADS="1,$(nproc)"
RUNS=5
ROW_GROUP=1048576
EXTRA=()
COMPARE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) ROWS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --row-group) ROW_GROUP="$2"; shift 2 ;;
        --polars) EXTRA+=(--polars); shift ;;
        --compare) COMPARE=1; shift; ROWS="${1:-18000000}"; RUNS="${2:-5}"; break ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
VENV=target/bench-venv
# CARGO_TARGET_DIR is honoured, so the release build can live beside a debug target.
TARGET="${CARGO_TARGET_DIR:-target}"

cargo build --release -q -p gemeten-cli -p gemeten-bench
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q duckdb==2.0.0 polars==2.1.0 numpy==2.4.6
mkdir -p target/bench
FILES=()
for rows in ${ROWS//,/ }; do
    if [ "$ROW_GROUP" = one ]; then
        file="target/bench/microdata_${rows}_one.parquet"; group="$rows"
    elif [ "$ROW_GROUP" = 1048576 ]; then
        file="target/bench/microdata_${rows}.parquet"; group=1048576
    else
        file="target/bench/microdata_${rows}_rg${ROW_GROUP}.parquet"; group="$ROW_GROUP"
    fi
    if [ ! -f "$file" ]; then
        "$TARGET"/release/gemeten-synth --rows "$rows" --row-group "$group" --out "$file"
    fi
    FILES+=("$file")
done

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "files: $(for f in "${FILES[@]}"; do echo -n "$f ($(du -h "$f" | cut -f1)) "; done)"
echo "versions: $("$VENV/bin/python" -c 'import duckdb, polars; print("duckdb", duckdb.__version__, "polars", polars.__version__)'), $("$TARGET"/release/gemeten --version), $(rustc --version)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$COMPARE" ]; then
    "$VENV/bin/python" tools/bench/hle.py compare "${FILES[0]}" "$TARGET"/release/gemeten --runs "$RUNS"
else
    "$VENV/bin/python" tools/bench/hle.py scaling "$TARGET"/release/gemeten "$TARGET"/release/gemeten-hle-bench \
        "${FILES[@]}" --threads "$THREADS" --runs "$RUNS" "${EXTRA[@]}"
fi
