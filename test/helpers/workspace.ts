import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, type Services } from '../../electron/core/services.js';
import { confPreferences } from '../../electron/core/preferences/store.js';

export const repoRoot = path.resolve(__dirname, '../..');
export const cicloBin = path.join(repoRoot, 'bin/ciclo.mjs');

export { removeTempDirs, tempDir } from './temp-dirs.js';
import { tempDir } from './temp-dirs.js';

/** Services over a new empty workspace, with preferences kept inside it. */
export function testServices(dataDir = tempDir()): Services {
  return createServices({ dataDir, preferences: confPreferences(path.join(dataDir, 'prefs')) });
}

export { runCliInProcess, type CliResult } from './cli.js';
import { cliVars, parseJson as parse, type CliResult } from './cli.js';

function cliEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, ...cliVars(dataDir) };
}

/** Runs `ciclo ARGS` as a real process against a workspace and waits for it (runCliInProcess is faster); `json` is stdout parsed when it is JSON. */
export function runCli(dataDir: string, args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [cicloBin, ...args], { cwd: repoRoot, env: cliEnv(dataDir), encoding: 'utf8', input, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: parse(r.stdout) };
}

/** The same, without blocking the test's event loop (for tests that talk to the process meanwhile). */
export function runCliAsync(dataDir: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cicloBin, ...args], { cwd: repoRoot, env: cliEnv(dataDir) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: parse(stdout) }));
  });
}
