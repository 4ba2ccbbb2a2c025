#!/usr/bin/env bash
# tools/up as a user runs it: it comes up, says it is ready, serves the CLI,
# and stops cleanly on tools/down (SIGTERM; Ctrl-C sends SIGINT, handled the
# same way), also while it is still building.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DOSSIER_BUILD_DIR:?}
tmp=$(mktemp -d)
source "$ROOT/tests/up_lib.sh"
trap end_up EXIT

start_up
FLAGS=(--ingest="$(cat "$tmp/var/run/ingest.port")" --tagger="$(cat "$tmp/var/run/tagger.port")"
       --query="$(cat "$tmp/var/run/query.port")")

"$BUILD/bin/dossier" ingest "$ROOT/../shared/seeds" "${FLAGS[@]}" >"$tmp/ingest.out" 2>&1 ||
  { cat "$tmp/ingest.out" "$tmp/up.out"; echo "dossier ingest failed"; exit 1; }
grep -q "accepted    5 " "$tmp/ingest.out" || { cat "$tmp/ingest.out"; exit 1; }
# (Outputs are captured, not piped into grep -q: with pipefail, a writer cut
# off by grep's early exit would fail the pipeline.)
for _ in $(seq 1 100); do
  listed=$("$BUILD/bin/dossier" list "${FLAGS[@]}" 2>&1) || true
  grep -q "(5 of 5 documents)" <<<"$listed" && break
  sleep 0.2
done
grep -q "(5 of 5 documents)" <<<"$listed" || { echo "$listed"; echo "the seeds were not all listed"; exit 1; }
# Every command tools/up suggests works as printed, from the checkout's root.
tried=0
while IFS= read -r line; do
  (cd "$ROOT" && eval "$line") >"$tmp/try.out" 2>&1 ||
    { cat "$tmp/try.out"; echo "a command tools/up suggests failed: $line"; exit 1; }
  tried=$((tried + 1))
done < <(sed -n '/^Try:$/,/^$/p' "$tmp/up.out" | sed '1d;/^$/d')
[ "$tried" -ge 5 ] || { cat "$tmp/up.out"; echo "tools/up suggested $tried commands"; exit 1; }
# Metrics on free ports, as printed.
grep -q "curl http://$(cat "$tmp/var/run/query-metrics.port")/metrics" "$tmp/up.out" ||
  { echo "tools/up did not show the query service's metrics address"; exit 1; }
metrics=$(curl -sS "http://$(cat "$tmp/var/run/query-metrics.port")/metrics" 2>&1) || true
grep -q '^dossier_query_documents 5$' <<<"$metrics" ||
  { echo "query's /metrics does not say 5 documents:"; grep dossier_query_documents <<<"$metrics";
    head -c 600 <<<"$metrics"; exit 1; }

# The organisations of models/registry/organisations.txt are imported: a
# seed's "NATO" is the one the other names name.
orgs=$(sed -n 's/.* countries, \([0-9]*\) organisations, .*/\1/p' "$tmp/var/log/kb.log")
places=$(sed -n 's/.* organisations, \([0-9]*\) places and.*/\1/p' "$tmp/var/log/kb.log")
misc=$(sed -n 's/.* places and \([0-9]*\) other names written.*/\1/p' "$tmp/var/log/kb.log")
[ "${orgs:-0}" -gt 0 ] || { cat "$tmp/var/log/kb.log"; echo "no organisations were built"; exit 1; }
[ "${places:-0}" -gt 0 ] || { cat "$tmp/var/log/kb.log"; echo "no places were built"; exit 1; }
[ "${misc:-0}" -gt 0 ] || { cat "$tmp/var/log/kb.log"; echo "no other names were built"; exit 1; }
nato=$("$BUILD/bin/dossier" entity "North Atlantic Treaty Organization" "${FLAGS[@]}" 2>&1) || true
grep -q "^NATO  ORG" <<<"$nato" && grep -q "^  documents   [1-9]" <<<"$nato" ||
  { echo "$nato"; echo "the seeds' NATO is not the imported organisation"; exit 1; }
# And the places of models/registry/places.txt: the seeds' "Kosovo and
# Metohija" is Kosovo, one place, not Kosovo and a place "Metohija".
kosovo=$("$BUILD/bin/dossier" entity "Kosovo and Metohija" "${FLAGS[@]}" 2>&1) || true
grep -q "^Kosovo  LOCATION" <<<"$kosovo" ||
  { echo "$kosovo"; echo "Kosovo and Metohija does not name the imported Kosovo"; exit 1; }
# The tagger reads the registry's names within its refresh (10 s).
for _ in $(seq 30); do
  tagged=$("$BUILD/bin/dossier" tag "Serbia will not give up Kosovo and Metohija." "${FLAGS[@]}" 2>&1) || true
  grep -q "^LOCATION  Kosovo and Metohija " <<<"$tagged" && break
  sleep 1
done
grep -q "^LOCATION  Kosovo and Metohija " <<<"$tagged" ||
  { echo "$tagged"; echo "the tagger does not read Kosovo and Metohija as one place"; exit 1; }
# With the reference data beside the checkout, the countries are imported
# too: "Britain" names the United Kingdom, with its ids.
if [ -f "$ROOT/../shared/data/wikidata/country_aliases.csv" ]; then
  grep -q "^Knowledge base: imported $((199 + orgs + places + misc)) entities" "$tmp/up.out" ||
    { cat "$tmp/up.out"; exit 1; }
  britain=$("$BUILD/bin/dossier" entity Britain "${FLAGS[@]}" 2>&1) || true
  grep -q "^United Kingdom  LOCATION" <<<"$britain" && grep -q "iso3166:GB" <<<"$britain" ||
    { echo "$britain"; echo "Britain is not the imported United Kingdom"; exit 1; }
fi

# A second tools/up on the same data says the first is running, and leaves
# it serving.
second=0
env DOSSIER_SKIP_SETUP=1 DOSSIER_VAR="$tmp/var" DOSSIER_PORTS="0 0 0" "$ROOT/tools/up" \
  >"$tmp/second.out" 2>&1 || second=$?
[ "$second" = 75 ] && grep -q "already running on $tmp/var" "$tmp/second.out" ||
  { cat "$tmp/second.out"; echo "a second tools/up did not refuse (exit $second)"; exit 1; }
"$BUILD/bin/dossier" health --wait=30s "${FLAGS[@]}" >"$tmp/health.out" 2>&1 ||
  { cat "$tmp/health.out"; echo "a service is not serving after a second tools/up was refused"; exit 1; }

# tools/down, from another shell, stops it as Ctrl-C would.
DOSSIER_VAR="$tmp/var" "$ROOT/tools/down" >"$tmp/down.out" 2>&1 ||
  { cat "$tmp/down.out"; echo "tools/down failed"; exit 1; }
grep -q "^dossier stopped; data kept in $tmp/var" "$tmp/down.out" || { cat "$tmp/down.out"; exit 1; }
status=0
wait "$up" || status=$?
up=
[ "$status" = 0 ] || { echo "tools/up exited with status $status when stopped"; exit 1; }
grep -q "stopped; data kept" "$tmp/up.out" || { echo "tools/up did not say it stopped"; exit 1; }
test ! -e "$tmp/var/run/up.pid"
# Nothing answers any more.
if "$BUILD/bin/dossier" health "${FLAGS[@]}" >/dev/null 2>&1; then
  echo "services still running after tools/up stopped"; exit 1
fi
test -d "$tmp/var/query" && test -d "$tmp/var/ingest"

# tools/down stops a tools/up that is still setting up, and what it runs:
# here a build that would take ten minutes (a ninja that only sleeps, first
# on PATH). Bash would run tools/up's own trap only after it.
mkdir -p "$tmp/slow"
printf '#!/bin/sh\nsleep 600\n' >"$tmp/slow/ninja"
chmod +x "$tmp/slow/ninja"
env PATH="$tmp/slow:$PATH" DOSSIER_VAR="$tmp/var" DOSSIER_PORTS="0 0 0" "$ROOT/tools/up" \
  >"$tmp/slow.out" 2>&1 &
slow=$!
for _ in $(seq 1 300); do
  grep -qs "==> building" "$tmp/slow.out" && break
  sleep 0.1
done
grep -q "==> building" "$tmp/slow.out" || { cat "$tmp/slow.out"; echo "tools/up did not build"; exit 1; }
DOSSIER_VAR="$tmp/var" timeout 60 "$ROOT/tools/down" >"$tmp/down.out" 2>&1 ||
  { cat "$tmp/down.out"; echo "tools/down failed on a tools/up that was building"; exit 1; }
grep -q "^tools/up stopped while setting up" "$tmp/down.out" || { cat "$tmp/down.out"; exit 1; }
if wait "$slow"; then echo "tools/up stopped while building exited 0"; exit 1; fi
test ! -e "$tmp/var/run/up.pid" || { echo "tools/up left its pid file"; exit 1; }
if pgrep -f "$tmp/slow/ninja" >/dev/null; then echo "the build was left running"; exit 1; fi
echo "tools/up: up, served, stopped cleanly"
