#!/bin/bash
# The project page right after a server's start: 100 connections over 20 000 different
# projects (nearly every read misses the kept projects) for 5 s at once after the start and
# idle, then 5 s more; two builds in interleaved rounds, each on its own copy of the database
# (a build refuses a database a newer one migrated).
#
#   bash tools/bench/koude_start.sh BEFORE_BIN AFTER_BIN SOURCE_DB WORKDIR [ROUNDS]
#
# SOURCE_DB is a SQLite database with a portfolio (the web benchmark's:
# target/bench/web/200000/web.sqlite) at a schema both builds know; it is copied into WORKDIR
# once and left alone.
# Prints one line per round, build and phase: req/s, p50, p99, the server's threads, load.
set -euo pipefail
before_bin=$(realpath "$1") after_bin=$(realpath "$2") source_db=$(realpath "$3")
work=$4 rounds=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
port=18181
mkdir -p "$work"
cd "$work"
for b in before after; do
    [ -f $b/web.sqlite ] && continue
    mkdir -p $b
    cp "$source_db" $b/web.sqlite
done
if [ ! -f paden.txt ]; then
    python3 - "$source_db" <<'PY'
import random, sqlite3, sys
ids = [r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM project")]
random.seed(1)
random.shuffle(ids)
open("paden.txt", "w").write("".join(f"/projecten/{i}\n" for i in ids[:20000]))
PY
fi
for r in $(seq 1 "$rounds"); do
    for b in before after; do
        bin=$before_bin
        [ $b = after ] && bin=$after_bin
        (cd $b && exec "$bin" --db web.sqlite serve --addr 127.0.0.1:$port >serve.log 2>&1) &
        pid=$!
        until curl -s -o /dev/null http://127.0.0.1:$port/; do
            # A build that refuses the database (a newer schema) says so and stops here.
            kill -0 $pid 2>/dev/null || { cat $b/serve.log >&2; exit 1; }
            sleep 0.2
        done
        # Idle: the server's CPU time stands still for a second (index build and the like).
        prev=-1
        while :; do
            t=$(awk '{print $14 + $15}' /proc/$pid/stat)
            [ "$t" = "$prev" ] && break
            prev=$t
            sleep 1
        done
        for phase in first-5-s next-5-s; do
            out=$(WRK_PATHS=paden.txt wrk -t2 -c100 -d5s --latency \
                -s "$here/wrk_paden.lua" http://127.0.0.1:$port/ 2>&1)
            rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
            p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
            p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
            threads=$(awk '/Threads/ {print $2}' /proc/$pid/status)
            echo "round $r $b $phase req/s $rps p50 $p50 p99 $p99 threads $threads load $(cut -d' ' -f1 /proc/loadavg)"
        done
        kill $pid
        wait $pid 2>/dev/null || true
    done
done
