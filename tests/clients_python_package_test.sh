#!/usr/bin/env bash
# The Python package (clients/python) as a user gets it: installed with pip
# into a fresh virtual environment (Debian's grpcio and protobuf, built
# offline), checked with mypy --strict, and the example of its README run as
# written against the services tools/up starts on free ports: once in
# plaintext, once with a token and TLS. The example must print what the
# README says it prints; without the token it must be refused. Also: the
# retry policy against common/retry.h's table, every helper once, and
# mutual TLS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${DOSSIER_BUILD_DIR:?}"  # tools/up runs the binaries there
PY=/usr/bin/python3
"$PY" -c "import grpc, google.protobuf, venv" 2>/dev/null || { echo "no python3-grpcio"; exit 77; }
for tool in protoc grpc_python_plugin protoc-gen-mypy openssl; do
  command -v "$tool" >/dev/null || { echo "no $tool (tools/lib.sh installs it)"; exit 77; }
done
tmp=$(mktemp -d)
source "$ROOT/tests/up_lib.sh"
trap end_up EXIT

# Installed as the package README says, offline.
"$PY" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/pip" install --no-build-isolation --no-index "$ROOT/clients/python" \
  >"$tmp/pip.out" 2>&1 || { cat "$tmp/pip.out"; echo "pip install failed"; exit 1; }
PYTHON=$tmp/venv/bin/python

# The README's ```python block, as written.
"$PY" - "$ROOT/clients/python/README.md" "$tmp/example.py" <<'PY'
import re, sys
blocks = re.findall(r"```python\n(.*?)```", open(sys.argv[1]).read(), re.S)
assert len(blocks) == 1, f"{len(blocks)} python blocks in the README"
open(sys.argv[2], "w").write(blocks[0])
PY

# Types: the package and the example, strictly (the package's own mypy
# settings say what Debian lacks).
if "$PYTHON" -c "import mypy" 2>/dev/null; then
  for target in "-p dossier_client" "$tmp/example.py"; do
    # shellcheck disable=SC2086
    (cd "$tmp" && "$PYTHON" -m mypy --config-file "$ROOT/clients/python/pyproject.toml" \
      --cache-dir "$tmp/mypy-cache" $target) || { echo "mypy failed on $target"; exit 1; }
  done
  # And the types bite: a field used as what it is not is an error.
  printf 'from dossier_client import Client\nn: int = Client().ingest("x").document_id\n' \
    >"$tmp/wrong.py"
  if (cd "$tmp" && "$PYTHON" -m mypy --config-file "$ROOT/clients/python/pyproject.toml" \
      --cache-dir "$tmp/mypy-cache" "$tmp/wrong.py" >"$tmp/wrong.out" 2>&1); then
    echo "mypy took a str field for an int"; exit 1
  fi
  grep -q 'Incompatible types in assignment (expression has type "str"' "$tmp/wrong.out" ||
    { cat "$tmp/wrong.out"; echo "mypy failed for another reason"; exit 1; }
else
  echo "no mypy (python3-mypy): types not checked"
fi

# The retry policy is common/retry.h's table: outages waited out (at least
# the server's RetryInfo delay), flukes bounded, the rest raised at once.
"$PYTHON" - <<'PY' || { echo "the package's retry policy is wrong"; exit 1; }
import grpc
from dossier_client import RetryPolicy, classify
from dossier_client.google.rpc import error_details_pb2, status_pb2
c = grpc.StatusCode
for code in (c.UNAVAILABLE, c.DEADLINE_EXCEEDED, c.CANCELLED):
    assert classify(code) == "outage", code
assert classify(c.RESOURCE_EXHAUSTED, "outbox full", 1.0) == "outage"
assert classify(c.RESOURCE_EXHAUSTED, "Received message larger than max (5 vs. 4)") == "permanent"
assert classify(c.RESOURCE_EXHAUSTED, "quota") == "outage"
for code in (c.ABORTED, c.INTERNAL, c.UNKNOWN):
    assert classify(code) == "retry", code
for code in (c.INVALID_ARGUMENT, c.NOT_FOUND, c.FAILED_PRECONDITION, c.OUT_OF_RANGE,
             c.ALREADY_EXISTS, c.UNIMPLEMENTED, c.PERMISSION_DENIED, c.UNAUTHENTICATED,
             c.DATA_LOSS):
    assert classify(code) == "permanent", code

class Failed(grpc.RpcError):
    def __init__(self, code, delay=None):
        self._code, self._metadata = code, ()
        if delay is not None:
            info = error_details_pb2.RetryInfo()
            info.retry_delay.FromNanoseconds(int(delay * 1e9))
            status = status_pb2.Status(code=code.value[0], message="shed")
            status.details.add().Pack(info)
            self._metadata = (("grpc-status-details-bin", status.SerializeToString()),)
    def code(self): return self._code
    def details(self): return "shed"
    def trailing_metadata(self): return self._metadata

def run(answers, policy=RetryPolicy()):
    calls, slept = [], []
    def call():
        calls.append(1)
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer
    try:
        result = policy.call(call, sleep=slept.append)
    except grpc.RpcError as error:
        result = error
    return result, len(calls), slept

result, calls, slept = run([Failed(c.RESOURCE_EXHAUSTED, delay=2.5), "done"])
assert result == "done" and calls == 2 and slept[0] >= 2.5, (result, calls, slept)
result, calls, slept = run([Failed(c.INTERNAL)], RetryPolicy(flukes=3))
assert isinstance(result, Failed) and calls == 4, (result, calls)
result, calls, slept = run([Failed(c.INVALID_ARGUMENT)])
assert isinstance(result, Failed) and calls == 1 and not slept
result, calls, slept = run([Failed(c.UNAVAILABLE)], RetryPolicy(patience=5))
assert isinstance(result, Failed) and abs(sum(slept) - 5) < 1e-9, slept
result, calls, slept = run([Failed(c.UNAVAILABLE)], RetryPolicy(patience=0, flukes=0))
assert calls == 1
# Patience counts the attempts' own time: attempts of 2 s each (a server
# that never answers) give up after 5 s, not 5 s of sleeping.
now = [0.0]
def slow():
    now[0] += 2.0
    raise Failed(c.DEADLINE_EXCEEDED)
try:
    RetryPolicy(patience=5).call(slow, sleep=lambda s: now.__setitem__(0, now[0] + s),
                                 clock=lambda: now[0])
    raise AssertionError("a call that never answers answered")
except Failed:
    pass
assert 5.0 <= now[0] <= 7.0, now

# A malformed address is refused at once, as the CLI refuses it; a gRPC
# target with a scheme, or HOST:PORT, is taken.
from dossier_client import Client
for bad, why in (("http://127.0.0.1:50053", "not a gRPC scheme"), ("query:abc", "not a port"),
                 ("127.0.0.1", "no port"), ("::1:50053", "in brackets"),
                 ("dns:", "nothing follows")):
    try:
        Client(query=bad, ingest="127.0.0.1:1", tagger="127.0.0.1:2")
        raise AssertionError(f"took {bad!r}")
    except ValueError as e:
        assert why in str(e) and "query=" in str(e), (bad, e)
for good in ("127.0.0.1:50053", "localhost:1", "[::1]:50053", "dns:///query:50053",
             "unix:/tmp/query.sock"):
    Client(query=good, ingest="127.0.0.1:1", tagger="127.0.0.1:2").close()
# A stream's REJECTED answer that is the server's state, not the document's.
from dossier_client import rejected_for_now
from dossier_client.v1 import ingest_service_pb2 as ingest_pb
full = ingest_pb.IngestResult(outcome=ingest_pb.INGEST_OUTCOME_REJECTED)
full.error.code = c.RESOURCE_EXHAUSTED.value[0]
info = error_details_pb2.RetryInfo()
info.retry_delay.FromSeconds(1)
full.error.details.add().Pack(info)
bad = ingest_pb.IngestResult(outcome=ingest_pb.INGEST_OUTCOME_REJECTED)
bad.error.code = c.INVALID_ARGUMENT.value[0]
draining = ingest_pb.IngestResult(outcome=ingest_pb.INGEST_OUTCOME_REJECTED)
draining.error.code = c.UNAVAILABLE.value[0]
assert rejected_for_now(full) and rejected_for_now(draining) and not rejected_for_now(bad)
too_large = ingest_pb.IngestResult(outcome=ingest_pb.INGEST_OUTCOME_REJECTED)
too_large.error.code = c.RESOURCE_EXHAUSTED.value[0]
too_large.error.message = "Received message larger than max (5 vs. 4)"
assert not rejected_for_now(too_large)
assert not rejected_for_now(ingest_pb.IngestResult(outcome=ingest_pb.INGEST_OUTCOME_ACCEPTED))
print("retry policy: as common/retry.h")
PY

# Runs the example against the suite up now; checks what it printed.
run_example() {  # label, then VAR=VALUE for the example's environment
  local label=$1 out
  shift
  out=$(cd "$tmp" && with_up_env "$@" timeout 120 "$PYTHON" "$tmp/example.py" 2>&1) ||
    { echo "$out"; echo "$label: the example failed"; exit 1; }
  echo "$out" | sed "s/^/  $label| /"
  local id
  id=$(sed -n 's/^ingested: \([0-9a-f]\{32\}\)$/\1/p' <<<"$out")
  [ -n "$id" ] || { echo "$label: no document id printed"; exit 1; }
  for expect in "'ingest': 'SERVING'" "'query': 'SERVING'" "'tagger': 'SERVING'" \
      "found: ['$id']" "refused: INVALID_ARGUMENT EMPTY_TEXT" "mention: "; do
    grep -qF -- "$expect" <<<"$out" || { echo "$label: expected \"$expect\""; exit 1; }
  done
}

start_up DOSSIER_METRICS_PORTS=off
run_example plaintext

# Every helper once (the example shows a few).
(cd "$tmp" && with_up_env timeout 120 "$PYTHON" - <<'PY') ||
import time
import uuid
from dossier_client import Client, DossierError
from dossier_client.v1 import annotations_pb2 as annotations, document_pb2
from dossier_client.v1 import ingest_service_pb2 as ingest, search_pb2
from dossier_client.v1 import query_service_pb2 as query
marker = uuid.uuid4().hex[:12]
with Client() as client:
    documents = [document_pb2.DocumentInput(
        text=f"Sergei Lavrov said in Moscow: \"We will answer.\" Ref {marker} {i}.",
        outlet=f"Stream {marker}") for i in range(3)]
    results = list(client.ingest_many(documents + [document_pb2.DocumentInput(text="")]))
    assert [r.outcome for r in results] == [ingest.INGEST_OUTCOME_ACCEPTED] * 3 + [
        ingest.INGEST_OUTCOME_REJECTED], results
    ids = [r.document_id for r in results[:3]]
    assert [s.state for s in client.wait_indexed(ids)] == [ingest.DOCUMENT_STATE_INDEXED] * 3
    # An id this ingest never accepted fails at once, not at the timeout.
    started = time.monotonic()
    try:
        client.wait_indexed([ids[0], "f" * 32], timeout=30)
        raise AssertionError("wait_indexed took an id never accepted")
    except LookupError as e:
        assert "f" * 32 in str(e) and time.monotonic() - started < 10, e
    assert client.status(ids[0]).state == ingest.DOCUMENT_STATE_INDEXED
    only = search_pb2.DocumentFilter(outlets=[f"Stream {marker}"])
    assert client.list(filter=only).total_size == 3
    assert sorted(d.id for d in client.documents(filter=only, page_size=2)) == sorted(ids)
    assert client.search(marker, filter=only).total_size == 3
    # The three tell one story: collapsed, one hit counts the other two.
    one = client.search(marker, filter=only, collapse_stories=True)
    assert one.total_size == 1 and one.hits[0].story_matches == 2, one
    # Facets and views without the raw stub.
    faceted = client.search(marker, filter=only, facets=[search_pb2.FACET_OUTLETS],
                            view=query.SEARCH_VIEW_IDS)
    assert [(o.outlet, o.document_count) for o in faceted.facets.outlets] == [
        (f"Stream {marker}", 3)], faceted.facets
    assert not faceted.hits[0].document.text, faceted.hits[0]
    # Fields beside a DocumentInput would be lost: refused.
    try:
        client.ingest(document_pb2.DocumentInput(text="x"), title="lost")
        raise AssertionError("a title beside a DocumentInput was taken")
    except TypeError as error:
        assert "title" in str(error), error
    # The registry's stub, with the client's token and TLS.
    from dossier_client.v1 import registry_service_pb2
    client.registry_service.ListKnownNames(registry_service_pb2.ListKnownNamesRequest(),
                                           timeout=10)
    # A failure of the documents' own iterable is raised as it was.
    def broken():
        yield document_pb2.DocumentInput(text=f"First of a broken feed {marker}.")
        raise ValueError("the feed broke")
    try:
        for _ in client.ingest_many(broken()):
            pass
        raise AssertionError("a broken feed went unnoticed")
    except ValueError as error:
        assert "the feed broke" in str(error), error
    assert "Sergei Lavrov" in [m.text for m in client.tag("Sergei Lavrov spoke.").mentions]
    assert client.entity("Lavrov").entity.document_count >= 3
    # Quotes by a speaker, in the documents a filter lets through, a page
    # at a time.
    first = client.quotes(speaker="Lavrov", filter=only, page_size=2)
    assert len(first.quotes) == 2 and first.total_size == 3 and first.next_page_token, first
    rest = client.quotes(speaker="Lavrov", filter=only, page_size=2,
                         page_token=first.next_page_token)
    assert len(rest.quotes) == 1 and not rest.next_page_token, rest
    # Of a kind: the words are quoted, none reported.
    assert client.quotes(speaker="Lavrov", filter=only,
                         kinds=[annotations.QUOTE_KIND_DIRECT]).total_size == 3
    assert client.quotes(speaker="Lavrov", filter=only,
                         kinds=[annotations.QUOTE_KIND_INDIRECT]).total_size == 0
    assert client.entity("Lavrov", type=annotations.ENTITY_TYPE_PERSON).entity.type == (
        annotations.ENTITY_TYPE_PERSON)
    # Analytics: the three documents name Lavrov and Moscow together.
    timeline = client.timeline("Lavrov", filter=only)
    assert sum(b.document_count for b in timeline.buckets) == 3, timeline
    together = client.cooccurring("Lavrov", filter=only).entities_together
    assert "Moscow" in [e.entity.display_name or e.entity.name for e in together], together
    stories = client.stories(page_size=5).stories
    assert stories and client.story(stories[0].id).documents, stories
    # The three tell one story (which an earlier report may have begun), the
    # one a filter by their outlet lists.
    told = client.stories(filter=only).stories
    assert [s.id for s in told] == [one.hits[0].document.story_id], told
    assert told[0].document_count >= 3, told
    # A watch sees a document indexed after it started, and ends quietly
    # at its timeout.
    import threading
    seen = []
    opened = threading.Event()
    watching = threading.Thread(target=lambda: seen.extend(
        d.id for d in client.watch(marker, timeout=15, on_open=opened.set)))
    watching.start()
    assert opened.wait(10), "the watch never opened"
    late = client.ingest(f"Sergei Lavrov came back later. Ref {marker} late.")
    client.wait_indexed([late.document_id])
    watching.join()
    assert late.document_id in seen, seen
    # Curation: an alias, taken back; a split needs a spelling the entity
    # was joined by (an alias is taken back instead); a merge across types
    # is refused.
    assert "FM Lavrov" in client.alias("Lavrov", "FM Lavrov").entity.aliases
    try:
        client.split("Lavrov", "FM Lavrov")
        raise AssertionError("an alias was split off")
    except DossierError as error:
        assert error.code.name == "NOT_FOUND", error
    assert "FM Lavrov" not in client.unalias("Lavrov", "FM Lavrov").entity.aliases
    try:
        client.merge("Moscow", "Lavrov")
        raise AssertionError("a place merged into a person")
    except DossierError as error:
        assert error.reason == "TYPE_MISMATCH", error
    # A type the tagger missed is set, and set back; no type is refused.
    organisation = annotations.ENTITY_TYPE_ORGANIZATION
    assert client.retype("Moscow", organisation).entity.type == organisation
    assert client.entity("Moscow").entity.type == organisation
    place = annotations.ENTITY_TYPE_LOCATION
    assert client.retype("Moscow", place).entity.type == place
    try:
        client.retype("Moscow", annotations.ENTITY_TYPE_UNSPECIFIED)
        raise AssertionError("an entity was given no type")
    except DossierError as error:
        assert error.reason == "INVALID_ENUM", error
    retagged = client.retag([ids[0], "f" * 32])
    assert [r.outcome for r in retagged.results] == [
        ingest.RETAG_OUTCOME_RETAGGED, ingest.RETAG_OUTCOME_NOT_FOUND], retagged
    assert retagged.tagger_version.startswith("ner-crf-"), retagged
    assert client.delete(ids[0]).deleted
    assert client.status(ids[0]).state == ingest.DOCUMENT_STATE_DELETED
    try:
        client.get(ids[0])
        raise SystemExit("a deleted document was read")
    except DossierError as error:
        assert error.code.name == "NOT_FOUND" and error.retry_class == "permanent", error
print("every helper answered")
PY
  { echo "a helper failed"; exit 1; }
stop_up

# Tokens and TLS, as the README of the repository runs them.
start_up_secure
run_example tls DOSSIER_TOKEN="$analyst" DOSSIER_TLS_CA="$tmp/certs/ca.pem"

# Without the token, refused; plaintext to a TLS server, unavailable; the
# server name override and a token file work.
"$PYTHON" - "$tmp" "$analyst" <<'PY' || { echo "the package's token and TLS options failed"; exit 1; }
import sys
import grpc
from dossier_client import Client, DossierError, RetryPolicy
tmp, token = sys.argv[1], sys.argv[2]
run = tmp + "/var/run/"
addresses = {name: open(run + name + ".port").read().strip() for name in ("ingest", "query", "tagger")}
once = RetryPolicy(patience=0, flukes=0)
with Client(**addresses, token="", tls_ca=tmp + "/certs/ca.pem", retry_policy=once) as client:
    try:
        client.list()
        sys.exit("listed without a token")
    except DossierError as error:
        assert error.code == grpc.StatusCode.UNAUTHENTICATED, error
with Client(**addresses, token=token, retry_policy=once, timeout=3) as client:
    try:
        client.list()
        sys.exit("a plaintext client got in")
    except DossierError as error:
        assert error.code == grpc.StatusCode.UNAVAILABLE, error
open(tmp + "/analyst.token", "w").write(token + "\n")
with Client(**addresses, token_file=tmp + "/analyst.token", tls_ca=tmp + "/certs/ca.pem",
            tls_server_name="localhost") as client:
    assert client.list().total_size >= 1
print("token and TLS options: refused without a token, not in plaintext, served with a token file")
PY
stop_up

# Mutual TLS: a client certificate is required, and the package sends one.
rm -rf "${tmp:?}/var"
certs=$tmp/certs
start_up DOSSIER_METRICS_PORTS=off \
  DOSSIER_SERVICE_FLAGS="--auth_tokens=$tmp/tokens --token_file=$tmp/services.token --tls_cert=$certs/server.pem --tls_key=$certs/server.key --tls_ca=$certs/ca.pem --tls_client_ca=$certs/ca.pem --tls_client_cert=$certs/client.pem --tls_client_key=$certs/client.key" \
  DOSSIER_CLIENT_FLAGS="--tls_ca=$certs/ca.pem --tls_client_cert=$certs/client.pem --tls_client_key=$certs/client.key"
"$PYTHON" - "$tmp" "$analyst" <<'PY' || { echo "the package's mutual TLS failed"; exit 1; }
import sys
from dossier_client import Client, DossierError, RetryPolicy
tmp, token = sys.argv[1], sys.argv[2]
run, certs = tmp + "/var/run/", tmp + "/certs/"
addresses = {name: open(run + name + ".port").read().strip() for name in ("ingest", "query", "tagger")}
once = RetryPolicy(patience=0, flukes=0)
with Client(**addresses, token=token, tls_ca=certs + "ca.pem", retry_policy=once,
            timeout=3) as client:
    try:
        client.list()
        sys.exit("listed without a client certificate")
    except DossierError as error:
        assert error.code.name == "UNAVAILABLE", error
with Client(**addresses, token=token, tls_ca=certs + "ca.pem", tls_client_cert=certs + "client.pem",
            tls_client_key=certs + "client.key") as client:
    assert client.list().total_size == 0
    assert client.health() == {"ingest": "SERVING", "query": "SERVING", "tagger": "SERVING"}
print("mutual TLS: refused without a client certificate, served with one")
PY
echo "clients/python: installed, type-checked, README example ran in plaintext and with token and TLS; mutual TLS"
