#!/usr/bin/env bash
# tools/up and tools/test install the Node client's packages without
# touching clients/node/package-lock.json: ensure_node_modules (tools/lib.sh)
# runs on a copy of clients/node without node_modules, offline from npm's
# cache, and the lock file must come out byte for byte as it went in.
# Exits 77 (skipped) when npm or its cache of these packages is missing.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
command -v npm >/dev/null || { echo "no npm"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/clients/node" "$tmp/tools"
cp "$SRC/clients/node/package.json" "$SRC/clients/node/package-lock.json" "$tmp/clients/node/"
cp "$SRC/tools/lib.sh" "$tmp/tools/"
# Sourced from the copy, lib.sh takes the copy as the checkout.
(
  cd "$tmp"
  # shellcheck source=/dev/null
  source "$tmp/tools/lib.sh"
  export npm_config_offline=true
  ensure_node_modules
) >"$tmp/out" 2>&1 || {
  if grep -q "ENOTCACHED" "$tmp/out"; then echo "npm cache lacks the packages"; exit 77; fi
  cat "$tmp/out"; exit 1
}
test -x "$tmp/clients/node/node_modules/.bin/buf" || { echo "buf not installed"; exit 1; }
if ! cmp -s "$SRC/clients/node/package-lock.json" "$tmp/clients/node/package-lock.json"; then
  diff "$SRC/clients/node/package-lock.json" "$tmp/clients/node/package-lock.json" | head -20
  echo "ensure_node_modules rewrote package-lock.json"; exit 1
fi
echo "ensure_node_modules installed the packages and left package-lock.json as it was"
