#!/usr/bin/env bash
# The web application under load: a 200 000-project portfolio, `gemeten serve` on loopback,
# and wrk (Debian) with 100 connections against every page kind and API read (see ROUTES in
# web_report.py). Every read is measured in four columns in one run, interleaved per read:
#   - anonymous, SQLite store;
#   - logged in, SQLite store: the same GET with a session cookie (`gemeten_sessie`, from
#     logging in through the form), so every request also resolves its session;
#   - anonymous and logged in, PostgreSQL store: the same GETs against a second `gemeten
#     serve` whose --db is a throwaway PostgreSQL server (Debian's initdb/pg_ctl, a unix
#     socket in a temporary directory, as the `postgres` user when run as root) holding the
#     same projects.
# Then the writes: 20 editors, each changing its own project over the API, on each store,
# with the audit entries counted before and after. Beside them nginx serves a saved copy of
# the same mission page as a static file (the ceiling for one page on this machine). The
# servers run with RUST_LOG=warn (no request log line per request). Prints the tables for
# BENCHMARKS.md.
#
#   bash tools/bench/web.sh [--no-login] [--no-postgres] [--no-writes] [--growth-routes]
#                           [--only REGEX] [--bin PATH] [--json FILE]
#                           [PROJECTS] [CONNECTIONS] [SECONDS]
#
# --no-login and --no-postgres leave those columns out (each adds one wrk run per read);
# --growth-routes measures the smaller set of web_growth.sh; --bin measures another build
# of gemeten (e.g. the one before a change); --json also writes the results as JSON;
# --only measures only the reads whose path matches REGEX (Python `re.search`). The reads
# start once both servers are idle after their start (search index, FAIR package built).
set -euo pipefail
cd "$(dirname "$0")/../.."

LOGIN=1
POSTGRES=1
WRITES=1
ROUTES=all
ONLY=""
BIN=""
JSON_OUT=""
args=()
while [ $# -gt 0 ]; do
    a="$1"; shift
    case "$a" in
        --no-login) LOGIN=0 ;;
        --no-postgres) POSTGRES=0 ;;
        --no-writes) WRITES=0 ;;
        --growth-routes) ROUTES=growth ;;
        --only) ONLY="$1"; shift ;;
        --bin) BIN="$(realpath "$1")"; shift ;;
        --json) JSON_OUT="$(realpath -m "$1")"; shift ;;
        -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
        -*) echo "unknown option $a" >&2; exit 2 ;;
        *) args+=("$a") ;;
    esac
done
N="${args[0]:-200000}"
C="${args[1]:-100}"
D="${args[2]:-5}"
DIR=target/bench/web

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ "$POSTGRES" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# --bin measures that build: only the portfolio generator is built then (if missing).
# CARGO_TARGET_DIR is honoured, so the release build can live beside a debug target.
TARGET="${CARGO_TARGET_DIR:-target}"
if [ -z "$BIN" ]; then
    cargo build --release -q -p gemeten-cli -p gemeten-bench
elif [ ! -x "$TARGET/release/gemeten-portfolio-bench" ]; then
    cargo build --release -q -p gemeten-bench
fi

# A throwaway PostgreSQL server, as crates/testpg does it: initdb into a temporary directory,
# listening only on a unix socket there (nothing on the network), trust authentication,
# fsync off (the benchmark reads; the import is the only write). Stopped and removed on exit.
PG_URL=""
PG_VERSION=""
if [ "$POSTGRES" = 1 ]; then
    PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")
    [ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(command -v initdb)")
    PGDIR=$(mktemp -d /tmp/gemeten-bench-pg.XXXXXX)
    PGPORT=$((20000 + RANDOM % 40000))
    as_pg=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$PGDIR"
        as_pg=(runuser -u postgres --)
    fi
    pg_stop() {
        (cd "$PGDIR" && "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1) || true
        rm -rf "$PGDIR"
    }
    trap pg_stop EXIT
    trap "exit 130" INT TERM
    (cd "$PGDIR" && "${as_pg[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 \
        --locale=C --no-sync --no-instructions >/dev/null)
    cat >>"$PGDIR/data/postgresql.conf" <<EOF

listen_addresses = ''
unix_socket_directories = '$PGDIR'
port = $PGPORT
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    (cd "$PGDIR" && "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w start >/dev/null)
    (cd "$PGDIR" && "${as_pg[@]}" "$PGBIN/createdb" -h "$PGDIR" -p "$PGPORT" -U postgres gemeten_bench)
    PG_URL="postgresql://postgres@${PGDIR//\//%2F}:$PGPORT/gemeten_bench"
    PG_VERSION="; PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); $(/usr/sbin/nginx -v 2>&1)$PG_VERSION; gemeten ${BIN:+$BIN, not }$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates Cargo.lock || echo '+uncommitted changes')"
echo "load before: $(uptime)"
ONLY="$ONLY" LOGIN="$LOGIN" PG_URL="$PG_URL" PSQL="${PGBIN:-}/psql" WRITES="$WRITES" ROUTES="$ROUTES" \
    TARGET="$TARGET" GEMETEN_BIN="$BIN" JSON_OUT="$JSON_OUT" python3 tools/bench/web_report.py "$DIR/$N" "$N" "$C" "$D"
echo "load after: $(uptime)"
