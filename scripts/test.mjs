#!/usr/bin/env node
// `npm test`: type-check, lint and check formatting (two at a time: the machines have two cores), build, then the unit,
// contract and integration tests (their CLI runs spawn the built CLI: no TypeScript compiler at each start),
// then end-to-end tests in Chromium. Ends with one plain line "tests: N passed, N failed" and exits
// non-zero on any failure. `node scripts/test.mjs unit` or `... e2e` runs one half. COVERAGE=1 adds V8
// coverage to the unit run and prints its summary line (`npm run coverage` runs only that).
// Outside CI, eslint keeps a cache (.eslintcache, by file content): a second run lints only changed files.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv[2]; // optional: "unit" or "e2e"
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const started = Date.now();
const timings = [];
let passed = 0;
let failed = 0;
let broken = false;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function step(name, args, { count } = {}) {
  process.stdout.write(`\n== ${name}\n`);
  const t0 = Date.now();
  const out = count ? path.join(os.tmpdir(), `ciclo-vitest-${process.pid}-${name.replace(/\W+/g, '-')}.json`) : null;
  const full = out ? [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`] : args;
  const r = spawnSync(npx, full, { cwd: root, stdio: 'inherit', env: process.env });
  if (out && fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    fs.rmSync(out, { force: true });
  }
  timings.push([name, Date.now() - t0]);
  if (r.status !== 0) {
    broken = true;
    process.stdout.write(`== ${name} failed (exit ${r.status})\n`);
  }
}

/** Runs quiet checks (type checks, lint) `width` at a time; each one's output is printed whole when it ends. */
async function checks(list, width = 2) {
  const queue = [...list];
  const runOne = ([name, args]) =>
    new Promise((resolve) => {
      const t0 = Date.now();
      const child = spawn(npx, args, { cwd: root, env: process.env });
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
  const lanes = Array.from({ length: width }, async () => {
    while (queue.length) await runOne(queue.shift());
  });
  await Promise.all(lanes);
}

if (!only || only === 'unit') {
  await checks([
    ['typecheck', ['tsc', '-p', 'tsconfig.node.json']],
    ['lint (eslint.config.js: promises, React hooks)', ['eslint', ...(process.env.CI ? [] : ['--cache', '--cache-location', '.eslintcache', '--cache-strategy', 'content']), '.']],
    ['typecheck renderer', ['tsc', '-p', 'tsconfig.web.json']],
    ['typecheck e2e tests', ['tsc', '-p', 'tsconfig.e2e.json']],
    ['format (prettier --check, .prettierrc.json)', ['prettier', '--check', '--log-level', 'warn', '.']],
  ]);
}
// The build comes before the tests: the integration tests' CLI runs and the end-to-end tests use it.
step('build', ['electron-vite', 'build']);
const coverage = Boolean(process.env.COVERAGE);
if (!only || only === 'unit') step('unit, contract and integration tests', ['vitest', 'run', ...(coverage ? ['--coverage'] : [])], { count: true });
if (!only || only === 'e2e') step('end-to-end tests', ['vitest', 'run', '--config', 'vitest.e2e.config.ts'], { count: true });

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
