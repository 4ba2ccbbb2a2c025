#!/usr/bin/env bash
# Cores take their own specs, not wire requests: no header of a service
# (services/ and below) names a request message of the API (v1::FooRequest,
# internal::v1::FooRequest) but the adapters (*_service.h), which take
# requests by definition, and each boundary (requests.h), which turns them
# into the core's specs. Comment lines do not count. The directories to scan
# are the arguments (default: services/); tests/CMakeLists.txt also runs it
# on tests/no_wire_requests/ to show that it bites.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$ROOT/services"
hits=$(grep -rnE --include='*.h' 'v1::[A-Za-z0-9_]*Request\b' "$@" |
  awk -F: '$1 !~ /(_service|\/requests)\.h$/ && $3 !~ /^[[:space:]]*\/\//' || true)
if [ -n "$hits" ]; then
  echo "$hits" | sed 's|^|dossier: a core header takes a wire request: |'
  echo "give the core a spec (services/query/specs.h) and translate the request at the" \
    "boundary (services/query/requests.h)"
  exit 1
fi
echo "no core header takes a wire request"
