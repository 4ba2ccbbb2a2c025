// dossier from Node.js: health, reflection, and ingest-then-read through the
// public API, with protos loaded at run time (no generated code).
//
//   node client_test.js --ingest=HOST:PORT --query=HOST:PORT --tagger=HOST:PORT
'use strict';

const assert = require('node:assert/strict');
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
    includeDirs: [protoRoot, '/usr/share/grpc-proto', '/usr/include'],
    longs: String, enums: String, defaults: true, oneofs: true,
  });
const loaded = grpc.loadPackageDefinition(definition);
const insecure = grpc.credentials.createInsecure();
const ingest = new loaded.dossier.v1.IngestService(args.ingest, insecure);
const query = new loaded.dossier.v1.QueryService(args.query, insecure);

// Every call has a deadline.
function call(client, method, request, seconds = 10) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + seconds * 1000 },
      (error, response) => (error ? reject(error) : resolve(response)));
  });
}

test('every service reports SERVING', async () => {
  for (const [address, service] of [[args.ingest, 'dossier.v1.IngestService'],
    [args.query, 'dossier.v1.QueryService'], [args.tagger, 'dossier.v1.TaggerService']]) {
    const health = new loaded.grpc.health.v1.Health(address, insecure);
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
    const reflection = new GrpcReflection(address, insecure);
    const services = await reflection.listServices();
    assert.ok(services.includes(service), `${address} lists ${services}`);
    assert.ok(services.includes('grpc.health.v1.Health'), `${address} lists ${services}`);
  }
});

test('ingest a document and read it back', async () => {
  const marker = crypto.randomUUID();
  const text = `Aleksandar Vu\u010di\u0107 spoke in Belgrade about \u{1F4F0} Kosovo. Ref ${marker}.`;
  const accepted = await call(ingest, 'IngestDocument', {
    document: { text, outlet: 'Node Wire', clientKey: `node-${marker}` },
  });
  assert.equal(accepted.result.outcome, 'INGEST_OUTCOME_ACCEPTED');
  const id = accepted.result.documentId;
  assert.match(id, /^[0-9a-f]{32}$/);

  let document;
  const deadline = Date.now() + 30000;
  while (!document && Date.now() < deadline) {
    try {
      document = (await call(query, 'GetDocument',
        { name: `documents/${id}`, encodingType: 'ENCODING_TYPE_UTF16' })).document;
    } catch (error) {
      assert.equal(error.code, grpc.status.NOT_FOUND);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.ok(document, 'the document never became readable');
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
  await assert.rejects(call(ingest, 'IngestDocument', { document: { text: '' } }),
    (error) => error.code === grpc.status.INVALID_ARGUMENT && /empty/.test(error.details));
});

test.after(() => {
  ingest.close();
  query.close();
});
