#!/usr/bin/env bash
# `gemeten projects import` of one CSV into a fresh database, builds side by side in
# interleaved rounds: wall, CPU (user + sys) and peak RSS from /usr/bin/time, with the
# 1-minute load average before and after each run.
#
#   bash tools/bench/import_ab.sh <portfolio.csv> <rounds> <gemeten binary>...
#
# The CSV comes from `gemeten-portfolio-bench --dir <dir> --projects 200000 --csv-only`.
set -euo pipefail
csv=$1; rounds=$2; shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GEMETEN_ADMIN_PASSWORD=bench-wachtwoord-1234 GEMETEN_PASSWORD=bench-wachtwoord-1234 RUST_LOG=warn
printf '| round | build | wall | CPU (user + sys) | peak RSS | load before → after |\n|---:|---|---:|---:|---:|---|\n'
for r in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    db="$work/b.sqlite"
    rm -rf "$work"/b.sqlite*
    "$bin" --db "$db" init >/dev/null
    before=$(cut -d' ' -f1 /proc/loadavg)
    out=$(/usr/bin/time -f '%e %U %S %M' "$bin" --db "$db" projects import "$csv" --as admin 2>&1 >/dev/null | tail -1)
    after=$(cut -d' ' -f1 /proc/loadavg)
    read -r wall user sys kb <<<"$out"
    printf '| %s | %s | %s s | %.2f s | %d MiB | %s → %s |\n' "$r" "$bin" "$wall" \
      "$(echo "$user + $sys" | bc)" "$((kb / 1024))" "$before" "$after"
  done
done
