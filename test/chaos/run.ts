/**
 * `npm run chaos -- [--quick] [--seed N] [--rounds N] [--budget SECONDS] [--only NAME,...] [--table FILE] [--keep]`
 *
 * The fault campaign: kill -9 at random moments of training (worker, parent, both), import, evaluation,
 * registration, bundle import and a serving process under load; SIGSTOP/SIGCONT stalls past the stale
 * threshold; concurrent writers from several processes.
 * After each, the workspace is opened again and checked (checks.ts). Loopback only (no network at all),
 * bounded by --budget. Prints one JSON summary on stdout, progress on stderr; --table writes the Markdown
 * table of the results into FILE between the chaos-table markers (docs/chaos.md). Exit 1 when a case failed.
 */
import fs from 'node:fs';
import { markdownTable, runCampaign } from './campaign.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const summary = await runCampaign({
  seed: Number(arg('--seed') ?? Date.now() % 100_000),
  rounds: Number(arg('--rounds') ?? 2),
  budgetSeconds: Number(arg('--budget') ?? 900),
  only: arg('--only')?.split(','),
  quick: process.argv.includes('--quick'),
  keep: process.argv.includes('--keep'),
  log: (line) => process.stderr.write(line + '\n'),
});
const table = markdownTable(summary);
process.stderr.write('\n' + table + '\n');
const file = arg('--table');
if (file) {
  const start = '<!-- chaos-table:start -->';
  const end = '<!-- chaos-table:end -->';
  const body = `${start}\nSeed ${summary.seed}, ${summary.cases} cases in ${summary.elapsedSeconds} s, ${summary.failures} failed (${new Date().toISOString().slice(0, 10)}).\n\n${table}\n${end}`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `${start}\n${end}\n`;
  fs.writeFileSync(file, text.includes(start) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), body) : `${text}\n${body}\n`);
}
process.stdout.write(JSON.stringify({ ...summary, results: summary.results.map(({ details, ...r }) => ({ ...r, details })) }, null, 2) + '\n');
process.exitCode = summary.failures ? 1 : 0;
