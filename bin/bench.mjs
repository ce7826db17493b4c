#!/usr/bin/env node
// `npm run bench -- NAME [ARGS]`: runs bench/NAME.ts (through tsx) and nothing else. Each benchmark prints JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const available = fs.existsSync(benchDir)
  ? fs
      .readdirSync(benchDir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
  : [];
const name = process.argv[2];
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [args]\nbenchmarks: ${available.join(', ') || '(none)'}\n`);
  process.exit(name ? 1 : 0);
}
register();
process.argv.splice(2, 1); // the benchmark sees its own arguments from argv[2]
await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href);
