// dossier from Node.js: health, reflection, and ingest-then-read through the
// public API, with protos loaded at run time (no generated code). Calls are
// repeated by dossier's one retry policy (common/retry.h): `classify` below
// is its table, `callWithRetries` what a client does with it.
//
//   node client_test.js --ingest=HOST:PORT --query=HOST:PORT --tagger=HOST:PORT \
//       [--token_file=FILE] [--tls_ca=ca.pem]
//
// A token (--token_file, else $DOSSIER_TOKEN) goes as `authorization: Bearer
// TOKEN` on every call; --tls_ca speaks TLS, trusting servers that CA signed.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const test = require('node:test');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { GrpcReflection } = require('grpc-js-reflection-client');

const args = Object.fromEntries(process.argv.slice(2)
  .filter((a) => a.startsWith('--'))
  .map((a) => a.slice(2).split('=')));
for (const name of ['ingest', 'query', 'tagger']) {
  if (!args[name]) throw new Error(`--${name}=HOST:PORT is required`);
}

const protoRoot = path.resolve(__dirname, '../../protos');
const definition = protoLoader.loadSync(
  ['dossier/v1/ingest_service.proto', 'dossier/v1/query_service.proto',
    'grpc/health/v1/health.proto'],
  {
    // The health check's proto is the package's (proto/); the well-known
    // types come with protobufjs.
    includeDirs: [protoRoot, path.resolve(__dirname, 'proto')],
    longs: String, enums: String, defaults: true, oneofs: true,
  });
const loaded = grpc.loadPackageDefinition(definition);
// The transport: TLS with --tls_ca, else plaintext (loopback).
const transport = args.tls_ca
  ? grpc.credentials.createSsl(fs.readFileSync(args.tls_ca))
  : grpc.credentials.createInsecure();
const token = args.token_file
  ? fs.readFileSync(args.token_file, 'utf8').split('\n')[0].trim()
  : (process.env.DOSSIER_TOKEN || '');
// The token on every call, TLS or not (grpc-js's call credentials need TLS).
const withToken = token
  ? {
    interceptors: [(options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    })],
  }
  : {};
const ingest = new loaded.dossier.v1.IngestService(args.ingest, transport, withToken);
const query = new loaded.dossier.v1.QueryService(args.query, transport, withToken);

// Every call has a deadline.
function call(client, method, request, seconds = 10) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + seconds * 1000 },
      (error, response) => (error ? reject(error) : resolve(response)));
  });
}

// The class of a failed call, as common/retry.h Classify decides it:
// 'outage' (wait, at least the server's RetryInfo delay, and call again),
// 'retry' (call again a few times) or 'permanent' (the call as made cannot
// succeed).
function classify(code, details = '', retryDelay = null) {
  const s = grpc.status;
  if ([s.UNAVAILABLE, s.DEADLINE_EXCEEDED, s.CANCELLED].includes(code)) return 'outage';
  if (code === s.RESOURCE_EXHAUSTED) {
    if (retryDelay !== null) return 'outage'; // load shed (OUTBOX_FULL)
    if (/message larger than max/i.test(details)) return 'permanent'; // never fits
    return 'outage';
  }
  if ([s.ABORTED, s.INTERNAL, s.UNKNOWN].includes(code)) return 'retry';
  return 'permanent';
}

// The fields of a serialized protobuf message: [{ field, value }], value a
// number (varint) or a Buffer (length-delimited); enough to read
// google.rpc.Status without generated code.
function protoFields(buffer) {
  const fields = [];
  let pos = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buffer[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (pos < buffer.length) {
    const key = varint();
    const wire = key % 8;
    if (wire === 0) {
      fields.push({ field: Math.floor(key / 8), value: varint() });
    } else if (wire === 2) {
      const length = varint();
      fields.push({ field: Math.floor(key / 8), value: buffer.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
    } else {
      break;
    }
  }
  return fields;
}

// The RetryInfo delay (seconds) of a failed call's google.rpc.Status
// (trailer grpc-status-details-bin), else null.
function retryDelay(error) {
  const [details] = (error.metadata && error.metadata.get('grpc-status-details-bin')) || [];
  if (!details) return null;
  for (const { field, value } of protoFields(details)) {
    if (field !== 3) continue; // Status.details: Any
    const any = protoFields(value);
    const typeUrl = any.find((f) => f.field === 1);
    const payload = any.find((f) => f.field === 2);
    if (!typeUrl || typeUrl.value.toString() !== 'type.googleapis.com/google.rpc.RetryInfo') continue;
    const delay = payload && protoFields(payload.value).find((f) => f.field === 1);
    if (!delay) return 0;
    const parts = protoFields(delay.value);
    const seconds = (parts.find((f) => f.field === 1) || { value: 0 }).value;
    const nanos = (parts.find((f) => f.field === 2) || { value: 0 }).value;
    return seconds + nanos / 1e9;
  }
  return null;
}

// fn() until it answers: outages for up to `patience` seconds with
// exponential backoff (at least the server's RetryInfo delay), flukes up to
// `flukes` times; a permanent error, or one past those, is thrown.
async function callWithRetries(fn, { flukes = 3, patience = 60, sleep = (seconds) =>
  new Promise((r) => setTimeout(r, seconds * 1000)) } = {}) {
  let waited = 0;
  let backoff = 0.1;
  let tries = 0;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      const asked = retryDelay(error);
      const kind = classify(error.code, error.details, asked);
      if (kind === 'retry') tries += 1;
      if (kind === 'permanent' || (kind === 'retry' && tries > flukes) || waited >= patience) {
        throw error;
      }
      const delay = Math.max(asked || 0, backoff * (0.5 + Math.random() / 2));
      backoff = Math.min(backoff * 2, 10);
      await sleep(delay);
      waited += delay;
    }
  }
}

// A failed call as grpc-js reports it.
function rpcError(code, details = '', statusDetails = null) {
  const error = new Error(details);
  error.code = code;
  error.details = details;
  error.metadata = new grpc.Metadata();
  if (statusDetails) error.metadata.set('grpc-status-details-bin', statusDetails);
  return error;
}

test('the retry table of common/retry.h', () => {
  const s = grpc.status;
  for (const code of [s.UNAVAILABLE, s.DEADLINE_EXCEEDED, s.CANCELLED]) {
    assert.equal(classify(code), 'outage');
  }
  assert.equal(classify(s.RESOURCE_EXHAUSTED, 'full', 1), 'outage');
  assert.equal(classify(s.RESOURCE_EXHAUSTED, 'Sent message larger than max (9 vs. 4)'),
    'permanent');
  assert.equal(classify(s.RESOURCE_EXHAUSTED, 'quota'), 'outage');
  for (const code of [s.ABORTED, s.INTERNAL, s.UNKNOWN]) assert.equal(classify(code), 'retry');
  for (const code of [s.INVALID_ARGUMENT, s.NOT_FOUND, s.FAILED_PRECONDITION, s.OUT_OF_RANGE,
    s.ALREADY_EXISTS, s.UNIMPLEMENTED, s.PERMISSION_DENIED, s.UNAUTHENTICATED, s.DATA_LOSS]) {
    assert.equal(classify(code), 'permanent');
  }
});

test('RetryInfo is read and honoured; flukes are bounded; permanent errors thrown', async () => {
  // google.rpc.Status{code: 8, message: "full", details: [RetryInfo 2.5 s,
  // ErrorInfo OUTBOX_FULL]}, as a server sends it.
  const full = Buffer.from('0808120466756c6c1a360a28747970652e676f6f676c65617069732e636f6d2f676f'
    + '6f676c652e7270632e5265747279496e666f120a0a0808021080cab5ee011a450a28747970652e676f6f676c65'
    + '617069732e636f6d2f676f6f676c652e7270632e4572726f72496e666f12190a0b4f5554424f585f46554c4c12'
    + '0a646f73736965722e7631', 'hex');
  const shed = rpcError(grpc.status.RESOURCE_EXHAUSTED, 'full', full);
  assert.equal(retryDelay(shed), 2.5);
  assert.equal(retryDelay(rpcError(grpc.status.UNAVAILABLE)), null);

  const slept = [];
  const sleep = async (seconds) => { slept.push(seconds); };
  let calls = 0;
  assert.equal(await callWithRetries(async () => {
    calls += 1;
    if (calls === 1) throw shed;
    return 'done';
  }, { sleep }), 'done');
  assert.ok(slept[0] >= 2.5);

  calls = 0;
  await assert.rejects(callWithRetries(async () => {
    calls += 1;
    throw rpcError(grpc.status.INTERNAL, 'reset');
  }, { sleep, flukes: 3 }));
  assert.equal(calls, 4);

  calls = 0;
  await assert.rejects(callWithRetries(async () => {
    calls += 1;
    throw rpcError(grpc.status.INVALID_ARGUMENT, 'bad');
  }, { sleep }));
  assert.equal(calls, 1);
});

test('every service reports SERVING', async () => {
  for (const [address, service] of [[args.ingest, 'dossier.v1.IngestService'],
    [args.query, 'dossier.v1.QueryService'], [args.tagger, 'dossier.v1.TaggerService']]) {
    const health = new loaded.grpc.health.v1.Health(address, transport);
    for (const name of ['', service]) {
      const response = await call(health, 'Check', { service: name });
      assert.equal(response.status, 'SERVING', `${address} ${name}`);
    }
    health.close();
  }
});

test('reflection lists each service', async () => {
  for (const [address, service] of [[args.ingest, 'dossier.v1.IngestService'],
    [args.query, 'dossier.v1.QueryService'], [args.tagger, 'dossier.v1.TaggerService']]) {
    const reflection = new GrpcReflection(address, transport);
    const services = await reflection.listServices();
    assert.ok(services.includes(service), `${address} lists ${services}`);
    assert.ok(services.includes('grpc.health.v1.Health'), `${address} lists ${services}`);
  }
});

test('ingest a document and read it back', async () => {
  const marker = crypto.randomUUID();
  const text = `Aleksandar Vu\u010di\u0107 spoke in Belgrade about \u{1F4F0} Kosovo. Ref ${marker}.`;
  const accepted = await callWithRetries(() => call(ingest, 'IngestDocument', {
    document: { text, outlet: 'Node Wire', clientKey: `node-${marker}` },
  }));
  assert.equal(accepted.result.outcome, 'INGEST_OUTCOME_ACCEPTED');
  const id = accepted.result.documentId;
  assert.match(id, /^[0-9a-f]{32}$/);

  // Readable once its status says INDEXED (NOT_FOUND is permanent in the
  // table: the document is looked up when it is there).
  let state;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    state = (await callWithRetries(() => call(ingest, 'GetDocumentStatus', { name: id })))
      .status.state;
    if (state === 'DOCUMENT_STATE_INDEXED' || state === 'DOCUMENT_STATE_FAILED') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state, 'DOCUMENT_STATE_INDEXED');
  const { document } = await callWithRetries(() => call(query, 'GetDocument',
    { name: `documents/${id}`, encodingType: 'ENCODING_TYPE_UTF16' }));
  assert.equal(document.text, text);
  assert.equal(document.clientKey, `node-${marker}`);
  assert.equal(document.metadata.outlet, 'Node Wire');
  assert.ok(document.annotations.mentions.length > 0);
  // UTF-16 offsets index JavaScript strings directly, emoji included.
  for (const mention of document.annotations.mentions) {
    assert.equal(text.slice(mention.span.begin, mention.span.end), mention.text);
  }
  const listed = await call(query, 'ListDocuments', { pageSize: 1000 });
  assert.ok(listed.documents.some((d) => d.id === id));
  assert.ok(Number(listed.totalSize) >= 1);
});

test('an empty document is INVALID_ARGUMENT', async () => {
  await assert.rejects(
    callWithRetries(() => call(ingest, 'IngestDocument', { document: { text: '' } })),
    (error) => error.code === grpc.status.INVALID_ARGUMENT && /empty/.test(error.details)
      && classify(error.code) === 'permanent');
});

test.after(() => {
  ingest.close();
  query.close();
});
