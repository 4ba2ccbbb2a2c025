#!/usr/bin/env bash
# The generated API reference names every RPC and message of dossier.v1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=${1:?reference file}
[ -s "$REF" ] || { echo "no $REF: the build makes it (target dossier_api_reference)"; exit 1; }
missing=0
for name in $(sed -n 's/^ *rpc \([A-Za-z]*\)(.*/\1/p' "$ROOT"/protos/dossier/v1/*.proto); do
  grep -qF -- "**\`$name\`**" "$REF" || { echo "RPC $name missing"; missing=1; }
done
for name in $(sed -n 's/^message \([A-Za-z]*\) {.*/\1/p' "$ROOT"/protos/dossier/v1/*.proto); do
  grep -qF -- "### message \`dossier.v1.$name\`" "$REF" || { echo "message $name missing"; missing=1; }
done
# The comments came through, not just the names.
grep -q "Full-text search, ranked by BM25" "$REF" || { echo "method comments missing"; missing=1; }
exit $missing
