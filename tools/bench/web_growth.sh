#!/usr/bin/env bash
# Cost against size (issue 13, goal 4): the web benchmark (web.sh) at portfolios a decade
# apart, on the smaller set of reads (--growth-routes), and one table of what each size
# costs: setting up (import), disk, the server's memory, the first page after a start, the
# p99 of each read anonymous and logged in, and the writes' p99.
#
#   bash tools/bench/web_growth.sh [--no-postgres] [--bin=PATH] [SIZES...]   # default 2000 20000 200000
#
# Connections 100, 5 s per cell. Results as JSON in target/bench/web/growth-N.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
opts=()
sizes=()
for a in "$@"; do
    case "$a" in
        --no-postgres|--no-login|--no-writes) opts+=("$a") ;;
        --bin=*) opts+=(--bin "${a#--bin=}") ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) sizes+=("$a") ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000 200000)
files=()
for n in "${sizes[@]}"; do
    mkdir -p target/bench/web
    bash tools/bench/web.sh --growth-routes "${opts[@]}" --json "target/bench/web/growth-$n.json" "$n" 100 5 >&2
    files+=("target/bench/web/growth-$n.json")
done
python3 tools/bench/web_growth.py "${files[@]}"
