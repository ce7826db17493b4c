#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into native/electron/<electron version>/better_sqlite3.node.
//
// node_modules/better-sqlite3 stays built for Node (the CLI, browser mode and the tests use it); this
// script works on a copy of its sources in a temporary folder, so the repository's node_modules is
// never touched. It first tries a prebuilt binary (prebuild-install, from GitHub), then compiles with
// node-gyp against Electron's headers (from electronjs.org). Either way it needs internet access once;
// node-gyp keeps the headers in ~/.electron-gyp, after which rebuilding works offline.
//
// Usage: node scripts/electron-native.mjs [--electron-version V] [--arch ARCH] [--force] [--check] [--stage]
//   --check   only report whether the module exists (exit 0 yes, 1 no)
//   --force   rebuild even when it exists
//   --stage   also copy it to native/stage/ (what electron-builder packages; see electron-builder.yml)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

function parseArgs(argv) {
  const opts = { force: false, check: false, stage: false, electronVersion: undefined, arch: process.arch };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) fail(`${a} needs a value.`);
      return v;
    };
    if (a === '--force') opts.force = true;
    else if (a === '--check') opts.check = true;
    else if (a === '--stage') opts.stage = true;
    else if (a === '--electron-version') opts.electronVersion = value();
    else if (a === '--arch') opts.arch = value();
    else if (a === '--help' || a === '-h') {
      process.stdout.write('Usage: node scripts/electron-native.mjs [--electron-version V] [--arch ARCH] [--force] [--check] [--stage]\n');
      process.exit(0);
    } else fail(`Unknown option "${a}". Run with --help to see the options.`);
  }
  return opts;
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}

function installedElectronVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  } catch {
    fail('Cannot find node_modules/electron: run "npm install" first (or pass --electron-version).');
  }
}

function resolveBin(candidates) {
  for (const c of candidates) {
    try {
      return require.resolve(c);
    } catch {
      // try the next one
    }
  }
  return null;
}

/**
 * The environment for the build tools, without npm's settings that would point node-gyp at Node's own
 * headers (`npm run` sets npm_config_nodedir, for example) and so silently build for the wrong ABI.
 */
function toolEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|node_gyp|build_from_source)$/i.test(key)) delete env[key];
  }
  return env;
}

function run(label, args, cwd) {
  process.stdout.write(`${label}…\n`);
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: toolEnv() });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`;
  return { ok: r.status === 0, output };
}

/** The one line of a tool's output that says why it failed, in plain words when it is the network. */
function reason(output, defaultHost) {
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|network|socket hang up|unable to get local issuer/i.test(output)) {
    const host = /(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED)\s+([\w.:-]+)/.exec(output)?.[1] ?? defaultHost;
    return `no network access${host ? ` (cannot reach ${host})` : ''}`;
  }
  if (/No prebuilt binaries found|404/i.test(output)) return 'no prebuilt binary is published for this Electron version and platform';
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /err|fail|cannot|not found/i.test(l));
  return (lines.at(-1) ?? output.trim().split('\n').at(-1) ?? 'unknown error').slice(0, 300);
}

function copySources(from, to) {
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    const src = path.join(from, entry);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(to, entry), { recursive: true });
  }
}

function placeAtomically(file, target) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.copyFileSync(file, tmp);
  fs.renameSync(tmp, target);
}

const opts = parseArgs(process.argv.slice(2));
const version = opts.electronVersion ?? installedElectronVersion();
if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) fail(`"${version}" is not an Electron version (expected something like 45.5.0).`);
const target = path.join(root, 'native', 'electron', version, 'better_sqlite3.node');
const stageTarget = path.join(root, 'native', 'stage', 'better_sqlite3.node');

if (opts.check) {
  if (fs.existsSync(target)) {
    process.stdout.write(`${path.relative(root, target)} exists.\n`);
    process.exit(0);
  }
  fail(`${path.relative(root, target)} is missing: run "npm run native:electron" (needs internet access once).`);
}

if (fs.existsSync(target) && !opts.force) {
  process.stdout.write(`better-sqlite3 for Electron ${version} is ready: ${path.relative(root, target)}\n`);
} else {
  const pkgDir = path.dirname(resolveBin(['better-sqlite3/package.json']) ?? fail('Cannot find node_modules/better-sqlite3: run "npm install" first.'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-native-'));
  // fail() exits at once, past the finally below: the work folder goes on exit too
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  const failures = [];
  try {
    copySources(pkgDir, work);
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    const common = ['--runtime', 'electron', '--target', version, '--arch', opts.arch];

    const prebuild = resolveBin(['prebuild-install/bin.js']);
    if (prebuild) {
      const r = run(
        `Downloading a prebuilt better-sqlite3 for Electron ${version} (${process.platform}-${opts.arch})`,
        [prebuild, ...common, '--platform', process.platform, '--verbose'],
        work,
      );
      if (!(r.ok && fs.existsSync(built))) failures.push(`prebuilt binary: ${reason(r.output, 'github.com')}`);
    } else failures.push('prebuilt binary: prebuild-install is not installed');

    if (!fs.existsSync(built)) {
      const gyp = resolveBin(['node-gyp/bin/node-gyp.js', path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')]);
      if (gyp) {
        const devdir = path.join(os.homedir(), '.electron-gyp');
        // CICLO_ELECTRON_HEADERS_URL: a mirror of electronjs.org/headers (also used by the tests).
        const headersUrl = process.env.CICLO_ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';
        const r = run(
          `Compiling better-sqlite3 against the Electron ${version} headers (a few minutes)`,
          [gyp, 'rebuild', '--release', `--target=${version}`, `--arch=${opts.arch}`, '--runtime=electron', `--dist-url=${headersUrl}`, `--devdir=${devdir}`],
          work,
        );
        if (!(r.ok && fs.existsSync(built))) failures.push(`build from source: ${reason(r.output, new URL(headersUrl).host)}`);
      } else failures.push('build from source: node-gyp is not installed');
    }

    if (!fs.existsSync(built)) {
      const offline = failures.some((f) => f.includes('no network access'));
      fail(
        `Could not build better-sqlite3 for Electron ${version}:\n  - ${failures.join('\n  - ')}\n` +
          (offline
            ? 'This step needs internet access once (Electron headers from electronjs.org, or a prebuilt module from GitHub). ' +
              `Run "npm run native:electron" on a connected machine, or copy native/electron/${version}/ from one with the same OS and CPU.`
            : 'Building from source needs Python 3 and a C++ compiler (build-essential on Linux, Xcode command line tools on macOS, Visual Studio Build Tools on Windows).'),
      );
    }
    if (!process.versions.electron) {
      // Plain Node must refuse to load an Electron build; if it loads, the build is for Node's ABI.
      const probe = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(built)})`], { encoding: 'utf8' });
      if (probe.status === 0)
        fail(
          `The module came out built for Node ${process.version}, not for Electron ${version}; nothing was installed. Check npm_config_* variables that point node-gyp at Node's headers.`,
        );
    }
    placeAtomically(built, target);
    process.stdout.write(`Built better-sqlite3 for Electron ${version}: ${path.relative(root, target)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (opts.stage) {
  placeAtomically(target, stageTarget);
  process.stdout.write(`Staged for packaging: ${path.relative(root, stageTarget)}\n`);
}
