import type { Command } from 'commander';
import { profileImbalance, type Imbalance } from '../../../shared/class-balance.js';
import { runStatuses, splitName, templateIds, type Run } from '../../../shared/schemas/training.js';
import { templateParams, templates } from '../../core/training/design.js';
import { backendChoices } from '../../../shared/schemas/preferences.js';
import { collect, runCommand, type CliContext } from '../context.js';
import { formatNumber, table } from '../output.js';
import { parseParams } from './train-params.js';
import { metricText, renderCompare, renderRun, renderRunList } from './train-render.js';

/**
 * `ciclo train` and `ciclo runs list|show|compare|series|cancel|resume|update`. Training runs in this
 * process's worker, so the command waits for the run (progress on stderr, the run as one JSON document on
 * stdout with --json); Ctrl-C cancels the run cleanly (resume continues it).
 */

/** Every default of `ciclo train`, from the templates themselves (docs/defaults-experiment.md says why). */
function defaultsHelp(): string {
  const lines = Object.values(templates).map((t) => {
    const p = templateParams(t.id);
    const es = p.earlyStopping;
    const opts = Object.entries(t.options)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)
      .join(' ');
    return `  ${t.id.padEnd(9)} ${p.optimizer} learningRate=${p.learningRate} epochs=${p.epochs} batchSize=${p.batchSize} seed=${p.seed} classWeights=${p.classWeights}${opts ? ` ${opts}` : ''}\n            earlyStopping=${es.enabled} monitor=${es.monitor} patience=${es.patience} minDelta=${es.minDelta} restoreBestWeights=${es.restoreBestWeights} schedule=${p.schedule.type}`;
  });
  return `\nDefaults (each --param overrides one; chosen by the experiment in docs/defaults-experiment.md):\n${lines.join('\n')}\n  split     the data set version's newest split; without one, seed 42, 70/15/15, stratified for classes\n`;
}

// a run whose process died (interrupted) or failed inside is an internal problem (2); cancelled is the user's choice (1)
const exitFor = (r: Run) => (r.status === 'succeeded' || r.status === 'running' ? 0 : r.status === 'failed' || r.status === 'interrupted' ? 2 : 1);

async function follow(ctx: CliContext, run: Run, quiet: boolean): Promise<Run> {
  const stop = ctx.events.subscribe((event, payload) => {
    if (quiet) return;
    const p = payload as { runId?: string };
    if (p.runId !== run.id) return;
    if (event === 'training.epoch') {
      const e = payload as { epoch: number; epochs: number; metrics: Record<string, number> };
      process.stderr.write(`epoch ${e.epoch}/${e.epochs}  ${metricText(e.metrics)}\n`);
    } else if (event === 'training.status') {
      process.stderr.write(`${(payload as { message: string }).message}\n`);
    }
  });
  const onSigint = () => {
    process.stderr.write('Cancelling the run...\n');
    ctx.call('run.cancel', { id: run.id }).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  try {
    return await ctx.call('run.wait', { id: run.id });
  } finally {
    process.off('SIGINT', onSigint);
    stop();
  }
}

/** The target's smallest class when it is rare enough to say so (the rule of the data checks and the Train phase's hint). */
async function rareClass(ctx: CliContext, run: Run): Promise<Imbalance | null> {
  try {
    const profile = await ctx.call('dataset.profile', { project: run.projectId, dataset: run.datasetVersionId });
    return profileImbalance(profile);
  } catch {
    return null; // a hint only: never fails the run it is about
  }
}

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('Train a model on a data set version (the Train phase); waits for the run and prints it.')
    .requiredOption('--project <project>', 'the project (name or id)')
    .requiredOption('--dataset <ref>', 'data set: name (latest version), name@N or version id')
    .option('--template <id>', `model template: ${templateIds.join(', ')} (default: mlp for tables, cnn for images)`)
    .option('--param <key=value>', 'hyperparameter or template option, e.g. learningRate=0.01, hidden=64,32, schedule=cosine, classWeights=balanced (repeatable)', collect, [])
    .option('--epochs <n>', 'number of epochs')
    .option('--seed <n>', 'random seed (the same seed on the same backend gives the same metrics)')
    .option('--backend <name>', `training backend: ${backendChoices.join(', ')} (default: the trainingBackend preference)`)
    .option('--split <id>', "the split to train on (see `ciclo dataset splits`; default: the data set version's newest split)")
    .option('--split-seed <n>', 'make (or reuse) the 70/15/15 split with this seed instead')
    .option('--target-transform <t>', 'regression: none (default) or log1p, for a skewed non-negative target (metrics stay on the original scale)')
    .option('--name <name>', 'run name')
    .option('--tag <tag>', 'tag the run (repeatable)', collect, [])
    .option('--notes <text>', 'notes')
    .option('--quiet', 'no progress on stderr')
    .addHelpText('after', defaultsHelp)
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const { params, templateOptions } = parseParams(opts.param);
          const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
          if (opts.epochs !== undefined) params.epochs = num(opts.epochs);
          if (opts.seed !== undefined) params.seed = num(opts.seed);
          const run = await ctx.call('train.start', {
            project: opts.project,
            dataset: opts.dataset,
            template: opts.template,
            templateOptions: Object.keys(templateOptions).length ? templateOptions : undefined,
            params: params as never,
            backend: opts.backend,
            split: opts.split !== undefined ? { id: String(opts.split) } : opts.splitSeed !== undefined ? { seed: num(opts.splitSeed) } : undefined,
            targetTransform: opts.targetTransform,
            name: opts.name,
            tags: opts.tag.length ? opts.tag : undefined,
            notes: opts.notes,
          });
          if (!opts.quiet) {
            const p = run.params;
            const es = p.earlyStopping.enabled
              ? `early stopping on ${p.earlyStopping.monitor} (patience ${p.earlyStopping.patience}${p.earlyStopping.restoreBestWeights ? ', best weights kept' : ''})`
              : 'no early stopping';
            process.stderr.write(
              `Run ${run.id} started (${run.template}, ${run.paramCount} parameters, at most ${p.epochs} epochs, lr ${p.learningRate}, ${es}, split ${run.split ? splitName(run.split) : run.splitId}).\n`,
            );
            const rare = run.classes && p.classWeights === 'none' ? await rareClass(ctx, run) : null;
            if (rare) {
              process.stderr.write(
                `Warning: class "${rare.value}" is ${rare.count} of ${rare.total} rows (${Math.round(rare.fraction * 1000) / 10}%) and class weights are off, so the model may hardly ever predict it; --param classWeights=balanced weighs the classes evenly.\n`,
              );
            }
            if (run.target?.skewed && run.target.transform === 'none') {
              process.stderr.write(
                `Warning: the target ${run.target.name} is heavily skewed (skewness ${run.target.skewness!.toFixed(2)}); --target-transform log1p may fit it better.\n`,
              );
            }
          }
          return follow(ctx, run, Boolean(opts.quiet));
        },
        renderRun,
        exitFor,
      );
    });

  const runs = program.command('runs').description('Training runs: list, show, compare, series, cancel, resume, update.');

  runs
    .command('list')
    .description('List runs (newest first by default).')
    .option('--project <project>', 'only this project')
    .option('--status <list>', `only these statuses, comma-separated (${runStatuses.join(', ')})`)
    .option('--template <id>', 'only this template')
    .option('--backend <name>', 'only runs on this backend')
    .option('--tag <tag>', 'only runs with this tag')
    .option('--search <text>', 'match id, name, notes, tags, data set')
    .option('--sort <field>', 'createdAt, name, status, durationMs, paramCount, epochsDone, template, backend or metric:NAME', 'createdAt')
    .option('--asc', 'ascending order')
    .option('--limit <n>', 'at most this many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) =>
          ctx.call('run.list', {
            project: opts.project,
            status: opts.status
              ? String(opts.status)
                  .split(',')
                  .map((s: string) => s.trim())
              : undefined,
            template: opts.template,
            backend: opts.backend,
            tag: opts.tag,
            search: opts.search,
            sort: opts.sort,
            order: opts.asc ? 'asc' : 'desc',
            limit: Number(opts.limit),
            offset: Number(opts.offset),
          } as never),
        renderRunList,
      );
    });

  runs
    .command('show <id>')
    .description('Show a run: data, design, params, backend, environment, metrics.')
    .action(async (id: string, _opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('run.get', { id }), renderRun);
    });

  runs
    .command('compare <ids...>')
    .description('Compare 2 to 10 runs: the parameters that differ, final metrics (series with --json).')
    .option('--key <key>', 'series to include (repeatable; default loss and accuracy curves)', collect, [])
    .option('--max-points <n>', 'points per series at most', '1000')
    .action(async (ids: string[], opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('run.compare', { ids, keys: opts.key.length ? opts.key : undefined, maxPoints: Number(opts.maxPoints) }), renderCompare);
    });

  runs
    .command('series <id>')
    .description('Metric series of a run, downsampled to --max-points (batch/loss, loss, val_loss, ...).')
    .option('--key <key>', 'series (repeatable; default all)', collect, [])
    .option('--max-points <n>', 'points per series at most', '1000')
    .option('--method <m>', 'lttb or minmax', 'lttb')
    .action(async (id: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('run.series', { id, keys: opts.key.length ? opts.key : undefined, maxPoints: Number(opts.maxPoints), method: opts.method }),
        (list) =>
          table(
            list.map((s) => ({
              key: s.key,
              points: s.total,
              shown: s.x.length,
              downsampled: s.downsampled ? s.method : '',
              last: s.y.length ? formatNumber(s.y[s.y.length - 1]) : '',
            })),
            ['key', 'points', 'shown', 'downsampled', 'last'],
          ),
      );
    });

  runs
    .command('cancel <id>')
    .description('Stop a running run; it is marked cancelled (resume continues it).')
    .action(async (id: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('run.cancel', { id }),
        (r) => `Run ${r.id} is ${r.status}.`,
      );
    });

  runs
    .command('resume <id>')
    .description('Continue an interrupted, cancelled or failed run from its last checkpoint; waits for it.')
    .option('--quiet', 'no progress on stderr')
    .action(async (id: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const run = await ctx.call('run.resume', { id });
          if (!opts.quiet) process.stderr.write(`Resuming run ${run.id} from epoch ${run.epochsDone}.\n`);
          return follow(ctx, run, Boolean(opts.quiet));
        },
        renderRun,
        exitFor,
      );
    });

  runs
    .command('update <id>')
    .description('Rename a run or change its tags and notes.')
    .option('--name <name>', 'new name')
    .option('--tag <tag>', 'tags (repeatable; replaces the list)', collect, [])
    .option('--notes <text>', 'notes')
    .action(async (id: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('run.update', { id, name: opts.name, tags: opts.tag.length ? opts.tag : undefined, notes: opts.notes }), renderRun);
    });
}
