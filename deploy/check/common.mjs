// What both checks of deploy/ share: the pinned kubectl, rendering a
// kustomization, reading YAML, and finding the pod spec inside a workload.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const CHECK_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(CHECK_DIR, '../..');
export const OVERLAYS = ['deploy/base', 'deploy/overlays/dev', 'deploy/overlays/prod'];

// kubectl 1.32 from the npm package pinned in package-lock.json, unzipped
// by tools/lib.sh (ensure_deploy_tools); $DOSSIER_KUBECTL overrides it.
export function kubectl() {
  const path = process.env.DOSSIER_KUBECTL || join(CHECK_DIR, 'node_modules/.kubectl/kubectl');
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run tools/test, or ` +
      `bash -c 'source tools/lib.sh && ensure_deploy_tools'`);
  }
  return path;
}

export function parseYaml(text, origin) {
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${origin}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

// The objects of `target`: a kustomization directory, rendered by
// `kubectl kustomize`, or a YAML file as it is.
export function load(target) {
  const path = resolve(ROOT, target);
  if (statSync(path).isDirectory()) {
    const text = execFileSync(kubectl(), ['kustomize', path], { encoding: 'utf8' });
    return parseYaml(text, target);
  }
  return parseYaml(readFileSync(path, 'utf8'), target);
}

export function describe(obj) {
  const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata?.name ?? '(no name)'}`;
}

// The pod template of a workload ({metadata, spec}), the pod itself for a
// Pod, or null for an object that runs no pods.
export function podTemplateOf(obj) {
  switch (obj.kind) {
    case 'Pod':
      return { metadata: obj.metadata ?? {}, spec: obj.spec ?? {} };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return obj.spec?.template ?? { metadata: {}, spec: {} };
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec?.template ?? { metadata: {}, spec: {} };
    default:
      return null;
  }
}

// Every container of a pod spec, init and ephemeral ones included, with
// the field path it sits at.
export function containersOf(spec) {
  const out = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    (spec[field] ?? []).forEach((c, i) => out.push({ container: c, path: `spec.${field}[${i}]` }));
  }
  return out;
}

// The `# expect: TEXT` lines of a YAML file: what its refusal must say.
export function expectations(file) {
  return readFileSync(resolve(ROOT, file), 'utf8')
    .split('\n')
    .map((l) => /^#\s*expect:\s*(.+)$/.exec(l)?.[1].trim())
    .filter(Boolean);
}
