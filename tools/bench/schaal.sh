#!/usr/bin/env bash
# The portfolio at scale: import, serve start (index built, then reused), search and mission
# page under load, and memory, for portfolios a decade apart. Prints a JSON line per size and
# the table for BENCHMARKS.md ("The portfolio at scale").
#
#   bash tools/bench/schaal.sh [SIZES] [CONNECTIONS] [SECONDS]
#   bash tools/bench/schaal.sh 20000,200000,2000000 100 10
#
# Needs wrk (Debian) and /usr/bin/time. The generated lists (synthetic, from
# gemeten-portfolio-bench) are kept in target/bench/schaal between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES="${1:-20000,200000,2000000}"
C="${2:-100}"
D="${3:-10}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
cargo build --release -q -p gemeten-cli -p gemeten-bench
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; commit $(git rev-parse --short HEAD); load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 tools/bench/schaal.py "$SIZES" target/bench/schaal "$C" "$D"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
