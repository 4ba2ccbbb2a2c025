// Checks deploy/Dockerfile and the rendered manifests against the binaries
// and the tree, since no Docker engine runs here to try them:
//   - every binary a container runs is built and copied into the image;
//   - every flag a container passes (on its command line and in the
//     flagfiles its ConfigMap mounts) is one the binary lists under
//     --helpfull;
//   - every path those flags name exists: in a mounted ConfigMap key or
//     Secret item, under a volume, or in the image (a file of the tree the
//     Dockerfile copies, a directory it makes);
//   - every port a probe, a Service, a NetworkPolicy or EXPOSE names is a
//     containerPort, every containerPort is a port the flags listen on, and
//     every address flag (--tagger, --index, --registry) names a Service
//     port that leads to one;
//   - the pods run as the Dockerfile's numeric USER;
//   - the runtime stage installs a Debian package for every shared library
//     the binaries load (what this machine's dpkg says provides it);
//   - .dockerignore keeps build output, node_modules and .git out.
//
//   node deploy/check/image.mjs --bin_dir=BUILD/bin [--dockerfile=F] [TARGET...]
//   node deploy/check/image.mjs --bin_dir=BUILD/bin --expect-refused [--dockerfile=F] TARGET
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OVERLAYS, ROOT, containersOf, describe, load, podTemplateOf } from './common.mjs';

// --- The Dockerfile ------------------------------------------------------------

function parseDockerfile(path) {
  const text = readFileSync(path, 'utf8').replace(/\\\n/g, ' ');
  const stages = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction, ...rest] = line.split(/\s+/);
    const op = instruction.toUpperCase();
    if (op === 'FROM') {
      stages.push({ from: rest[0], name: rest[2] ?? null, ops: [] });
    } else {
      stages.at(-1).ops.push({ op, args: rest, line });
    }
  }
  const build = stages[0];
  const runtime = stages.at(-1);
  const image = {
    targets: new Set(),       // what ninja builds in the build stage
    srcCopies: [],            // build stage: COPY . /src
    files: new Map(),         // runtime path -> {binary} or {tree}
    prefixes: [],             // [runtime dir, tree dir] for copied directories
    dirs: new Set(),          // directories RUN mkdir makes
    packages: new Set(),      // runtime apt-get install
    user: null,
    exposed: new Set(),
  };
  for (const { op, args } of build.ops) {
    if (op === 'RUN') {
      const i = args.indexOf('ninja');
      if (i >= 0) {
        for (const a of args.slice(i + 1)) {
          if (a === '&&') break;
          if (!a.startsWith('-') && !a.startsWith('/')) image.targets.add(a);
        }
      }
    }
    if (op === 'COPY') image.srcCopies.push(args);
  }
  for (const { op, args } of runtime.ops) {
    if (op === 'COPY' && args[0] === `--from=${build.name}`) {
      const sources = args.slice(1, -1);
      const dest = args.at(-1);
      for (const s of sources) {
        if (s === '/build/bin/') {
          // The whole directory: what ninja built.
          for (const name of image.targets) image.files.set(join(dest, name), { binary: name });
        } else if (s.startsWith('/build/bin/')) {
          const name = s.slice('/build/bin/'.length);
          image.files.set(join(dest, name), { binary: name });
        } else if (s.startsWith('/src/')) {
          image.prefixes.push([dest.replace(/\/?$/, '/'), s.slice('/src/'.length).replace(/\/?$/, '/')]);
        } else {
          image.files.set(dest, { unknown: s });
        }
      }
    } else if (op === 'RUN') {
      const words = args.join(' ').split(/\s+/);
      for (let i = 0; i < words.length; i++) {
        if (words[i] === 'install') {
          for (let j = i + 1; j < words.length && !['&&', ';'].includes(words[j]); j++) {
            if (!words[j].startsWith('-')) image.packages.add(words[j]);
          }
        }
        if (words[i] === 'mkdir') {
          for (let j = i + 1; j < words.length && !['&&', ';'].includes(words[j]); j++) {
            if (!words[j].startsWith('-')) image.dirs.add(words[j]);
          }
        }
      }
    } else if (op === 'USER') {
      image.user = args[0];
    } else if (op === 'EXPOSE') {
      for (const p of args) image.exposed.add(Number(p.split('/')[0]));
    }
  }
  return image;
}

// --- The binaries ----------------------------------------------------------------

const helpCache = new Map();

// The flags `binary --helpfull` lists: lines "    --name (help); default: ...".
function flagsOf(binDir, binary) {
  if (!helpCache.has(binary)) {
    let out = '';
    try {
      out = execFileSync(join(binDir, binary), ['--helpfull'], { encoding: 'utf8' });
    } catch (e) {
      out = e.stdout ?? '';
    }
    const flags = new Set([...out.matchAll(/^ {4}--([A-Za-z0-9_]+) \(/gm)].map((m) => m[1]));
    helpCache.set(binary, flags);
  }
  return helpCache.get(binary);
}

// The shared libraries each of `paths` loads, with the Debian package that
// provides each (null when none does): one `dpkg -S` for them all.
function libraryPackages(paths) {
  const libsOf = new Map(paths.map((p) => [p, [...execFileSync('ldd', [p], { encoding: 'utf8' })
    .matchAll(/=>\s+(\S+)\s+\(/g)].map((m) => m[1])]));
  // Debian 12 is merged-/usr: dpkg may know a library under /lib or /usr/lib.
  const spellings = (lib) => [lib, lib.replace(/^\/usr\//, '/'), `/usr${lib}`];
  const all = [...new Set([...libsOf.values()].flat().flatMap(spellings))];
  let out = '';
  try {
    out = execFileSync('dpkg', ['-S', ...all], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    out = e.stdout ?? '';  // dpkg -S fails when any spelling is unknown
  }
  const owner = new Map();
  for (const line of out.split('\n')) {
    const m = /^([^:,\s]+)(?::\S+)?: (\S+)$/.exec(line);
    if (m) owner.set(m[2], m[1]);
  }
  return new Map(paths.map((p) => [p, libsOf.get(p).map((lib) => [lib,
    spellings(lib).map((x) => owner.get(x)).find(Boolean) ?? null])]));
}

// The packages `names` bring with them, by their installed Depends and
// Pre-Depends (dpkg's status database, so nothing is fetched).
function dependencyClosure(names) {
  const seen = new Set();
  const queue = [...names];
  while (queue.length) {
    const name = queue.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    let deps = '';
    try {
      deps = execFileSync('dpkg-query', ['-W', '-f=${Depends}, ${Pre-Depends}', name],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch { continue; }
    for (const alt of deps.split(',')) {
      // Of "a | b", the first is what apt installs.
      const dep = alt.split('|')[0].trim().split(/[\s:(]/)[0];
      if (dep) queue.push(dep);
    }
  }
  return seen;
}

// --- The manifests -------------------------------------------------------------

function portOf(listen) {
  const m = /:(\d+)$/.exec(listen ?? '');
  return m ? Number(m[1]) : null;
}

// `--name=value` or `--name value`-less booleans, as Abseil reads them.
function parseFlag(arg) {
  const m = /^--?([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(arg);
  return m ? { name: m[1], value: m[2] } : null;
}

function flagfileLines(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

function checkTarget(objects, image, binDir, errors) {
  const err = (obj, what) => errors.push(`${describe(obj)}: ${what}`);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o]));
  const services = objects.filter((o) => o.kind === 'Service');
  const workloads = objects.map((o) => ({ obj: o, template: podTemplateOf(o) })).filter((w) => w.template);
  const [uid, gid] = (image.user ?? '').split(':').map(Number);

  // What a path in a container resolves to: the mount it is under, or the
  // image.
  function pathErrors(path, mounts, volumes) {
    const mount = mounts
      .filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    if (mount) {
      const rel = path.slice(mount.mountPath.replace(/\/$/, '').length + 1);
      const volume = volumes.find((v) => v.name === mount.name) ?? {};
      if (volume.configMap) {
        const cm = configMaps.get(volume.configMap.name);
        if (!cm) return `${path}: ConfigMap ${volume.configMap.name} is not among the objects`;
        if (rel && !(rel in (cm.data ?? {}))) return `${path}: ConfigMap ${cm.metadata.name} has no key ${rel}`;
        return null;
      }
      if (volume.secret) {
        const items = volume.secret.items;
        if (rel && items && !items.some((i) => i.path === rel)) {
          return `${path}: the volume of Secret ${volume.secret.secretName} has no item ${rel}`;
        }
        return null;
      }
      // emptyDir, a claim template's volume: the service writes there.
      return null;
    }
    if (image.files.has(path)) return null;
    if ([...image.dirs].some((d) => path === d || path.startsWith(`${d}/`))) return null;
    for (const [dest, tree] of image.prefixes) {
      if (path.startsWith(dest)) {
        const inTree = join(ROOT, tree, path.slice(dest.length));
        return existsSync(inTree) ? null : `${path}: the image copies ${tree} there, and the tree has no ${inTree.slice(ROOT.length + 1)}`;
      }
    }
    return `${path}: neither a volume nor the image provides it`;
  }

  // A Service port reached by `address` (HOST:PORT, dns:///HOST:PORT; HOST
  // a Service, or POD.SERVICE for a StatefulSet's pod).
  function addressErrors(address) {
    const m = /^(?:dns:\/\/\/)?([^:/]+):(\d+)$/.exec(address);
    if (!m) return `${address}: not HOST:PORT`;
    const [, host, portText] = m;
    const port = Number(portText);
    const labels = host.split('.');
    const svcName = labels.length >= 2 ? labels[1] : labels[0];
    const svc = services.find((s) => s.metadata.name === svcName);
    if (!svc) return `${address}: no Service ${svcName}`;
    if (labels.length >= 2) {
      const pod = labels[0];
      const sts = objects.find((o) => o.kind === 'StatefulSet' && o.spec.serviceName === svcName &&
        pod.startsWith(`${o.metadata.name}-`) &&
        Number(pod.slice(o.metadata.name.length + 1)) < (o.spec.replicas ?? 1));
      if (!sts) return `${address}: no StatefulSet of Service ${svcName} has a pod ${pod}`;
    }
    if (!(svc.spec.ports ?? []).some((p) => p.port === port)) {
      return `${address}: Service ${svcName} has no port ${port}`;
    }
    return null;
  }

  for (const { obj, template } of workloads) {
    const spec = template.spec ?? {};
    const volumes = spec.volumes ?? [];
    const claimNames = (obj.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name);
    const podSc = spec.securityContext ?? {};
    if (!Number.isInteger(uid)) err(obj, `the Dockerfile's USER ${image.user} is not numeric`);
    else if (podSc.runAsUser !== uid) err(obj, `runAsUser ${podSc.runAsUser} is not the image's USER ${uid}`);
    if (Number.isInteger(gid) && podSc.runAsGroup !== undefined && podSc.runAsGroup !== gid) {
      err(obj, `runAsGroup ${podSc.runAsGroup} is not the image's group ${gid}`);
    }
    for (const { container: c, path: where } of containersOf(spec)) {
      const mounts = c.volumeMounts ?? [];
      for (const m of mounts) {
        if (!volumes.some((v) => v.name === m.name) && !claimNames.includes(m.name)) {
          err(obj, `${where} mounts ${m.name}, which is no volume of the pod`);
        }
      }
      const command = c.command ?? [];
      const binPath = command[0]?.includes('/') ? command[0] : `/usr/local/bin/${command[0]}`;
      const file = image.files.get(binPath);
      if (!file?.binary) {
        err(obj, `${where} runs ${command[0]}, which the Dockerfile does not copy into the image`);
        continue;
      }
      if (!image.targets.has(file.binary)) err(obj, `${where}: the Dockerfile does not build ${file.binary}`);
      if (!existsSync(join(binDir, file.binary))) {
        err(obj, `${where}: ${file.binary} is not in ${binDir}`);
        continue;
      }
      const known = flagsOf(binDir, file.binary);
      // The flags, with those of every flagfile in place of --flagfile.
      const argv = [];
      for (const arg of [...command.slice(1), ...(c.args ?? [])]) {
        const f = parseFlag(arg);
        if (f?.name === 'flagfile') {
          for (const p of (f.value ?? '').split(',')) {
            const problem = pathErrors(p, mounts, volumes);
            if (problem) { err(obj, `${where} --flagfile ${problem}`); continue; }
            const mount = mounts.find((m) => p.startsWith(`${m.mountPath}/`));
            const vol = volumes.find((v) => v.name === mount?.name);
            const cm = configMaps.get(vol?.configMap?.name);
            const key = p.slice(mount.mountPath.length + 1);
            if (!cm) { err(obj, `${where} --flagfile ${p} is not in a ConfigMap`); continue; }
            argv.push(...flagfileLines(cm.data[key]).map((l) => ({ arg: l, from: `${p}` })));
          }
        } else {
          argv.push({ arg, from: 'args' });
        }
      }
      const listened = new Set();
      for (const { arg, from } of argv) {
        const f = parseFlag(arg);
        if (!f) { err(obj, `${where} (${from}): ${arg} is not a flag`); continue; }
        const name = known.has(f.name) || !f.name.startsWith('no') ? f.name : f.name.slice(2);
        if (!known.has(name)) {
          err(obj, `${where} (${from}): ${file.binary} has no flag --${f.name}`);
          continue;
        }
        for (const p of (f.value ?? '').split(',').filter((v) => v.startsWith('/'))) {
          const problem = pathErrors(p, mounts, volumes);
          if (problem) err(obj, `${where} (${from}) --${name}=${problem}`);
        }
        if (['listen', 'internal_listen', 'metrics_listen'].includes(name)) listened.add(portOf(f.value));
        if (['tagger', 'index', 'registry'].includes(name) && f.value) {
          const problem = addressErrors(f.value);
          if (problem) err(obj, `${where} (${from}) --${name}=${problem}`);
        }
      }
      const containerPorts = new Map((c.ports ?? []).map((p) => [p.containerPort, p]));
      const named = new Map((c.ports ?? []).filter((p) => p.name).map((p) => [p.name, p.containerPort]));
      for (const p of containerPorts.keys()) {
        if (!listened.has(p)) err(obj, `${where}: containerPort ${p} is not a port its flags listen on`);
        if (!image.exposed.has(p)) err(obj, `${where}: containerPort ${p} is not EXPOSEd by the Dockerfile`);
      }
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const probe = c[kind];
        if (!probe) { err(obj, `${where} has no ${kind}`); continue; }
        const handler = probe.grpc ?? probe.tcpSocket ?? probe.httpGet;
        if (!handler) continue;
        const port = typeof handler.port === 'string' ? named.get(handler.port) : handler.port;
        if (!containerPorts.has(port)) err(obj, `${where} ${kind} port ${handler.port} is not a containerPort`);
      }
    }
  }

  // A Service's or a NetworkPolicy's port must lead to a containerPort of
  // a pod it selects.
  const podsSelected = (selector) => workloads.filter((w) => selects(selector, w.template.metadata?.labels));
  const portsOfPods = (pods) => pods.flatMap((w) => containersOf(w.template.spec).flatMap((x) => x.container.ports ?? []));
  for (const svc of services) {
    const pods = podsSelected(svc.spec.selector);
    if (!pods.length) { err(svc, 'selects no pods'); continue; }
    const ports = portsOfPods(pods);
    for (const p of svc.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      if (!ports.some((cp) => cp.name === target || cp.containerPort === target)) {
        err(svc, `port ${p.port} targets ${target}, which no pod it selects has`);
      }
    }
  }
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const pods = podsSelected(np.spec.podSelector?.matchLabels);
    if (!pods.length) { err(np, 'selects no pods'); continue; }
    const ports = portsOfPods(pods);
    for (const rule of np.spec.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (!ports.some((cp) => cp.containerPort === p.port || cp.name === p.port)) {
          err(np, `port ${p.port} is no containerPort of the pods it selects`);
        }
      }
      for (const peer of rule.from ?? []) {
        if (peer.podSelector && !podsSelected(peer.podSelector.matchLabels).length) {
          err(np, `allows pods ${JSON.stringify(peer.podSelector.matchLabels)}, and there are none`);
        }
      }
    }
  }
}

function checkImage(image, binDir, errors) {
  const ignore = join(ROOT, '.dockerignore');
  if (!existsSync(ignore)) {
    errors.push('.dockerignore is missing: the build context would carry build/, node_modules/ and .git');
  } else {
    const lines = new Set(readFileSync(ignore, 'utf8').split('\n').map((l) => l.trim()));
    for (const want of ['.git', 'build/', '**/node_modules/']) {
      if (!lines.has(want)) errors.push(`.dockerignore does not exclude ${want}`);
    }
    for (const [, tree] of image.prefixes) {
      if (lines.has(tree) || lines.has(tree.replace(/\/$/, ''))) errors.push(`.dockerignore excludes ${tree}, which the image copies`);
    }
  }
  if (!/^\d+(:\d+)?$/.test(image.user ?? '')) {
    errors.push(`Dockerfile: USER ${image.user} is not numeric (runAsNonRoot cannot verify a name)`);
  }
  if (!image.srcCopies.some((a) => a[0] === '.' && a[1] === '/src')) errors.push('Dockerfile: the build stage does not COPY . /src');
  const brought = dependencyClosure(image.packages);
  const binaries = [];
  for (const [path, file] of image.files) {
    if (!file.binary) { errors.push(`Dockerfile: ${path} comes from ${file.unknown}, which this check cannot follow`); continue; }
    const bin = join(binDir, file.binary);
    if (!existsSync(bin)) { errors.push(`Dockerfile copies ${file.binary}, which is not in ${binDir}`); continue; }
    binaries.push([file, bin]);
  }
  const libraries = libraryPackages(binaries.map(([, bin]) => bin));
  for (const [file, bin] of binaries) {
    for (const [lib, owner] of libraries.get(bin)) {
      if (!owner) errors.push(`${file.binary} loads ${lib}, which no Debian package provides here`);
      else if (!brought.has(owner)) errors.push(`Dockerfile: ${file.binary} loads ${lib} of ${owner}, which the runtime stage does not install`);
    }
  }
}

function main(argv) {
  const opts = { binDir: null, dockerfile: join(ROOT, 'deploy/Dockerfile'), expectRefused: false, targets: [] };
  for (const a of argv) {
    if (a.startsWith('--bin_dir=')) opts.binDir = resolve(a.slice('--bin_dir='.length));
    else if (a.startsWith('--dockerfile=')) opts.dockerfile = resolve(a.slice('--dockerfile='.length));
    else if (a === '--expect-refused') opts.expectRefused = true;
    else opts.targets.push(a);
  }
  if (!opts.binDir || !statSync(opts.binDir, { throwIfNoEntry: false })?.isDirectory()) {
    console.log('usage: image.mjs --bin_dir=BUILD/bin [--dockerfile=F] [--expect-refused] [TARGET...]');
    process.exit(64);
  }
  const targets = opts.targets.length ? opts.targets : OVERLAYS;
  const image = parseDockerfile(opts.dockerfile);
  const errors = [];
  checkImage(image, opts.binDir, errors);
  for (const t of targets) {
    const before = errors.length;
    const objects = load(t);
    checkTarget(objects, image, opts.binDir, errors);
    for (let i = before; i < errors.length; i++) errors[i] = `${t}: ${errors[i]}`;
    console.log(`${t}: ${objects.length} objects checked`);
  }
  if (!opts.expectRefused) {
    for (const e of errors) console.log(e);
    console.log(errors.length ? `${errors.length} problems` : 'the image and the manifests agree');
    process.exit(errors.length ? 1 : 0);
  }
  // Every `# expect:` line of the fixtures (the Dockerfile and each
  // target's kustomization.yaml) must be among the refusals.
  const fixtures = [opts.dockerfile, ...targets.map((t) => {
    const p = resolve(ROOT, t);
    return statSync(p).isDirectory() ? join(p, 'kustomization.yaml') : p;
  })];
  const wanted = fixtures.flatMap((f) => readFileSync(f, 'utf8').split('\n')
    .map((l) => /^#\s*expect:\s*(.+)$/.exec(l)?.[1].trim()).filter(Boolean));
  const missing = wanted.filter((w) => !errors.some((e) => e.includes(w)));
  for (const e of errors) console.log(`refused: ${e}`);
  for (const m of missing) console.log(`NOT refused, though expected: ${m}`);
  process.exit(wanted.length && !missing.length ? 0 : 1);
}

main(process.argv.slice(2));
