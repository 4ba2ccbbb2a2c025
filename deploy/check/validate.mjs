// Validates every object of the kustomize overlays offline:
//   1. against the Kubernetes schema of its kind (kubernetes-models, which
//      carries the OpenAPI schemas of the Kubernetes API compiled to
//      validators): wrong types, missing required fields, bad enums; and
//      for fields its kind does not have (fields.mjs), which those schemas
//      let through;
//   2. against the "restricted" Pod Security Standard, for every object
//      that runs pods (rules below, each citing the documentation);
//   3. for the app.kubernetes.io/* labels on every object and pod template.
//
//   node deploy/check/validate.mjs                    # base, dev and prod
//   node deploy/check/validate.mjs TARGET...          # kustomization dirs or YAML files
//   node deploy/check/validate.mjs --expect-refused FILE...
//
// With --expect-refused each file must be refused, with every `# expect:`
// line of the file among the reasons: the checks are shown to bite.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { unknownFields } from './fields.mjs';
import {
  OVERLAYS, containersOf, describe, expectations, load, podTemplateOf,
} from './common.mjs';

const require = createRequire(import.meta.url);

// --- 1. Schemas ------------------------------------------------------------

// kubernetes-models lays its classes out by API group and version:
// "apps/v1" is kubernetes-models/apps/v1, the core group "v1" is
// kubernetes-models/v1.
function modelOf(apiVersion, kind) {
  let module;
  try {
    module = require(`kubernetes-models/${apiVersion}`);
  } catch {
    return null;
  }
  return module[kind] ?? null;
}

function schemaErrors(obj) {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['no apiVersion or kind'];
  }
  const Model = modelOf(obj.apiVersion, obj.kind);
  if (!Model) return [`${obj.apiVersion} ${obj.kind} is no kind of the Kubernetes API`];
  const errors = (unknownFields(obj) ?? []).map((e) => `unknown field: ${e}`);
  try {
    new Model(obj).validate();
  } catch (e) {
    errors.push(`schema: ${e.message}`);
  }
  return errors;
}

// --- 2. The restricted Pod Security Standard -------------------------------
//
// From https://kubernetes.io/docs/concepts/security/pod-security-standards/
// (policy version "latest", Kubernetes 1.32): the restricted profile is
// every control of the baseline profile plus its own. Each check names the
// control as the page does. Pod Security Admission checks the same fields;
// a namespace labelled pod-security.kubernetes.io/enforce: restricted
// (deploy/overlays/*/namespace.yaml) refuses a pod that fails any of them.

// Baseline "Capabilities": only these may be added (restricted narrows it
// to NET_BIND_SERVICE, below).
const RESTRICTED_ADDABLE_CAPABILITIES = new Set(['NET_BIND_SERVICE']);

// Baseline "Sysctls": the safe set.
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

// Restricted "Volume Types": only these volume sources.
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim',
  'projected', 'secret',
]);

// Baseline "SELinux": the types a pod may ask for.
const SELINUX_TYPES = new Set([
  '', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t',
]);

function restrictedErrors(template) {
  const errors = [];
  const spec = template.spec ?? {};
  const podSc = spec.securityContext ?? {};
  const annotations = template.metadata?.annotations ?? {};
  const fail = (control, what) => errors.push(`restricted "${control}": ${what}`);

  // Baseline "Host Namespaces": spec.hostNetwork, hostPID, hostIPC false or unset.
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f]) fail('Host Namespaces', `spec.${f} is true`);
  }
  // Baseline "HostProcess": windowsOptions.hostProcess false or unset.
  if (podSc.windowsOptions?.hostProcess) {
    fail('HostProcess', 'spec.securityContext.windowsOptions.hostProcess is true');
  }
  // Baseline "Sysctls": only the safe set.
  for (const s of podSc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(s.name)) fail('Sysctls', `spec.securityContext.sysctls: ${s.name} is not safe`);
  }
  // Restricted "Volume Types" (which includes baseline "HostPath Volumes").
  for (const v of spec.volumes ?? []) {
    for (const source of Object.keys(v).filter((k) => k !== 'name')) {
      if (!RESTRICTED_VOLUME_TYPES.has(source)) {
        fail('Volume Types', `volume ${v.name} is of type ${source}`);
      }
    }
  }
  // Baseline "AppArmor": RuntimeDefault, Localhost or unset.
  const appArmorOk = (p) => p === undefined || ['RuntimeDefault', 'Localhost'].includes(p.type);
  if (!appArmorOk(podSc.appArmorProfile)) {
    fail('AppArmor', `spec.securityContext.appArmorProfile.type is ${podSc.appArmorProfile.type}`);
  }
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
        v !== 'runtime/default' && !v.startsWith('localhost/')) {
      fail('AppArmor', `annotation ${k} is ${v}`);
    }
  }
  // Baseline "SELinux": an allowed type, no user or role.
  const seLinuxErrors = (o, where) => {
    if (!o) return;
    if (!SELINUX_TYPES.has(o.type ?? '')) fail('SELinux', `${where}.seLinuxOptions.type is ${o.type}`);
    if (o.user) fail('SELinux', `${where}.seLinuxOptions.user is set`);
    if (o.role) fail('SELinux', `${where}.seLinuxOptions.role is set`);
  };
  seLinuxErrors(podSc.seLinuxOptions, 'spec.securityContext');

  // Restricted "Running as Non-root user": runAsUser non-zero or unset.
  if (podSc.runAsUser === 0) fail('Running as Non-root user', 'spec.securityContext.runAsUser is 0');

  const seccompOk = (p) => p !== undefined && ['RuntimeDefault', 'Localhost'].includes(p.type);
  const containers = containersOf(spec);
  for (const { container: c, path } of containers) {
    const sc = c.securityContext ?? {};
    const where = `${path}.securityContext`;
    // Baseline "Privileged Containers": privileged false or unset.
    if (sc.privileged) fail('Privileged Containers', `${where}.privileged is true`);
    // Baseline "HostProcess".
    if (sc.windowsOptions?.hostProcess) fail('HostProcess', `${where}.windowsOptions.hostProcess is true`);
    // Baseline "Host Ports": none.
    for (const p of c.ports ?? []) {
      if (p.hostPort) fail('Host Ports', `${path} port ${p.containerPort} has hostPort ${p.hostPort}`);
    }
    // Baseline "/proc Mount Type": Default or unset.
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      fail('/proc Mount Type', `${where}.procMount is ${sc.procMount}`);
    }
    // Baseline "AppArmor" and "SELinux", per container.
    if (!appArmorOk(sc.appArmorProfile)) {
      fail('AppArmor', `${where}.appArmorProfile.type is ${sc.appArmorProfile.type}`);
    }
    seLinuxErrors(sc.seLinuxOptions, where);
    // Restricted "Privilege Escalation": allowPrivilegeEscalation must be
    // set, to false.
    if (sc.allowPrivilegeEscalation !== false) {
      fail('Privilege Escalation', `${where}.allowPrivilegeEscalation is not false`);
    }
    // Restricted "Running as Non-root": runAsNonRoot true on the container,
    // or unset there and true on the pod.
    if (sc.runAsNonRoot === false || (sc.runAsNonRoot === undefined && podSc.runAsNonRoot !== true)) {
      fail('Running as Non-root', `neither ${where}.runAsNonRoot nor the pod's is true`);
    }
    // Restricted "Running as Non-root user": runAsUser non-zero or unset.
    if (sc.runAsUser === 0) fail('Running as Non-root user', `${where}.runAsUser is 0`);
    // Restricted "Seccomp": RuntimeDefault or Localhost, on the container or
    // (container unset) on the pod; baseline forbids Unconfined anywhere.
    if (sc.seccompProfile !== undefined ? !seccompOk(sc.seccompProfile) : !seccompOk(podSc.seccompProfile)) {
      fail('Seccomp', `${where}.seccompProfile.type (or the pod's) is not RuntimeDefault or Localhost`);
    }
    // Restricted "Capabilities": drop ALL; add at most NET_BIND_SERVICE.
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) {
      fail('Capabilities', `${where}.capabilities.drop does not hold ALL`);
    }
    for (const cap of sc.capabilities?.add ?? []) {
      if (!RESTRICTED_ADDABLE_CAPABILITIES.has(cap)) fail('Capabilities', `${where}.capabilities.add holds ${cap}`);
    }
  }
  // Baseline "Seccomp" on the pod itself: not Unconfined.
  if (podSc.seccompProfile !== undefined && !seccompOk(podSc.seccompProfile)) {
    fail('Seccomp', `spec.securityContext.seccompProfile.type is ${podSc.seccompProfile.type}`);
  }
  return errors;
}

// Not Pod Security, but what dossier's image needs besides: a root
// filesystem nothing writes to but the volumes.
function hardeningErrors(template) {
  const errors = [];
  for (const { container: c, path } of containersOf(template.spec ?? {})) {
    if (c.securityContext?.readOnlyRootFilesystem !== true) {
      errors.push(`${path}.securityContext.readOnlyRootFilesystem is not true`);
    }
  }
  return errors;
}

// --- 3. Labels ---------------------------------------------------------------
// https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/

const REQUIRED_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/part-of',
  'app.kubernetes.io/component', 'app.kubernetes.io/managed-by'];

function labelErrors(labels, where) {
  return REQUIRED_LABELS.filter((l) => !labels?.[l]).map((l) => `${where} has no label ${l}`);
}

// --- Driver ------------------------------------------------------------------

export function check(objects) {
  const refusals = [];
  for (const obj of objects) {
    const errors = [...schemaErrors(obj), ...labelErrors(obj.metadata?.labels, 'metadata')];
    const template = podTemplateOf(obj);
    if (template) {
      errors.push(...labelErrors(template.metadata?.labels, 'the pod template'));
      errors.push(...restrictedErrors(template), ...hardeningErrors(template));
    }
    for (const e of errors) refusals.push(`${describe(obj)}: ${e}`);
  }
  return refusals;
}

function main(args) {
  const expectRefused = args[0] === '--expect-refused';
  const targets = expectRefused ? args.slice(1) : (args.length ? args : OVERLAYS);
  let failed = 0;
  for (const target of targets) {
    if (!existsSync(target) && !existsSync(new URL(`../../${target}`, import.meta.url))) {
      console.log(`${target}: no such file or directory`);
      failed++;
      continue;
    }
    const objects = load(target);
    const refusals = check(objects);
    if (!expectRefused) {
      for (const r of refusals) console.log(`${target}: ${r}`);
      console.log(`${target}: ${objects.length} objects, ${refusals.length} refused`);
      if (refusals.length || objects.length === 0) failed++;
      continue;
    }
    const wanted = expectations(target);
    const missing = wanted.filter((w) => !refusals.some((r) => r.includes(w)));
    if (refusals.length === 0 || wanted.length === 0 || missing.length) {
      console.log(`${target}: not refused as expected`);
      for (const m of missing) console.log(`  expected a refusal saying: ${m}`);
      for (const r of refusals) console.log(`  refused: ${r}`);
      failed++;
    } else {
      console.log(`${target}: refused (${refusals.length}): ${refusals.join('; ')}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main(process.argv.slice(2));
