// Fields the Kubernetes API does not know ("readinesProbe", "imagee"):
// the schemas kubernetes-models validates against let unknown fields
// through, as the API server itself does outside strict field validation,
// where a typo silently drops a setting. The known fields of each type are
// read from kubernetes-models' type declarations (one `export interface`
// per .d.ts file, its field types imported from the files beside it).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const declarations = new Map();

// The fields of a TypeScript object type's body: `"name"?: TYPE;` at the
// top level, TYPE possibly an inline object type over several lines.
function fieldsOf(body) {
  const fields = new Map();
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '<') depth++;
    else if (c === '}' || c === '>') depth--;
    else if (c === ';' && depth === 0) {
      const m = /^\s*"([^"]+)"\??:\s*([\s\S]+)$/.exec(body.slice(start, i));
      if (m) fields.set(m[1], m[2].replace(/\s+/g, ' ').trim());
      start = i + 1;
    }
  }
  return fields;
}

// {fields: Map(field -> type text), imports: Map(type name -> .d.ts path)}
// of the interface declared in `path`.
function declaration(path) {
  if (declarations.has(path)) return declarations.get(path);
  const text = readFileSync(path, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
    let target;
    if (m[2].startsWith('.')) {
      target = resolve(dirname(path), `${m[2]}.d.ts`);
    } else {
      target = require.resolve(m[2], { paths: [dirname(path)] }).replace(/\.js$/, '.d.ts');
    }
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).at(-1))) {
      imports.set(name, target);
    }
  }
  const body = /^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m.exec(text)?.[1] ?? '';
  const fields = fieldsOf(body.replace(/\/\*\*[\s\S]*?\*\//g, ''));
  const result = { fields, imports };
  declarations.set(path, result);
  return result;
}

function walk(value, type, imports, where, out) {
  if (value === null || typeof value !== 'object') return;
  const at = (k) => (where ? `${where}.${k}` : k);
  const array = /^Array<([\s\S]+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, array[1], imports, `${where}[${i}]`, out));
    return;
  }
  let fields;
  let typeName = type;
  if (type.startsWith('{')) {
    const inner = type.slice(1, -1).trim();
    const map = /^\[key: string\]:\s*([\s\S]+?);?$/.exec(inner);
    if (map) {
      for (const [k, v] of Object.entries(value)) walk(v, map[1], imports, at(k), out);
      return;
    }
    fields = fieldsOf(inner.endsWith(';') ? inner : `${inner};`);
    typeName = 'an embedded object';
  } else {
    const file = imports.get(type);
    if (!file || !existsSync(file) || Array.isArray(value)) return;  // a primitive, a union
    const decl = declaration(file);
    fields = decl.fields;
    imports = decl.imports;
  }
  if (fields.size === 0) return;  // a type with no declared fields (free-form JSON)
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) {
      out.push(`${at(k)} is not a field of ${typeName.replace(/^IIoK8s(ApimachineryPkgApis|Api)/, '')}`);
    } else {
      walk(v, fields.get(k), imports, at(k), out);
    }
  }
}

// The fields of `obj` its kind does not have; null when the kind's
// declarations cannot be found (the schema check reports that).
export function unknownFields(obj) {
  let file;
  try {
    file = require.resolve(`kubernetes-models/${obj.apiVersion}/${obj.kind}`).replace(/\.js$/, '.d.ts');
  } catch {
    return null;
  }
  const out = [];
  walk(obj, `I${obj.kind}`, new Map([[`I${obj.kind}`, file]]), '', out);
  return out;
}
