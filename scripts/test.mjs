#!/usr/bin/env node
// `npm test`: type-check, lint, unit/contract/integration tests, build, then end-to-end tests in Chromium.
// Ends with one plain line "tests: N passed, N failed" and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv[2]; // optional: "unit" or "e2e"
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let passed = 0;
let failed = 0;
let broken = false;

function step(name, args, { count } = {}) {
  process.stdout.write(`\n== ${name}\n`);
  const out = count ? path.join(os.tmpdir(), `ciclo-vitest-${process.pid}-${name.replace(/\W+/g, '-')}.json`) : null;
  const full = out ? [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`] : args;
  const r = spawnSync(npx, full, { cwd: root, stdio: 'inherit', env: process.env });
  if (out && fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    fs.rmSync(out, { force: true });
  }
  if (r.status !== 0) {
    broken = true;
    process.stdout.write(`== ${name} failed (exit ${r.status})\n`);
  }
}

if (!only || only === 'unit') {
  step('typecheck', ['tsc', '-p', 'tsconfig.node.json']);
  step('typecheck renderer', ['tsc', '-p', 'tsconfig.web.json']);
  step('typecheck e2e tests', ['tsc', '-p', 'tsconfig.e2e.json']);
  step('lint (eslint.config.js: promises, React hooks)', ['eslint', '.']);
  step('unit, contract and integration tests', ['vitest', 'run'], { count: true });
}
if (!only || only === 'e2e') {
  step('build', ['electron-vite', 'build']);
  step('end-to-end tests', ['vitest', 'run', '--config', 'vitest.e2e.config.ts'], { count: true });
}
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(broken || failed > 0 ? 1 : 0);
