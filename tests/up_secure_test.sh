#!/usr/bin/env bash
# tools/up with tokens and TLS, as the README says to run it: the services
# check a token table and serve TLS; they call each other with their own
# token; the CLI gets in with a user's token and the CA, and not without.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DOSSIER_BUILD_DIR:?}
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }
tmp=$(mktemp -d)
source "$ROOT/tests/up_lib.sh"
trap end_up EXIT

"$ROOT/tests/make_certificates.sh" "$tmp"
services=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
analyst=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'services internal,query %s\nanalyst ingest,query %s\n' "$services" "$analyst" >"$tmp/tokens"
printf '%s\n' "$services" >"$tmp/services.token"

start_up DOSSIER_METRICS_PORTS=off \
  DOSSIER_SERVICE_FLAGS="--auth_tokens=$tmp/tokens --token_file=$tmp/services.token --tls_cert=$tmp/server.pem --tls_key=$tmp/server.key --tls_ca=$tmp/ca.pem" \
  DOSSIER_CLIENT_FLAGS="--tls_ca=$tmp/ca.pem"
FLAGS=(--ingest="$(cat "$tmp/var/run/ingest.port")" --tagger="$(cat "$tmp/var/run/tagger.port")"
       --query="$(cat "$tmp/var/run/query.port")" --tls_ca="$tmp/ca.pem")

# Without a token: refused.
if out=$("$BUILD/bin/dossier" list "${FLAGS[@]}" 2>&1); then
  echo "list without a token worked: $out"; exit 1
fi
grep -q "UNAUTHENTICATED\|token" <<<"$out" || { echo "$out"; echo "not refused for the token"; exit 1; }
# With the analyst's token: the seeds go in, through the services' TLS.
out=$(DOSSIER_TOKEN=$analyst "$BUILD/bin/dossier" ingest "$ROOT/../shared/seeds" "${FLAGS[@]}" 2>&1) ||
  { echo "$out"; echo "ingest with a token failed"; exit 1; }
for _ in $(seq 1 100); do
  listed=$(DOSSIER_TOKEN=$analyst "$BUILD/bin/dossier" list "${FLAGS[@]}" 2>&1) || true
  grep -q "(5 of 5 documents)" <<<"$listed" && break
  sleep 0.2
done
grep -q "(5 of 5 documents)" <<<"$listed" || { echo "$listed"; echo "the seeds were not indexed"; exit 1; }
# Plaintext does not get in.
if DOSSIER_TOKEN=$analyst "$BUILD/bin/dossier" list "${FLAGS[@]:0:3}" --timeout=3s >/dev/null 2>&1; then
  echo "a plaintext client got in"; exit 1
fi
echo "tools/up with tokens and TLS: refused without a token, served with one"
