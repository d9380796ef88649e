#!/usr/bin/env bash
# The concurrency run of issue 16: API editors and `gemeten projects set` processes writing
# one SQLite file at the same time. Passes when every write succeeded (no "database is
# locked", no 503) and the history and the audit log hold exactly one entry per write.
# The numbers are printed on the line "… API editors, … CLI writers, … s: …".
#
#   bash tools/bench/gelijktijdig.sh            # 20 API editors, 4 CLI writers, 20 s
#   API=40 CLI=8 SECONDS_=60 bash tools/bench/gelijktijdig.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
GEMETEN_GELIJK_API="${API:-20}" \
GEMETEN_GELIJK_CLI="${CLI:-4}" \
GEMETEN_GELIJK_SECONDEN="${SECONDS_:-20}" \
  cargo test -p gemeten-cli --test gelijktijdig -- --nocapture 2>&1 \
  | grep -E "API editors|test result|panicked|errors"
