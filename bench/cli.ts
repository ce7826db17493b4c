/**
 * `npm run bench -- cli [--runs N]`: prints one JSON document.
 *
 * Start-up of the `ciclo` command line against a bare `node -e 0`, measured in the same run and
 * interleaved (so other load on the machine hits every side alike), median of N runs each:
 * - `ciclo --help` as a ratio to `node -e 0` (goal <= 4);
 * - `ciclo project list` on a workspace with one project;
 * - both again from the sources through tsx (CICLO_CLI=source), as a developer without a build runs them.
 * It also records which modules each command loads (a resolve hook), to show that `--help` loads neither
 * zod nor the core and that `project list` loads no tfjs and no other command's file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'ciclo.mjs');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 15;
const log = (m: string) => process.stderr.write(`[bench cli] ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) {
  process.stderr.write('The CLI is not built: run "npm run build" first.\n');
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-cli-'));
const dataDir = path.join(tmp, 'ws');
const hooks = path.join(tmp, 'hooks.mjs');
const register = path.join(tmp, 'register.mjs');
fs.writeFileSync(
  hooks,
  `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.CICLO_BENCH_LOADED) fs.appendFileSync(process.env.CICLO_BENCH_LOADED, r.url + '\\n');
  return r;
}
`,
);
fs.writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

function time(argv: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: tmp, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** The modules (packages and the app's own chunks) one command loads. */
function loaded(argv: string[]): { packages: string[]; appFiles: string[] } {
  const file = path.join(tmp, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  time(['--import', pathToFileURL(register).href, bin, ...argv], { CICLO_CLI: 'build', CICLO_BENCH_LOADED: file });
  const urls = [...new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean))];
  const packages = new Set<string>();
  const appFiles = new Set<string>();
  for (const u of urls) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    if (m) packages.add(m[1]);
    else if (u.startsWith('file:') && u.includes('/out/main/')) appFiles.add(u.slice(u.indexOf('/out/main/') + '/out/main/'.length).replace(/-[\w-]{8}\.js$/, '.js'));
  }
  return { packages: [...packages].sort(), appFiles: [...appFiles].sort() };
}

time([bin, '--data-dir', dataDir, 'project', 'create', 'bench', '--task', 'binary'], { CICLO_CLI: 'build' });

const sides = {
  node: () => time(['-e', '0']),
  help: () => time([bin, '--help'], { CICLO_CLI: 'build' }),
  list: () => time([bin, '--data-dir', dataDir, 'project', 'list'], { CICLO_CLI: 'build' }),
  helpSource: () => time([bin, '--help'], { CICLO_CLI: 'source' }),
  listSource: () => time([bin, '--data-dir', dataDir, 'project', 'list'], { CICLO_CLI: 'source' }),
};
const samples: Record<keyof typeof sides, number[]> = { node: [], help: [], list: [], helpSource: [], listSource: [] };
for (const side of Object.keys(sides) as (keyof typeof sides)[]) sides[side](); // warm the file cache
for (let i = 0; i < runs; i++) {
  for (const side of Object.keys(sides) as (keyof typeof sides)[]) {
    if (side.endsWith('Source') && i >= Math.ceil(runs / 3)) continue; // slow and only for comparison
    samples[side].push(sides[side]());
  }
  log(`round ${i + 1}/${runs}`);
}
const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(median(v), 1)])) as Record<keyof typeof sides, number>;
const helpLoads = loaded(['--help']);
const listLoads = loaded(['--data-dir', dataDir, 'project', 'list']);
fs.rmSync(tmp, { recursive: true, force: true });

const ratio = round(ms.help / ms.node);
process.stdout.write(
  JSON.stringify(
    {
      node: process.version,
      runs,
      medianMs: { nodeE0: ms.node, help: ms.help, projectList: ms.list, helpFromSources: ms.helpSource, projectListFromSources: ms.listSource },
      helpRatio: { value: ratio, goal: 4, ok: ratio <= 4 },
      projectListRatio: round(ms.list / ms.node),
      helpLoads,
      projectListLoads: { ...listLoads, tfjs: listLoads.packages.some((p) => p.startsWith('@tensorflow/')) },
    },
    null,
    2,
  ) + '\n',
);
