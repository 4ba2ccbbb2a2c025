#!/usr/bin/env bash
# The npm package (clients/node) as a user gets it: packed with `npm pack`
# (which generates the code with buf and compiles it with tsc), installed
# from the tarball into a new project, the example of its README compiled
# there with tsc --strict and run as written against the services tools/up
# starts on free ports: once in plaintext, once with a token and TLS. The
# example must print what the README says it prints; without the token it
# must be refused. Also: the retry policy against common/retry.h's table,
# every helper once, and mutual TLS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${DOSSIER_BUILD_DIR:?}"  # tools/up runs the binaries there
NODE_DIR=$ROOT/clients/node
command -v npm >/dev/null || { echo "no npm"; exit 77; }
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }
[ -x "$NODE_DIR/node_modules/.bin/tsc" ] || { echo "no node_modules: npm ci in clients/node"; exit 77; }
tmp=$(mktemp -d)
source "$ROOT/tests/up_lib.sh"
trap end_up EXIT

# Packed as the package README says (prepack builds), into $tmp.
(cd "$NODE_DIR" && npm pack --pack-destination "$tmp" >"$tmp/pack.out" 2>&1) ||
  { cat "$tmp/pack.out"; echo "npm pack failed"; exit 1; }
tarball=$(ls "$tmp"/dossier-client-*.tgz)
files=$(tar -tzf "$tarball")
grep -qx "package/dist/gen/dossier/v1/query_service_pb.d.ts" <<<"$files" ||
  { echo "$files"; echo "the package lacks the generated code"; exit 1; }

# A project of a user's: the package from the tarball, TypeScript and Node's
# types at the versions clients/node pins.
mkdir "$tmp/app"
"$(command -v node)" - "$NODE_DIR/package.json" "$tarball" "$tmp/app" <<'JS'
const fs = require('node:fs');
const [pkg, tarball, app] = process.argv.slice(2);
const dev = JSON.parse(fs.readFileSync(pkg, 'utf8')).devDependencies;
fs.writeFileSync(`${app}/package.json`, JSON.stringify({
  name: 'dossier-client-example', version: '0.0.0', private: true,
  dependencies: { 'dossier-client': `file:${tarball}` },
  devDependencies: { typescript: dev.typescript, '@types/node': dev['@types/node'] },
}, null, 2));
fs.writeFileSync(`${app}/tsconfig.json`, JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16',
    strict: true, noEmitOnError: true, outDir: 'out', types: ['node'] },
  files: ['example.ts'],
}, null, 2));
JS
(cd "$tmp/app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  >"$tmp/install.out" 2>&1) || { cat "$tmp/install.out"; echo "npm install of the package failed"; exit 1; }

# The README's ```ts block, as written, compiled strictly.
"$(command -v node)" - "$NODE_DIR/README.md" "$tmp/app/example.ts" <<'JS'
const fs = require('node:fs');
const [readme, out] = process.argv.slice(2);
const blocks = [...fs.readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)];
if (blocks.length !== 1) throw new Error(`${blocks.length} ts blocks in the README`);
fs.writeFileSync(out, blocks[0][1]);
JS
(cd "$tmp/app" && node_modules/.bin/tsc -p .) || { echo "tsc failed on the README example"; exit 1; }

# The retry policy is common/retry.h's table: outages waited out (at least
# the server's RetryInfo delay), flukes bounded, the rest thrown at once.
(cd "$tmp/app" && node - <<'JS') || { echo "the package's retry policy is wrong"; exit 1; }
const assert = require('node:assert/strict');
const { create } = require('@bufbuild/protobuf');
const { Code, ConnectError } = require('@connectrpc/connect');
const { callWithRetries, classify, defaultRetryPolicy } = require('dossier-client');
const { RetryInfoSchema } = require('dossier-client/gen/google/rpc/error_details_pb');
for (const code of [Code.Unavailable, Code.DeadlineExceeded, Code.Canceled]) {
  assert.equal(classify(code), 'outage');
}
assert.equal(classify(Code.ResourceExhausted, 'outbox full', 1000), 'outage');
assert.equal(classify(Code.ResourceExhausted, 'Received message larger than max (5 vs. 4)'), 'permanent');
assert.equal(classify(Code.ResourceExhausted, 'quota'), 'outage');
for (const code of [Code.Aborted, Code.Internal, Code.Unknown]) assert.equal(classify(code), 'retry');
for (const code of [Code.InvalidArgument, Code.NotFound, Code.FailedPrecondition, Code.OutOfRange,
  Code.AlreadyExists, Code.Unimplemented, Code.PermissionDenied, Code.Unauthenticated, Code.DataLoss]) {
  assert.equal(classify(code), 'permanent');
}
async function run(answers, policy = {}) {
  let calls = 0;
  const slept = [];
  let result;
  try {
    result = await callWithRetries(async () => {
      const answer = answers[Math.min(++calls, answers.length) - 1];
      if (answer instanceof Error) throw answer;
      return answer;
    }, { ...defaultRetryPolicy, ...policy }, async (ms) => { slept.push(ms); });
  } catch (error) {
    result = error;
  }
  return { result, calls, slept };
}
(async () => {
  const shed = new ConnectError('shed', Code.ResourceExhausted, undefined,
    [{ desc: RetryInfoSchema, value: create(RetryInfoSchema, { retryDelay: { seconds: 2n, nanos: 500000000 } }) }]);
  let r = await run([shed, 'done']);
  assert.equal(r.result, 'done');
  assert.ok(r.slept[0] >= 2500, `slept ${r.slept}`);
  r = await run([new ConnectError('reset', Code.Internal)], { flukes: 3 });
  assert.ok(r.result instanceof ConnectError);
  assert.equal(r.calls, 4);
  r = await run([new ConnectError('bad', Code.InvalidArgument)]);
  assert.equal(r.calls, 1);
  assert.deepEqual(r.slept, []);
  r = await run([new ConnectError('down', Code.Unavailable)], { patienceMs: 5000 });
  assert.ok(Math.abs(r.slept.reduce((a, b) => a + b, 0) - 5000) < 1e-6, `slept ${r.slept}`);
  r = await run([new ConnectError('down', Code.Unavailable)], { patienceMs: 0, flukes: 0 });
  assert.equal(r.calls, 1);
  // Patience counts the attempts' own time: attempts of 2 s each (a server
  // that never answers) give up after 5 s, not 5 s of sleeping.
  let now = 0;
  await assert.rejects(callWithRetries(async () => {
    now += 2000;
    throw new ConnectError('slow', Code.DeadlineExceeded);
  }, { ...defaultRetryPolicy, patienceMs: 5000 }, async (ms) => { now += ms; }, () => now));
  assert.ok(now >= 5000 && now <= 7000, `gave up at ${now} ms`);
  // A stream's REJECTED answer that is the server's state, not the document's.
  const { rejectedForNow, ingest } = require('dossier-client');
  const rejected = (code) => create(ingest.IngestResultSchema,
    { outcome: ingest.IngestOutcome.REJECTED, error: { code, message: 'x' } });
  assert.ok(rejectedForNow(rejected(Code.ResourceExhausted)));
  assert.ok(rejectedForNow(rejected(Code.Unavailable)));
  assert.ok(!rejectedForNow(rejected(Code.InvalidArgument)));
  // A message over the cap never fits: not for now, unless the server asks for a wait.
  const tooLarge = create(ingest.IngestResultSchema, { outcome: ingest.IngestOutcome.REJECTED,
    error: { code: Code.ResourceExhausted, message: 'Received message larger than max (5 vs. 4)' } });
  assert.ok(!rejectedForNow(tooLarge));
  assert.ok(!rejectedForNow(create(ingest.IngestResultSchema, { outcome: ingest.IngestOutcome.ACCEPTED })));
  // A malformed address is refused at once, as the CLI refuses it.
  const { Client } = require('dossier-client');
  const others = { ingest: '127.0.0.1:1', tagger: '127.0.0.1:2' };
  for (const [bad, why] of [['http://127.0.0.1:50053', /is no address/], ['query:abc', /not a port/],
    ['127.0.0.1', /no port/], ['::1:50053', /in brackets/]]) {
    assert.throws(() => new Client({ ...others, query: bad }), why, bad);
  }
  for (const good of ['127.0.0.1:50053', 'localhost:1', '[::1]:50053']) {
    new Client({ ...others, query: good }).close();
  }
  console.log('retry policy: as common/retry.h');
})().catch((error) => { console.error(error); process.exit(1); });
JS

# Runs the example against the suite up now; checks what it printed.
run_example() {  # label, then VAR=VALUE for the example's environment
  local label=$1 out
  shift
  out=$(cd "$tmp/app" && with_up_env "$@" timeout 120 node out/example.js 2>&1) ||
    { echo "$out"; echo "$label: the example failed"; exit 1; }
  echo "$out" | sed "s/^/  $label| /"
  local id
  id=$(sed -n 's/^ingested: \([0-9a-f]\{32\}\)$/\1/p' <<<"$out")
  [ -n "$id" ] || { echo "$label: no document id printed"; exit 1; }
  for expect in '"ingest":"SERVING"' '"query":"SERVING"' '"tagger":"SERVING"' \
      "found: [\"$id\"]" "refused: INVALID_ARGUMENT EMPTY_TEXT" "mention: Sergei Lavrov"; do
    grep -qF -- "$expect" <<<"$out" || { echo "$label: expected $expect"; exit 1; }
  done
}

start_up DOSSIER_METRICS_PORTS=off
run_example plaintext

# Every helper once (the example shows a few).
(cd "$tmp/app" && with_up_env timeout 120 node - <<'JS') ||
const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const {
  Client, DossierError, annotations: { EntityType, QuoteKind }, ingest, query, search,
} = require('dossier-client');
const marker = randomUUID().slice(0, 12);
(async () => {
  const client = new Client();
  try {
    const documents = [0, 1, 2].map((i) => ({
      content: { case: 'text', value: `Sergei Lavrov said in Moscow: "We will answer." Ref ${marker} ${i}.` },
      outlet: `Stream ${marker}`,
    }));
    const results = [];
    for await (const result of client.ingestMany([...documents, ''])) results.push(result);
    assert.deepEqual(results.map((r) => r.outcome), [ingest.IngestOutcome.ACCEPTED,
      ingest.IngestOutcome.ACCEPTED, ingest.IngestOutcome.ACCEPTED, ingest.IngestOutcome.REJECTED]);
    const ids = results.slice(0, 3).map((r) => r.documentId);
    const statuses = await client.waitIndexed(ids);
    assert.deepEqual(statuses.map((s) => s.state), Array(3).fill(ingest.DocumentState.INDEXED));
    // An id this ingest never accepted fails at once, not at the timeout.
    const started = Date.now();
    await assert.rejects(client.waitIndexed([ids[0], 'f'.repeat(32)], 30_000),
      /never accepted by this ingest: f{32}/);
    assert.ok(Date.now() - started < 10_000);
    assert.equal((await client.status(ids[0])).state, ingest.DocumentState.INDEXED);
    const only = { outlets: [`Stream ${marker}`] };
    assert.equal((await client.list({ filter: only })).totalSize, 3n);
    const listed = [];
    for await (const document of client.documents(only)) listed.push(document.id);
    assert.deepEqual(listed.sort(), [...ids].sort());
    assert.equal((await client.search(marker, { filter: only })).totalSize, 3n);
    // The three tell one story: collapsed, one hit counts the other two.
    const one = await client.search(marker, { filter: only, collapseStories: true });
    assert.equal(one.totalSize, 1n);
    assert.equal(one.hits[0].storyMatches, 2);
    // Fields beside a DocumentInput would be lost: refused.
    await assert.rejects(client.ingest({ content: { case: 'text', value: 'x' } }, { title: 'lost' }),
      (error) => error instanceof TypeError && /title/.test(error.message));
    // The registry's client, with the client's token and TLS.
    await client.registryService.listKnownNames({}, { timeoutMs: 10_000 });
    // A failure of the documents' own iterable is thrown as it was.
    async function* broken() {
      yield `First of a broken feed ${marker}.`;
      throw new RangeError('the feed broke');
    }
    await assert.rejects((async () => { for await (const _ of client.ingestMany(broken())) { /* */ } })(),
      (error) => error instanceof RangeError && /the feed broke/.test(error.message));
    const annotations = await client.tag('Sergei Lavrov spoke.');
    assert.ok(annotations.mentions.some((m) => m.text === 'Sergei Lavrov'));
    assert.ok((await client.entity('Lavrov')).entity.documentCount >= 3n);
    assert.equal((await client.entity('Lavrov', EntityType.PERSON)).entity.type, EntityType.PERSON);
    // Facets and views without the raw stub.
    const faceted = await client.search(marker, {
      filter: only, facets: [search.Facet.OUTLETS], view: query.SearchView.IDS,
    });
    assert.deepEqual(faceted.facets.outlets.map((o) => [o.outlet, o.documentCount]),
      [[`Stream ${marker}`, 3n]]);
    // Of a kind: the words are quoted, none reported.
    assert.equal((await client.quotes({
      speaker: 'Lavrov', filter: only, kinds: [QuoteKind.DIRECT],
    })).totalSize, 3n);
    assert.equal((await client.quotes({
      speaker: 'Lavrov', filter: only, kinds: [QuoteKind.INDIRECT],
    })).totalSize, 0n);
    // Quotes by a speaker, in the documents a filter lets through, a page
    // at a time.
    const first = await client.quotes({ speaker: 'Lavrov', filter: only, pageSize: 2 });
    assert.equal(first.quotes.length, 2);
    assert.equal(first.totalSize, 3n);
    const rest = await client.quotes({
      speaker: 'Lavrov', filter: only, pageSize: 2, pageToken: first.nextPageToken,
    });
    assert.equal(rest.quotes.length, 1);
    assert.equal(rest.nextPageToken, '');
    // Analytics: the three documents name Lavrov and Moscow together.
    const timeline = await client.timeline('Lavrov', { filter: only });
    assert.equal(timeline.buckets.reduce((n, b) => n + b.documentCount, 0n), 3n);
    const together = (await client.cooccurring('Lavrov', { filter: only })).entitiesTogether;
    assert.ok(together.some((e) => (e.entity.displayName || e.entity.name) === 'Moscow'));
    const stories = (await client.stories({ pageSize: 5 })).stories;
    assert.ok(stories.length > 0 && (await client.story(stories[0].id)).documents.length > 0);
    // The three tell one story (which an earlier report may have begun),
    // the one a filter by their outlet lists.
    const told = (await client.stories({ filter: only })).stories;
    assert.deepEqual(told.map((s) => s.id), [one.hits[0].document.storyId]);
    assert.ok(told[0].documentCount >= 3);
    // A watch sees a document indexed after it started, and ends quietly at
    // its timeout.
    const seen = [];
    let opened;
    const open = new Promise((resolve) => { opened = resolve; });
    const watching = (async () => {
      for await (const document of client.watch(marker, { timeoutMs: 15_000, onOpen: opened })) {
        seen.push(document.id);
      }
    })();
    await open;
    const late = await client.ingest(`Sergei Lavrov came back later. Ref ${marker} late.`);
    await client.waitIndexed([late.documentId]);
    await watching;
    assert.ok(seen.includes(late.documentId), seen);
    // Curation: an alias, taken back; a split needs a spelling the entity was
    // joined by; a merge across types is refused.
    assert.ok((await client.alias('Lavrov', 'FM Lavrov')).entity.aliases.includes('FM Lavrov'));
    await assert.rejects(client.split('Lavrov', 'FM Lavrov'),
      (error) => error instanceof DossierError && error.codeName === 'NOT_FOUND');
    assert.ok(!(await client.unalias('Lavrov', 'FM Lavrov')).entity.aliases.includes('FM Lavrov'));
    await assert.rejects(client.merge('Moscow', 'Lavrov'),
      (error) => error instanceof DossierError && error.reason === 'TYPE_MISMATCH');
    // A type the tagger missed is set, and set back; no type is refused.
    assert.equal((await client.retype('Moscow', EntityType.ORGANIZATION)).entity.type,
      EntityType.ORGANIZATION);
    assert.equal((await client.entity('Moscow')).entity.type, EntityType.ORGANIZATION);
    assert.equal((await client.retype('Moscow', EntityType.LOCATION)).entity.type,
      EntityType.LOCATION);
    await assert.rejects(client.retype('Moscow', EntityType.UNSPECIFIED),
      (error) => error instanceof DossierError && error.reason === 'INVALID_ENUM');
    const retagged = await client.retag([ids[0], 'f'.repeat(32)]);
    assert.deepEqual(retagged.results.map((r) => r.outcome),
      [ingest.RetagOutcome.RETAGGED, ingest.RetagOutcome.NOT_FOUND]);
    assert.ok(retagged.taggerVersion.startsWith('ner-crf-'), retagged.taggerVersion);
    assert.equal((await client.delete(ids[0])).deleted, true);
    assert.equal((await client.status(ids[0])).state, ingest.DocumentState.DELETED);
    await assert.rejects(client.get(ids[0]), (error) => error instanceof DossierError &&
      error.codeName === 'NOT_FOUND' && error.retryClass === 'permanent');
    console.log('every helper answered');
  } finally {
    client.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
JS
  { echo "a helper failed"; exit 1; }
stop_up

# Tokens and TLS, as the README of the repository runs them.
start_up_secure
run_example tls DOSSIER_TOKEN="$analyst" DOSSIER_TLS_CA="$tmp/certs/ca.pem"

# Without the token, refused; plaintext to a TLS server, unavailable; the
# server name override and a token file work.
(cd "$tmp/app" && node - "$tmp" <<'JS') || { echo "the package's token and TLS options failed"; exit 1; }
const fs = require('node:fs');
const { Client, DossierError } = require('dossier-client');
const tmp = process.argv[2];
const address = (name) => fs.readFileSync(`${tmp}/var/run/${name}.port`, 'utf8').trim();
const addresses = { ingest: address('ingest'), query: address('query'), tagger: address('tagger') };
const once = { patienceMs: 0, flukes: 0 };
async function refused(options, ...codeNames) {
  const client = new Client({ ...addresses, retry: once, timeoutMs: 3000, ...options });
  try {
    await client.list();
    throw new Error(`listed with ${JSON.stringify(options)}`);
  } catch (error) {
    if (!(error instanceof DossierError) || !codeNames.includes(error.codeName)) throw error;
  } finally {
    client.close();
  }
}
(async () => {
  await refused({ token: '', tlsCa: `${tmp}/certs/ca.pem` }, 'UNAUTHENTICATED');
  // Plaintext to a TLS listener: the server resets the HTTP/2 stream.
  await refused({ tokenFile: `${tmp}/analyst.token` }, 'UNAVAILABLE', 'CANCELLED');
  const client = new Client({ ...addresses, tokenFile: `${tmp}/analyst.token`,
    tlsCa: `${tmp}/certs/ca.pem`, tlsServerName: 'localhost' });
  const listed = await client.list();
  client.close();
  if (listed.totalSize < 1n) throw new Error('nothing listed');
  console.log('token and TLS options: refused without a token, not in plaintext, served with a token file');
})().catch((error) => { console.error(error); process.exit(1); });
JS
stop_up

# Mutual TLS: a client certificate is required, and the package sends one.
rm -rf "${tmp:?}/var"
certs=$tmp/certs
start_up DOSSIER_METRICS_PORTS=off \
  DOSSIER_SERVICE_FLAGS="--auth_tokens=$tmp/tokens --token_file=$tmp/services.token --tls_cert=$certs/server.pem --tls_key=$certs/server.key --tls_ca=$certs/ca.pem --tls_client_ca=$certs/ca.pem --tls_client_cert=$certs/client.pem --tls_client_key=$certs/client.key" \
  DOSSIER_CLIENT_FLAGS="--tls_ca=$certs/ca.pem --tls_client_cert=$certs/client.pem --tls_client_key=$certs/client.key"
(cd "$tmp/app" && node - "$tmp" <<'JS') || { echo "the package's mutual TLS failed"; exit 1; }
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { Client, DossierError } = require('dossier-client');
const tmp = process.argv[2];
const certs = `${tmp}/certs/`;
const address = (name) => fs.readFileSync(`${tmp}/var/run/${name}.port`, 'utf8').trim();
const addresses = { ingest: address('ingest'), query: address('query'), tagger: address('tagger') };
const options = { ...addresses, tokenFile: `${tmp}/analyst.token`, tlsCa: `${certs}ca.pem` };
(async () => {
  const refused = new Client({ ...options, retry: { patienceMs: 0, flukes: 0 }, timeoutMs: 3000 });
  await assert.rejects(refused.list(), (error) => error instanceof DossierError &&
    ['UNAVAILABLE', 'CANCELLED', 'INTERNAL'].includes(error.codeName));
  refused.close();
  const client = new Client({ ...options, tlsClientCert: `${certs}client.pem`,
    tlsClientKey: `${certs}client.key` });
  assert.equal((await client.list()).totalSize, 0n);
  assert.deepEqual(await client.health(), { ingest: 'SERVING', query: 'SERVING', tagger: 'SERVING' });
  client.close();
  console.log('mutual TLS: refused without a client certificate, served with one');
})().catch((error) => { console.error(error); process.exit(1); });
JS
echo "clients/node: packed, installed, README example compiled strictly and ran in plaintext and with token and TLS; mutual TLS"
