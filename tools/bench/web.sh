#!/usr/bin/env bash
# The web application under load: a 200 000-project portfolio in SQLite, `gemeten serve`
# on loopback, and wrk (Debian) with 100 connections against the mission page and the main
# API reads; beside it nginx serving a saved copy of the same mission page as a static file
# (the ceiling for one page on this machine). Prints the table for BENCHMARKS.md.
#
#   bash tools/bench/web.sh [PROJECTS] [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200000}"
C="${2:-100}"
D="${3:-15}"
DIR=target/bench/web

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release -q -p gemeten-cli -p gemeten-bench

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(/usr/sbin/nginx -v 2>&1)"
python3 tools/bench/web_report.py "$DIR" "$N" "$C" "$D"
