// The peer of dossier-bench-ner: the same articles through compromise's
// people(), places() and organizations(), on one thread, best of --repeat
// passes. Prints JSON: documents, mentions, seconds.
//
//   node ner_peer.js --corpus=../shared/data/bbc [--repeat=3]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const nlp = require('compromise');

const args = Object.fromEntries(process.argv.slice(2)
  .filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')));
const corpus = args.corpus || '../shared/data/bbc';
const repeat = Number(args.repeat || 3);

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.txt')) out.push(full);
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const texts = [];
for (const file of walk(corpus, [])) {
  try {
    texts.push(decoder.decode(fs.readFileSync(file)));
  } catch (e) {
    // Not UTF-8: dossier's benchmark skips it too.
  }
}

let best = Infinity;
let mentions = 0;
for (let pass = 0; pass < repeat; pass++) {
  mentions = 0;
  const start = process.hrtime.bigint();
  for (const text of texts) {
    const doc = nlp(text);
    mentions += doc.people().length + doc.places().length + doc.organizations().length;
  }
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(JSON.stringify({ documents: texts.length, mentions, seconds: best }));
