# Shared by the tests that run tools/up as a user would (up_smoke,
# up_secure, api_examples, the client packages'). Source it after setting
# ROOT and tmp.
#
#   start_up [VAR=VALUE ...]   tools/up on free ports with data in $tmp/var,
#                              the environment given added; waits until it
#                              says it is ready (fails the test if it exits)
#   stop_up                    SIGTERM and wait; returns tools/up's status
#   end_up                     for `trap end_up EXIT`: when the test failed,
#                              the end of each service's log and of tools/up's
#                              output (so that a failure says why); then
#                              stop_up and remove $tmp
#   with_up_env CMD [ARG ...]  CMD with DOSSIER_INGEST, DOSSIER_TAGGER and
#                              DOSSIER_QUERY set to the running services
#   start_up_secure            start_up anew (empty $tmp/var) with tokens and
#                              TLS as the README runs them: certificates in
#                              $tmp/certs, the analyst's token in $analyst
#                              and $tmp/analyst.token
up=

start_up() {
  # A second start in one test must not read the first one's "ready" before
  # the new tools/up's output replaces it.
  rm -f "$tmp/up.out"
  env DOSSIER_SKIP_SETUP=1 DOSSIER_VAR="$tmp/var" DOSSIER_PORTS="0 0 0" "$@" \
    "$ROOT/tools/up" >"$tmp/up.out" 2>&1 &
  up=$!
  for _ in $(seq 1 600); do
    grep -qs "dossier is up and ready" "$tmp/up.out" && return 0
    kill -0 "$up" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/up.out"
  tail -5 "$tmp"/var/log/*.log 2>/dev/null || true
  echo "tools/up did not come up"
  exit 1
}

stop_up() {
  local pid=$up status=0
  up=
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  wait "$pid" 2>/dev/null || status=$?
  return $status
}

end_up() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "${tmp:-}" ]; then
    for log in "$tmp"/var/log/*.log "$tmp/up.out"; do
      [ -f "$log" ] || continue
      echo "--- last lines of $(basename "$log")"
      tail -n 15 "$log"
    done
  fi
  stop_up || true
  rm -rf "${tmp:?}"
}

with_up_env() {
  env DOSSIER_INGEST="$(cat "$tmp/var/run/ingest.port")" \
    DOSSIER_TAGGER="$(cat "$tmp/var/run/tagger.port")" \
    DOSSIER_QUERY="$(cat "$tmp/var/run/query.port")" "$@"
}

start_up_secure() {
  mkdir -p "$tmp/certs"
  "$ROOT/tests/make_certificates.sh" "$tmp/certs"
  local services
  services=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  analyst=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf 'services internal,query %s\nanalyst ingest,query %s\n' "$services" "$analyst" >"$tmp/tokens"
  printf '%s\n' "$services" >"$tmp/services.token"
  printf '%s\n' "$analyst" >"$tmp/analyst.token"
  rm -rf "${tmp:?}/var"
  start_up DOSSIER_METRICS_PORTS=off \
    DOSSIER_SERVICE_FLAGS="--auth_tokens=$tmp/tokens --token_file=$tmp/services.token --tls_cert=$tmp/certs/server.pem --tls_key=$tmp/certs/server.key --tls_ca=$tmp/certs/ca.pem" \
    DOSSIER_CLIENT_FLAGS="--tls_ca=$tmp/certs/ca.pem"
}
