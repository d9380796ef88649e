#!/usr/bin/env bash
# Healthy life expectancy for every sex x SES x region cell of 18 million synthetic persons:
# gemeten against DuckDB and Polars, in one run. Prints the table for BENCHMARKS.md.
#
#   bash tools/bench/hle.sh [ROWS] [RUNS]
#
# Installs what it needs itself: a Python venv in target/bench-venv with DuckDB, Polars and
# numpy from PyPI; the microdata file is generated once into target/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-18000000}"
RUNS="${2:-5}"
VENV=target/bench-venv
FILE="target/bench/microdata_${ROWS}.parquet"

cargo build --release -q -p gemeten-cli -p gemeten-bench
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q duckdb==2.0.0 polars==2.1.0 numpy==2.4.6
mkdir -p target/bench
if [ ! -f "$FILE" ]; then
    target/release/gemeten-synth --rows "$ROWS" --out "$FILE"
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
echo "file: $FILE ($(du -h "$FILE" | cut -f1)), versions: $("$VENV/bin/python" -c 'import duckdb, polars; print("duckdb", duckdb.__version__, "polars", polars.__version__)'), $(target/release/gemeten --version)"
"$VENV/bin/python" tools/bench/hle.py compare "$FILE" target/release/gemeten --runs "$RUNS"
