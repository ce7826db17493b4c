import path from 'node:path';
import type { Command } from 'commander';
import type { PredictResult } from '../../../shared/contract/evaluation.js';
import type { Evaluation } from '../../../shared/schemas/evaluation.js';
import type { Job } from '../../../shared/schemas/system.js';
import { writeFileAtomic } from '../../core/store/files.js';
import { collect, runCommand, userError, type CliContext } from '../context.js';
import { renderComparison, renderEvaluation, renderEvaluationList, renderPredict, renderSlices } from './evaluate-render.js';
import { waitJob } from '../job-wait.js';

/**
 * `ciclo evaluate RUN` (exit 0 when every gate passes, 3 when one fails), `ciclo predict RUN`, and
 * `ciclo evaluations list|show|compare|slice|export`. Progress goes to stderr; Ctrl-C cancels the job.
 */

function positiveInt(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw userError(`${what} must be a whole number of 1 or more (got "${v}").`);
  return n;
}

interface ReportSpec {
  file: string;
  format: 'html' | 'json';
  lang: 'en' | 'es';
}

/** Where and how to write a report: JSON for a .json file, else HTML. */
function reportSpec(file: string, lang: string): ReportSpec {
  if (lang !== 'en' && lang !== 'es') throw userError(`--lang must be en or es (got "${lang}").`);
  return { file: path.resolve(file), format: path.extname(file).toLowerCase() === '.json' ? 'json' : 'html', lang };
}

async function writeReport(ctx: CliContext, id: string, spec: ReportSpec): Promise<number> {
  const out = await ctx.call('eval.export', { id, format: spec.format, lang: spec.lang });
  writeFileAtomic(spec.file, out.content);
  return Buffer.byteLength(out.content);
}

export function registerEvaluateCommands(program: Command): void {
  program
    .command('evaluate <run>')
    .description(
      'Evaluate a finished run on held-out data (the Evaluate phase): metrics, confusion matrix, curves and the quality gates of the charter. Exit code 3 when a gate fails.',
    )
    .option('--dataset <ref>', "data set version to evaluate on: name, name@N or id (default: the run's own held-out test rows)")
    .option('--subset <which>', "test (the run's held-out rows, only on its own data set) or all")
    .option('--slice <feature>', 'also report metrics per value (or quantile bin) of this feature (repeatable)', collect, [])
    .option('--bins <n>', 'quantile bins for numeric slices (default 4)')
    .option('--report <file>', 'write the report: a self-contained .html file (any other extension) or .json')
    .option('--lang <lang>', 'language of the HTML report: en or es', 'en')
    .option('--quiet', 'no progress on stderr')
    .action(async (run: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const report = opts.report ? reportSpec(opts.report, opts.lang) : null;
          const job = await ctx.call('eval.start', {
            run, // a run id, or a model: M, M@VERSION, M@alias (resolved by the core, as from every door)
            dataset: opts.dataset,
            subset: opts.subset,
            slices: opts.slice.length ? opts.slice : undefined,
            sliceBins: positiveInt(opts.bins, '--bins'),
          });
          const done = await waitJob(ctx, job, Boolean(opts.quiet));
          const { evaluationId } = done.result as { evaluationId: string };
          const e = await ctx.call('eval.get', { id: evaluationId });
          if (report) {
            await writeReport(ctx, e.id, report);
            if (!opts.quiet) process.stderr.write(`Wrote the ${report.format.toUpperCase()} report to ${report.file}.\n`);
          }
          return e;
        },
        renderEvaluation,
        (e: Evaluation) => (e.gateStatus === 'failed' ? 3 : 0),
      );
    });

  program
    .command('predict <run>')
    .description(
      "Score a CSV file with a run's model, streaming: every input row plus the predicted label and one probability column per class (or the predicted value). Rows that cannot be scored are listed with their line numbers.",
    )
    .requiredOption('--input <file>', 'CSV file to score (it needs the columns the model reads; others are kept as they are)')
    .requiredOption('--output <file>', 'where to write the scored CSV (written whole or not at all)')
    .option('--quiet', 'no progress on stderr')
    .option('--log', "log every scored row in the workspace's prediction logs (source batch) and add a request_id column")
    .action(async (run: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const job = await ctx.call('eval.predict', { run, input: path.resolve(opts.input), output: path.resolve(opts.output), log: Boolean(opts.log) || undefined });
          const done = await waitJob(ctx, job, Boolean(opts.quiet));
          return done.result as PredictResult;
        },
        renderPredict,
      );
    });

  const evals = program.command('evaluations').description('Stored evaluations: list, show, compare, slice, export.');

  evals
    .command('list')
    .description('Evaluations, newest first.')
    .option('--project <project>', 'only this project (name or id)')
    .option('--run <id>', 'only this run')
    .option('--limit <n>', 'at most this many (default 100)')
    .action(async (opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('eval.list', { project: opts.project, run: opts.run, limit: positiveInt(opts.limit, '--limit') }), renderEvaluationList);
    });

  evals
    .command('show <id>')
    .description('One evaluation in full. Exit code 3 when one of its gates failed.')
    .action(async (id: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('eval.get', { id }),
        renderEvaluation,
        (e) => (e.gateStatus === 'failed' ? 3 : 0),
      );
    });

  evals
    .command('compare <a> <b>')
    .description('Two evaluations metric by metric: values, difference and which is better.')
    .action(async (a: string, b: string, _opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('eval.compare', { a, b }), renderComparison);
    });

  evals
    .command('slice <id> <feature>')
    .description('Metrics per value of a categorical feature or per quantile bin of a numeric one, flagging slices that fail a criterion.')
    .option('--bins <n>', 'quantile bins for a numeric feature (default 4)')
    .action(async (id: string, feature: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('eval.slice', { id, feature, bins: positiveInt(opts.bins, '--bins') }), renderSlices);
    });

  evals
    .command('export <id> <file>')
    .description('Write an evaluation as a self-contained HTML report (or JSON when the file ends in .json).')
    .option('--lang <lang>', 'language of the HTML report: en or es', 'en')
    .action(async (id: string, file: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const spec = reportSpec(file, opts.lang);
          const bytes = await writeReport(ctx, id, spec);
          return { file: spec.file, format: spec.format, bytes };
        },
        (r) => `Wrote ${r.file} (${r.format}, ${r.bytes} bytes).`,
      );
    });
}
