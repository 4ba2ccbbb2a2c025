#!/usr/bin/env bash
# `buf breaking`: the API in protos/ keeps every promise of the last
# released API, the commit named in protos/API_BASELINE. buf builds that
# commit's protos from the local git history at test time (no network, no
# image committed). The baseline is a commit rather than "the last commit
# that changed protos/", which is HEAD itself whenever HEAD changes them,
# and rather than main, which is HEAD on main; a release moves it on
# purpose, in review.
#
# Then the check must catch a break: a copy of protos/ with a field
# removed is refused. Exits 77 (skipped) when buf or the baseline commit
# (a shallow clone) is missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUF=$ROOT/clients/node/node_modules/.bin/buf
[ -x "$BUF" ] || { echo "no buf: npm ci in clients/node"; exit 77; }
cd "$ROOT"
BASELINE=$(tr -d '[:space:]' < protos/API_BASELINE)
git cat-file -e "$BASELINE^{commit}" 2>/dev/null || { echo "baseline $BASELINE not in this clone"; exit 77; }
AGAINST=".git#ref=$BASELINE,subdir=protos"

"$BUF" breaking protos --against "$AGAINST"
echo "protos/ keeps the API of $BASELINE"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r protos "$tmp/protos"
# IngestResult.duplicate_of goes: a FILE-level break.
sed -i '/string duplicate_of = 3;/d' "$tmp/protos/dossier/v1/ingest_service.proto"
if out=$("$BUF" breaking "$tmp/protos" --against "$AGAINST" 2>&1); then
  echo "buf breaking missed a removed field"; exit 1
fi
echo "$out" | grep -q "duplicate_of" || { echo "$out"; exit 1; }
echo "and refuses a removed field"
