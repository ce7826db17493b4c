#!/usr/bin/env node
// `npm start`: builds the app when out/ is missing or older than the sources, then starts the desktop
// app (Electron). Where Electron is missing or cannot start (its download was blocked, no display, a
// missing system library...), it says why in one line and starts browser mode (`ciclo ui`) instead.
//
// Usage: npm start -- [--browser] [--no-build] [--data-dir DIR] [--port N] [--host ADDRESS]
//   --browser   go straight to browser mode
//   --no-build  never build (use out/ as it is)
//   --data-dir, --port, --host are passed on (--port and --host apply to browser mode only)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainStartFailure, firstError } from './electron-failure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
/** electron/main exits with this code when its database module is unavailable (see electron/main/index.ts). */
const EXIT_NATIVE_MISSING = 78;
/** An Electron that fails within this time "could not start"; later exits are the user closing the app. */
const STARTUP_WINDOW_MS = 8000;
const posix = process.platform !== 'win32';

function usage(message) {
  process.stderr.write(`${message}\nUsage: npm start -- [--browser] [--no-build] [--data-dir DIR] [--port N] [--host ADDRESS]\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { browser: false, build: true, dataDir: undefined, port: undefined, host: undefined };
  for (let i = 0; i < argv.length; i++) {
    let [name, inline] =
      argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') usage(`${name} needs a value.`);
      return v;
    };
    if (name === '--browser') opts.browser = true;
    else if (name === '--no-build') opts.build = false;
    else if (name === '--data-dir') opts.dataDir = path.resolve(value());
    else if (name === '--port') {
      opts.port = value();
      if (!/^\d+$/.test(opts.port) || Number(opts.port) > 65535) usage(`--port must be a whole number from 0 to 65535, not "${opts.port}".`);
    } else if (name === '--host') opts.host = value();
    else if (name === '--help' || name === '-h') usage('Starts Ciclo: the desktop app, or browser mode where Electron cannot start.');
    else usage(`Unknown option "${argv[i]}".`);
  }
  return opts;
}

// ---------------------------------------------------------------- build

const outputs = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => path.join(root, p));
const sources = ['electron', 'renderer', 'shared', 'electron.vite.config.ts', 'package.json'].map((p) => path.join(root, p));

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

function needsBuild() {
  if (outputs.some((f) => !fs.existsSync(f))) return true;
  const oldestOutput = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return Math.max(...sources.map(newestMtime)) > oldestOutput;
}

function build() {
  process.stdout.write('Building Ciclo (electron-vite build)…\n');
  const pkg = JSON.parse(fs.readFileSync(require.resolve('electron-vite/package.json'), 'utf8'));
  const bin = path.join(path.dirname(require.resolve('electron-vite/package.json')), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['electron-vite']);
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    if (fs.existsSync(path.join(root, 'out/renderer/index.html'))) {
      process.stderr.write('The build failed (see above): starting the previous build.\n');
    } else {
      process.stderr.write('The build failed (see above) and there is no earlier build to start.\n');
      process.exit(1);
    }
  }
}

// ---------------------------------------------------------------- electron

/** The Electron executable, or why there is none. Never triggers a download (that can hang offline). */
function findElectron() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'Electron is not installed (node_modules/electron is missing; run "npm install")' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? path.join(override, relative || 'electron') : relative ? path.join(dir, 'dist', relative) : '';
  if (!executable || !fs.existsSync(executable)) {
    return { reason: 'Electron is not available (its binary was not downloaded; "npx install-electron" fetches it)' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'Electron cannot open a window here (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { executable };
}

// ---------------------------------------------------------------- processes

let child = null;
let stopping = false;

/** Ctrl+C (or SIGTERM) reaches only this process (children run in their own process group): pass it on once. */
function onSignal(signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) process.exit(130);
  if (stopping) {
    // A second Ctrl+C: stop waiting for a clean shutdown.
    child.kill('SIGKILL');
    process.exit(130);
  }
  stopping = true;
  child.kill(signal);
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('exit', () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startBrowserMode(opts) {
  const args = [path.join(root, 'bin/ciclo.mjs')];
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  args.push('ui');
  if (opts.port !== undefined) args.push('--port', opts.port);
  if (opts.host !== undefined) args.push('--host', opts.host);
  child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: posix });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function fallBack(opts, reason) {
  process.stdout.write(`${reason}: starting Ciclo in browser mode instead.\n`);
  startBrowserMode(opts);
}

function startElectron(opts, executable) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const args = [root];
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  const started = Date.now();
  child = spawn(executable, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'], detached: posix });
  let early = '';
  let passThrough = false;
  const timer = setTimeout(() => {
    // Electron is up: show what it said so far, and everything it says from now on.
    passThrough = true;
    process.stderr.write(early);
  }, STARTUP_WINDOW_MS);
  child.stderr.on('data', (d) => {
    if (passThrough) process.stderr.write(d);
    else early += d.toString();
  });
  let failedToSpawn = false;
  child.on('error', (err) => {
    clearTimeout(timer);
    failedToSpawn = true; // Node may or may not emit 'exit' after this: only one of them falls back
    child = null;
    fallBack(opts, `Electron could not start (${err.message})`);
  });
  // 'exit' can come before the last of its error output has been read: wait for the pipe's end (briefly:
  // a process Electron started may hold it open).
  const stderrDone = new Promise((resolve) => {
    child.stderr.once('end', resolve);
    child.stderr.once('error', resolve);
  });
  child.on('exit', async (code, signal) => {
    clearTimeout(timer);
    if (failedToSpawn) return;
    if (stopping) process.exit(code ?? 0);
    const quick = Date.now() - started < STARTUP_WINDOW_MS;
    if (!passThrough) await Promise.race([stderrDone, new Promise((resolve) => setTimeout(resolve, 500))]);
    if (code === EXIT_NATIVE_MISSING) {
      child = null;
      return fallBack(opts, `Electron started but could not load its database module (${firstError(early) || 'see the message above'})`);
    }
    if (quick && (code !== 0 || signal)) {
      child = null;
      return fallBack(opts, explainStartFailure({ stderr: early, code, signal, executable }));
    }
    if (!passThrough) process.stderr.write(early);
    process.exit(code ?? 0);
  });
}

// ---------------------------------------------------------------- main

const opts = parseArgs(process.argv.slice(2));
if (opts.build && needsBuild()) build();
if (opts.browser) {
  startBrowserMode(opts);
} else {
  const electron = findElectron();
  if (electron.executable) startElectron(opts, electron.executable);
  else fallBack(opts, electron.reason);
}
