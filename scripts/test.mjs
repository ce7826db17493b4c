#!/usr/bin/env node
// `npm test`: type-check (TypeScript 7, the native compiler), lint and check formatting, build, then the unit,
// contract and integration tests (their CLI runs spawn the built CLI: no TypeScript compiler at each start),
// then end-to-end tests in Chromium. The static checks run beside the build and the tests (two cores). Ends with one
// plain line "tests: N passed, N failed" and exits non-zero on any failure. `node scripts/test.mjs unit` or
// `... e2e` runs one half. COVERAGE=1 adds V8 coverage to the unit run and prints its summary line
// (`npm run coverage` runs only that).
// Outside CI, eslint keeps a cache (.eslintcache, by file content): a second run lints only changed files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * The run's own temp folder (TMPDIR for every process it starts: the tests' workspaces, servers, training workers
 * and Chromium's shared memory), in memory (/dev/shm) where the machine has one with room, else in the system's
 * temp folder. In memory the tests' files skip the disk's journal and flushes (the unit half took 4 % less CPU);
 * what they check is the same (a killed process leaves the same files in either). Tests remove what they make:
 * anything left in it at the end but tsx's transform cache is named and fails the run; then the folder goes.
 */
function runTempDir() {
  const GB = 2 ** 30;
  let base = os.tmpdir();
  try {
    const shm = fs.statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize >= 4 * GB) {
      fs.accessSync('/dev/shm', fs.constants.W_OK);
      base = '/dev/shm';
    }
  } catch {
    // no /dev/shm (macOS, Windows) or not writable: the system's temp folder
  }
  const dir = fs.mkdtempSync(path.join(base, 'ciclo-npm-test-'));
  // open to other users, as /tmp is: some tests run the CLI as another user on folders inside it
  fs.chmodSync(dir, 0o755);
  return dir;
}
const tmp = runTempDir();
process.env.TMPDIR = tmp;
process.env.TMP = tmp;
process.env.TEMP = tmp;
const leftovers = () => fs.readdirSync(tmp).filter((name) => !/^tsx-/.test(name));
// The folder goes however the run ends (in /dev/shm it holds memory). On Ctrl-C or a kill the running steps are
// stopped first (a kill of this process alone would leave them running, writing in it), then it is removed.
const children = new Set();
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of children) {
      try {
        // npx does not pass a signal on to the tool it runs: each step has a process group of its own to signal whole
        if (process.platform === 'win32') child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // it ended meanwhile
      }
    }
    const exit = () => process.exit(130);
    if (!children.size) exit();
    for (const child of children) child.on('close', () => children.size || exit());
    setTimeout(exit, 10_000).unref();
  });
}
/** Starts a step's process, kept in `children` until it ends. */
function start(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: process.platform !== 'win32' });
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}
const only = process.argv[2]; // optional: "unit" or "e2e"
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const started = Date.now();
const timings = [];
let passed = 0;
let failed = 0;
let broken = false;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one command with its output streamed as it comes (the test runs). */
function step(name, [cmd, args], { count, env = {} } = {}) {
  process.stdout.write(`\n== ${name}\n`);
  const t0 = Date.now();
  const out = count ? path.join(os.tmpdir(), `ciclo-vitest-${process.pid}-${name.replace(/\W+/g, '-')}.json`) : null;
  const full = out ? [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`] : args;
  return new Promise((resolve) => {
    const child = start(cmd, full, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('close', (code) => {
      if (out && fs.existsSync(out)) {
        const report = JSON.parse(fs.readFileSync(out, 'utf8'));
        passed += report.numPassedTests ?? 0;
        failed += report.numFailedTests ?? 0;
        fs.rmSync(out, { force: true });
      }
      timings.push([name, Date.now() - t0]);
      if (code !== 0) {
        broken = true;
        process.stdout.write(`== ${name} failed (exit ${code})\n`);
      }
      resolve();
    });
  });
}

/** Runs a quiet check (type check, lint, format); its output is printed whole when it ends. */
function check(name, [cmd, args]) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = start(cmd, args, { cwd: root, env: process.env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      timings.push([name, Date.now() - t0]);
      process.stdout.write(`\n== ${name} (${seconds(Date.now() - t0)})\n${output}`);
      if (code !== 0) {
        broken = true;
        process.stdout.write(`== ${name} failed (exit ${code})\n`);
      }
      resolve();
    });
  });
}

const tool = (name, ...args) => [npx, [name, ...args]];
// TypeScript 7 (the native compiler, package typescript-native), called by path: the typescript package
// (5.9, which typescript-eslint builds its programs with) declares a `tsc` bin too, so `npx tsc` is 5.9.
// Single-threaded: the tests hold the other core, and its parallel checkers would only add work (the node
// project took 20.5 CPU-s with them, 10.4 CPU-s single-threaded, on the loaded machine).
const typecheck = (project) => [process.execPath, [path.join('node_modules', 'typescript-native', 'bin', 'tsc'), '-p', project, '--singleThreaded']];
const eslintCache = process.env.CI ? [] : ['--cache', '--cache-location', '.eslintcache', '--cache-strategy', 'content'];
const coverage = Boolean(process.env.COVERAGE);

// Two lanes (two cores). One runs the static checks one after another: ESLint, the type checks, the format
// check. The other runs the build (4 s; the integration tests' real CLI runs and the end-to-end tests use it)
// and then at once the unit, contract and integration tests, the longest step: the checks fill whatever CPU
// the tests leave (waits on processes and servers, the last long file alone on one core) instead of the
// tests waiting 50 s behind the type and format checks.
let checks = Promise.resolve();
if (!only || only === 'unit') {
  checks = (async () => {
    await check('lint (eslint.config.js: promises, React hooks)', tool('eslint', ...eslintCache, '.'));
    await check('typecheck', typecheck('tsconfig.node.json'));
    await check('typecheck renderer', typecheck('tsconfig.web.json'));
    await check('typecheck e2e tests', typecheck('tsconfig.e2e.json'));
    await check('format (prettier --check, .prettierrc.json)', tool('prettier', '--check', '--log-level', 'warn', '.'));
  })();
}
await step('build', tool('electron-vite', 'build'));
// CICLO_BUILT_WORKER: the training workers these tests fork run the bundle just built (as the app runs them)
// instead of the sources through tsx, which transpiles the worker's modules again at every fork
if (!only || only === 'unit') {
  await step('unit, contract and integration tests', tool('vitest', 'run', ...(coverage ? ['--coverage'] : [])), { count: true, env: { CICLO_BUILT_WORKER: '1' } });
}
// The end-to-end tests start when the unit lane ends, beside whatever is left of the checks (the format check, about
// 15 s): waiting for it left one core idle.
const e2e = !only || only === 'e2e' ? step('end-to-end tests', tool('vitest', 'run', '--config', 'vitest.e2e.config.ts'), { count: true }) : undefined;
await Promise.all([checks, e2e]);

const left = leftovers();
if (left.length) {
  broken = true;
  process.stdout.write(`\n== temp folder: the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} behind (each test removes what it makes): ${left.join(', ')}\n`);
}

process.stdout.write(`\ntimes: ${timings.map(([n, ms]) => `${n.replace(/ \(.*\)$/, '')} ${seconds(ms)}`).join('; ')}; all ${seconds(Date.now() - started)}\n`);
const summary = path.join(root, 'coverage', 'coverage-summary.json');
if (coverage && fs.existsSync(summary)) {
  const t = JSON.parse(fs.readFileSync(summary, 'utf8')).total;
  process.stdout.write(
    `\ncoverage (unit, contract and integration): lines ${t.lines.pct}%, statements ${t.statements.pct}%, branches ${t.branches.pct}%, functions ${t.functions.pct}%\n`,
  );
}
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(broken || failed > 0 ? 1 : 0);
