import type { Command } from 'commander';
import { AppError, invalid, type Issue } from '../../../shared/contract/errors.js';
import { columnRoles, columnTypes, sampleIds, type ImportResult } from '../../../shared/schemas/dataset.js';
import type { Job } from '../../../shared/schemas/system.js';
import { collect, runCommand, type CliContext } from '../context.js';
import { table } from '../output.js';
import { addPrepOptions, prepFrom } from './dataset-prep.js';
import { renderDetail, renderDiff, renderImport, renderList, renderProfile, renderSplit, renderSplits, renderVersions } from './dataset-render.js';

/** Parses repeatable `col=value` options; the column name may itself contain "=" (the last one splits). */
function pairs<T extends string>(option: string, texts: string[], allowed: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  const issues: Issue[] = [];
  texts.forEach((t, i) => {
    const at = t.lastIndexOf('=');
    const col = at > 0 ? t.slice(0, at) : '';
    const value =
      at > 0
        ? t
            .slice(at + 1)
            .trim()
            .toLowerCase()
        : '';
    if (!col || !(allowed as readonly string[]).includes(value)) {
      issues.push({
        path: [option, i],
        key: 'cli.bad_pair',
        params: { option, text: t, allowed: allowed.join(', ') },
        message: `--${option} "${t}" must look like COLUMN=VALUE with VALUE one of: ${allowed.join(', ')}.`,
      });
    } else out[col] = value as T;
  });
  if (issues.length) throw invalid(issues);
  return out;
}

/** Waits for a job, printing its progress on stderr, and returns its result or throws its error. */
async function waitForJob(ctx: CliContext, job: Job): Promise<unknown> {
  let shown = -1;
  const stop = ctx.events.subscribe((event, payload) => {
    const j = payload as Job;
    if (event !== 'job.updated' || j.id !== job.id || j.status !== 'running') return;
    const pct = Math.floor(j.progress * 100);
    if (pct === shown) return;
    shown = pct;
    process.stderr.write(`importing: ${String(pct).padStart(3)}%${j.message ? `  ${j.message}` : ''}\n`);
  });
  try {
    const done = await ctx.call('job.wait', { id: job.id });
    if (done.status === 'succeeded') return done.result;
    if (done.status === 'cancelled') throw new AppError('cancelled', 'The import was cancelled.');
    const err = done.error ?? { code: 'internal', message: done.message };
    // the job's issues (keys and params) come along, so --json shows the same error as a direct call
    throw new AppError(err.code as AppError['code'], err.message, err.details);
  } finally {
    stop();
  }
}

const importJson = (r: ImportResult) => ({ ...r.version, created: r.created, warnings: r.warnings, validation: r.validation, diff: r.diff });

export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('Import, profile, check, version and split data sets (the Data phase).');

  addPrepOptions(
    dataset
      .command('import <file>')
      .description('Import a CSV/TSV, JSON Lines or IDX file, or a folder of images with one sub-folder per class.')
      .requiredOption('--project <project>', 'the project (name or id)')
      .option('--target <column>', 'the column to predict')
      .option('--name <name>', 'data set name (default: the file name); importing again under the same name makes a new version')
      .option('--type <col=type>', `override a column type (${columnTypes.join(', ')}); repeatable`, collect, [])
      .option('--role <col=role>', `override a column role (${columnRoles.join(', ')}); repeatable`, collect, [])
      .option('--delimiter <char>', 'field delimiter: , ; tab or | (default: sniffed)')
      .option('--no-header', 'the first line is data, not column names')
      .option('--encoding <encoding>', 'utf-8 or latin1 (default: sniffed)')
      .option('--format <format>', 'csv, jsonl, images or idx (default: from the name and content)'),
  ).action(async (file: string, opts, cmd: Command) => {
    await runCommand(
      cmd,
      async (ctx) => {
        const header = cmd.getOptionValueSource('header') === 'cli' ? Boolean(opts.header) : undefined;
        const delimiter = opts.delimiter === 'tab' || opts.delimiter === '\\t' ? '\t' : opts.delimiter;
        const job = await ctx.call('dataset.import', {
          project: opts.project,
          path: file,
          name: opts.name,
          target: opts.target,
          types: pairs('type', opts.type, columnTypes),
          roles: pairs('role', opts.role, columnRoles),
          prep: prepFrom(opts),
          delimiter,
          header,
          encoding: opts.encoding,
          format: opts.format,
        });
        return importJson((await waitForJob(ctx, job)) as ImportResult);
      },
      (r) => renderImport({ projectId: r.projectId, version: r, created: r.created, warnings: r.warnings, validation: r.validation, diff: r.diff }),
    );
  });

  dataset
    .command('list')
    .description('List the data sets of a project.')
    .requiredOption('--project <project>', 'the project (name or id)')
    .action(async (opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('dataset.list', { project: opts.project }), renderList);
    });

  dataset
    .command('show <dataset>')
    .description('Show a version (name, name@N or id): columns, import warnings, diff and checks against the task.')
    .option('--project <project>', 'the project (needed when the name is used in several projects)')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const v = await ctx.call('dataset.get', { dataset: ref, project: opts.project });
          const checks = await ctx.call('dataset.validate', { dataset: v.id });
          return { ...v, validation: checks.issues };
        },
        (v) => renderDetail(v, v.validation),
      );
    });

  dataset
    .command('versions <dataset>')
    .description('Every version of a data set with what changed, newest first.')
    .option('--project <project>', 'the project')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('dataset.versions', { dataset: ref, project: opts.project }), renderVersions);
    });

  dataset
    .command('profile <dataset>')
    .description('Statistics of a version: missing and distinct counts, numbers, top values, class balance, correlations.')
    .option('--project <project>', 'the project')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('dataset.profile', { dataset: ref, project: opts.project }), renderProfile);
    });

  dataset
    .command('validate <dataset>')
    .description("Check a version against its project's task; exits 3 when something blocks training.")
    .option('--project <project>', 'the project')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('dataset.validate', { dataset: ref, project: opts.project }),
        (r) => (r.issues.length ? r.issues.map((i) => `${i.severity}: ${i.message}`).join('\n') : 'No problems found.'),
        (r) => (r.ok ? 0 : 3),
      );
    });

  const schemaCmd = dataset
    .command('schema <dataset>')
    .description('Change column types, roles, missing-value and date handling or the target; makes a new version when anything changes.')
    .option('--project <project>', 'the project')
    .option('--type <col=type>', `column type (${columnTypes.join(', ')}); repeatable`, collect, [])
    .option('--role <col=role>', `column role (${columnRoles.join(', ')}); repeatable`, collect, [])
    .option('--target <column>', 'the column to predict')
    .option('--no-target', 'no target column');
  addPrepOptions(schemaCmd).action(async (ref: string, opts, cmd: Command) => {
    await runCommand(
      cmd,
      async (ctx) => {
        const target = opts.target === false ? null : typeof opts.target === 'string' ? opts.target : undefined;
        const before = await ctx.call('dataset.get', { dataset: ref, project: opts.project });
        const r = await ctx.call('dataset.updateSchema', {
          dataset: ref,
          project: opts.project,
          types: pairs('type', opts.type, columnTypes),
          roles: pairs('role', opts.role, columnRoles),
          prep: prepFrom(opts, (name) => before.columns.find((c) => c.name === name)?.missingTokens),
          target,
        });
        return importJson(r);
      },
      (r) => renderImport({ projectId: r.projectId, version: r, created: r.created, warnings: r.warnings, validation: r.validation, diff: r.diff }),
    );
  });

  dataset
    .command('diff <from> <to>')
    .description('What changed between two versions (name@N or ids).')
    .option('--project <project>', 'the project')
    .action(async (from: string, to: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('dataset.diff', { from, to, project: opts.project }), renderDiff);
    });

  dataset
    .command('split <dataset>')
    .description('Make (or show) the seeded train / validation / test split of a version; stratified by class by default.')
    .option('--project <project>', 'the project')
    .option('--seed <n>', 'random seed', (v) => Number(v), 42)
    .option('--train <fraction>', 'training fraction', (v) => Number(v), 0.7)
    .option('--validation <fraction>', 'validation fraction', (v) => Number(v), 0.15)
    .option('--test <fraction>', 'test fraction', (v) => Number(v), 0.15)
    .option('--no-stratify', 'do not keep class proportions in every part')
    .option(
      '--chronological <column>',
      'order rows by this datetime column instead of shuffling: the oldest rows train, the newest test (an honest score for a model that will predict the future)',
    )
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) =>
          ctx.call('dataset.split', {
            dataset: ref,
            project: opts.project,
            seed: opts.seed,
            fractions: { train: opts.train, validation: opts.validation, test: opts.test },
            stratify: cmd.getOptionValueSource('stratify') === 'cli' ? Boolean(opts.stratify) : undefined,
            chronological: opts.chronological,
          }),
        renderSplit,
      );
    });

  dataset
    .command('splits <dataset>')
    .description('The splits already made for a version (seed, fractions, rows in each part).')
    .option('--project <project>', 'the project')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('dataset.splits', { dataset: ref, project: opts.project }), renderSplits);
    });

  dataset
    .command('samples')
    .description('The sample data sets that ship with Ciclo.')
    .action(async (_opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('dataset.samples', {}),
        (list) =>
          table(
            list.map((s) => ({ id: s.id, title: s.title, task: s.taskType, target: s.target, rows: s.rows })),
            ['id', 'title', 'task', 'target', 'rows'],
          ),
      );
    });

  dataset
    .command('sample <sample>')
    .description(`Create a sample project with its charter and data set in one step (${sampleIds.join(', ')}).`)
    .option('--project-name <name>', 'name of the new project (default: the sample title)')
    .option('--lang <lang>', 'language of the charter and the default name: en or es', 'en')
    .action(async (sample: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('dataset.createSample', { sample: sample as (typeof sampleIds)[number], projectName: opts.projectName, lang: opts.lang }),
        (r) => `Created project ${r.project.name} (${r.project.id}) with data set ${r.version.name} v${r.version.version}: ${r.version.rows} rows, target ${r.version.target}.`,
      );
    });
}
