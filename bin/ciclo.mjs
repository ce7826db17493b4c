#!/usr/bin/env node
// The `ciclo` command line. It runs the built JavaScript (out/main/cli.js, made by `npm run build` with the
// rest of the app), so no TypeScript compiler is loaded at run time and the training worker it forks is the
// built one too. In a checkout (the sources are next to it) whose build is missing or older than the sources,
// it runs the sources through tsx instead, so a developer never runs stale code; on a terminal it says so
// once per run. CICLO_CLI=source or CICLO_CLI=build forces one or the other.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out', 'main', 'cli.js');
const sourceEntry = path.join(root, 'electron', 'cli', 'run.ts');
/** What the built CLI is made of: if any of these is newer than out/main/cli.js, the build is stale. */
const sources = ['electron', 'shared', 'package.json', 'electron.vite.config.ts'];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

/** 'build' or 'source', and why the sources were chosen. */
function choose() {
  const forced = process.env.CICLO_CLI;
  if (forced === 'build' || forced === 'source') return { use: forced };
  let builtTime;
  try {
    builtTime = fs.statSync(built).mtimeMs;
  } catch {
    return { use: 'source', why: 'the CLI is not built yet' };
  }
  if (!fs.existsSync(sourceEntry)) return { use: 'build' }; // an installed app: there are no sources
  const newest = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return newest > builtTime ? { use: 'source', why: 'the sources changed since the last build' } : { use: 'build' };
}

// Either entry runs the command line (electron/cli/run.ts) when imported.
const choice = choose();
if (choice.use === 'build') {
  await import(pathToFileURL(built).href);
} else {
  if (choice.why && process.stderr.isTTY) {
    process.stderr.write(`ciclo: running the sources through tsx (${choice.why}); "npm run build" makes the CLI start faster.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(sourceEntry).href);
}
