#!/usr/bin/env node
// Estimates the desktop package's size for one platform from electron-builder.yml, without Electron or
// a network: the app's files (out/ and package.json) plus the production dependency closure (dependencies
// and optionalDependencies, resolved as Node resolves them), filtered by the `files` patterns, split into
// app.asar and app.asar.unpacked by `asarUnpack`, plus extraResources. Electron itself is not counted.
// The figure is what `electron-builder --dir` would put in resources/ (give or take the asar header).
//
// Usage: node scripts/package-size.mjs [--platform linux|darwin|win32] [--arch x64|arm64]   (prints JSON)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Minimatch } from 'minimatch';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const platform = opt('--platform', process.platform);
const arch = opt('--arch', process.arch);
const config = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const os = { linux: 'linux', darwin: 'mac', win32: 'win' }[platform];
const expand = (p) => p.replaceAll('${platform}', platform).replaceAll('${arch}', arch).replaceAll('${os}', os);
const platformKey = { linux: 'linux', darwin: 'mac', win32: 'win' }[platform];
const patterns = [...(config.files ?? []), ...(config[platformKey]?.files ?? [])].map(expand);
const compile = (list) => list.map((p) => new Minimatch(p, { dot: true }));
const include = compile(patterns.filter((p) => !p.startsWith('!')));
const exclude = compile(patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
const unpack = compile([config.asarUnpack ?? []].flat().map(expand));
const match = (rel, list) => list.some((m) => m.match(rel));

/** Package folders of the production dependency closure, relative to the root. */
function closure() {
  // node_modules may be a symbolic link (it is in our worktrees): paths are taken relative to its real folder.
  const realModules = fs.realpathSync(path.join(root, 'node_modules'));
  const seen = new Map();
  const visit = (name, fromDir, optional) => {
    let pkgFile;
    try {
      pkgFile = createRequire(path.join(fromDir, 'package.json')).resolve(`${name}/package.json`);
    } catch {
      // exports may hide package.json: walk node_modules folders by hand
      for (let d = fromDir; ; d = path.dirname(d)) {
        const f = path.join(d, 'node_modules', name, 'package.json');
        if (fs.existsSync(f)) {
          pkgFile = f;
          break;
        }
        if (path.dirname(d) === d) break;
      }
    }
    if (!pkgFile) {
      if (!optional) process.stderr.write(`not installed: ${name} (needed from ${path.relative(root, fromDir) || '.'})\n`);
      return;
    }
    const dir = path.dirname(fs.realpathSync(pkgFile));
    if (seen.has(dir)) return;
    const manifest = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    seen.set(dir, path.join('node_modules', path.relative(realModules, dir)));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, root, false);
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, root, true);
  return [...seen.entries()].map(([real, rel]) => ({ real, rel: rel.split(path.sep).join('/') }));
}

function* walk(dir, rel) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const r = `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue; // nested packages are visited through the closure
      yield* walk(full, r);
    } else if (entry.isFile()) yield { full, rel: r };
  }
}

const totals = { asar: 0, unpacked: 0, extraResources: 0 };
const perPackage = new Map();
const add = (rel, size, owner, wholePackageUnpacked = false) => {
  if (match(rel, exclude)) return;
  const where = wholePackageUnpacked || match(rel, unpack) ? 'unpacked' : 'asar';
  totals[where] += size;
  perPackage.set(owner, (perPackage.get(owner) ?? 0) + size);
};
/** electron-builder's smartUnpack: a package holding a native library or addon is unpacked whole. */
const isLibOrExe = (f) => /\.(dll|exe|dylib|so|node)$/.test(f);
for (const { full, rel } of walk(path.join(root, 'out'), 'out')) if (match(rel, include)) add(rel, fs.statSync(full).size, 'out');
add('package.json', fs.statSync(path.join(root, 'package.json')).size, 'out');
for (const p of closure()) {
  const name = p.rel.replace(/^.*node_modules\//, '');
  const files = [...walk(p.real, p.rel)].filter((f) => !match(f.rel, exclude));
  const native = files.some((f) => isLibOrExe(f.rel));
  for (const { full, rel } of files) add(rel, fs.statSync(full).size, name, native);
}
for (const r of [config.extraResources ?? []].flat()) {
  const from = path.join(root, typeof r === 'string' ? r : r.from);
  if (!fs.existsSync(from)) continue;
  const filter = (typeof r === 'string' ? null : r.filter) ?? ['**/*'];
  const pos = compile([filter].flat().filter((f) => !f.startsWith('!')));
  const neg = compile(
    [filter]
      .flat()
      .filter((f) => f.startsWith('!'))
      .map((f) => f.slice(1)),
  );
  if (fs.statSync(from).isFile()) totals.extraResources += fs.statSync(from).size;
  else for (const { full, rel } of walk(from, '')) if (match(rel.slice(1), pos) && !match(rel.slice(1), neg)) totals.extraResources += fs.statSync(full).size;
}
const mb = (n) => Math.round((n / 1e6) * 10) / 10;
const largest = [...perPackage.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 12)
  .map(([name, size]) => ({ name, mb: mb(size) }));
process.stdout.write(
  JSON.stringify(
    {
      platform,
      arch,
      appAsarMB: mb(totals.asar),
      unpackedMB: mb(totals.unpacked),
      extraResourcesMB: mb(totals.extraResources),
      totalMB: mb(totals.asar + totals.unpacked + totals.extraResources),
      // Optional native runtimes, present only when installed: ONNX Runtime (serving), tfjs-node (native TensorFlow).
      optionalNativeMB: mb((perPackage.get('onnxruntime-node') ?? 0) + (perPackage.get('@tensorflow/tfjs-node') ?? 0)),
      largest,
    },
    null,
    2,
  ) + '\n',
);
