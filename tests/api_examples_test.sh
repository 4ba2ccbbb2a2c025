#!/usr/bin/env bash
# Every example of docs/api-examples.md, run as written against services
# tools/up starts (on free ports, which replace the default ones in the
# commands); each must print what its "# expect:" line says, within 30 s
# (a search waits for indexing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DOSSIER_BUILD_DIR:?}
[ -x "$ROOT/clients/node/node_modules/.bin/buf" ] || { echo "no buf: npm ci in clients/node"; exit 77; }
tmp=$(mktemp -d)
source "$ROOT/tests/up_lib.sh"
trap end_up EXIT

start_up
INGEST=$(cat "$tmp/var/run/ingest.port")
TAGGER=$(cat "$tmp/var/run/tagger.port")
QUERY=$(cat "$tmp/var/run/query.port")

# The ```sh blocks, one file each.
/usr/bin/python3 - "$ROOT/docs/api-examples.md" "$tmp" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
for i, block in enumerate(re.findall(r"```sh\n(.*?)```", text, re.S)):
    open(f"{sys.argv[2]}/example{i:02d}.sh", "w").write(block)
PY

cd "$ROOT"
ran=0
for example in "$tmp"/example*.sh; do
  sed -i -e "s/127.0.0.1:50051/$INGEST/g" -e "s/127.0.0.1:50052/$TAGGER/g" \
         -e "s/127.0.0.1:50053/$QUERY/g" "$example"
  expect=$(sed -n 's/^# expect: //p' "$example")
  [ -n "$expect" ] || continue
  ok=0
  for _ in $(seq 1 30); do
    if out=$(bash -c "BUF=clients/node/node_modules/.bin/buf; $(cat "$example")" 2>&1) &&
       grep -qF -- "$expect" <<<"$out"; then
      ok=1; break
    fi
    sleep 1
  done
  if [ $ok = 0 ]; then
    echo "FAILED: $(basename "$example"), expected \"$expect\":"; cat "$example"; echo "$out"; exit 1
  fi
  ran=$((ran + 1))
done
[ $ran -ge 5 ] || { echo "only $ran examples ran"; exit 1; }
echo "$ran examples of docs/api-examples.md ran as written"
