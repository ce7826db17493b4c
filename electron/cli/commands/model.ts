import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { MethodOutput } from '../../../shared/contract/api.js';
import { modelStages, type ModelDetail, type ModelEvent, type ModelVersion } from '../../../shared/schemas/registry.js';
import { writeFileAtomic } from '../../core/store/files.js';
import { collect, runCommand, userError } from '../context.js';
import { details, formatNumber, table } from '../output.js';

/** `ciclo model ...` and `ciclo lineage`: the Registry phase from the command line. */

function gateText(v: ModelVersion): string {
  if (v.gate.status === 'passed') return 'passed';
  if (v.gate.status === 'missing') return 'not evaluated';
  if (v.gate.status === 'no_criteria') return 'no criteria (the charter sets none; nothing was checked)';
  return `FAILED (${v.gate.failed.map((c) => c.metric).join(', ')})`;
}

function headline(v: ModelVersion): string {
  const key = ['accuracy', 'f1', 'f1_macro', 'rmse', 'r2'].find((k) => typeof v.metrics[k] === 'number');
  return key ? `${key} ${formatNumber(v.metrics[key] as number)}` : '';
}

export function describeEvent(e: ModelEvent): string {
  const v = (n: number | null) => (n === null ? 'none' : `v${n}`);
  let what: string;
  switch (e.action) {
    case 'registered':
      what = `registered ${v(e.toVersion)}`;
      break;
    case 'alias_set':
      what = `alias ${e.alias}: ${v(e.fromVersion)} -> ${v(e.toVersion)}`;
      break;
    case 'alias_removed':
      what = `alias ${e.alias} removed from ${v(e.fromVersion)}`;
      break;
    case 'rollback':
      what = `ROLLBACK ${e.alias ?? 'production'}: ${v(e.fromVersion)} -> ${v(e.toVersion)}`;
      break;
    case 'stage_changed':
      what = `${v(e.toVersion)} stage ${e.fromStage} -> ${e.toStage}${e.toStage === 'production' && e.fromVersion !== null ? ` (replacing ${v(e.fromVersion)}, now archived)` : ''}`;
      break;
    case 'version_deleted':
      what = `${v(e.toVersion)} deleted`;
      break;
    default:
      what = `${e.action.replace('_', ' ')}${e.toVersion !== null ? ` ${v(e.toVersion)}` : ''}`;
  }
  const gate =
    e.gateStatus && (e.action === 'alias_set' || e.action === 'stage_changed' || e.action === 'rollback') ? ` [gate ${e.gateStatus}${e.override ? ', OVERRIDDEN' : ''}]` : '';
  return `${what}${gate}`;
}

function historyTable(events: ModelEvent[]): string {
  return table(
    events.map((e) => ({ at: e.at.replace('T', ' ').slice(0, 19), event: describeEvent(e), reason: e.reason, by: `${e.actor} (${e.door})` })),
    ['at', 'event', 'reason', 'by'],
  );
}

function renderModel(m: ModelDetail): string {
  const aliases = Object.entries(m.aliases)
    .map(([a, n]) => `${a} -> v${n}`)
    .join(', ');
  const rollbacks = Object.entries(m.rollbackTargets)
    .filter(([, n]) => n !== null)
    .map(([s, n]) => `${s} -> v${n}`)
    .join(', ');
  return [
    details([
      ['model', m.name],
      ['id', m.id],
      ['project', m.projectName],
      ['description', m.description],
      ['archived', m.archived ? 'yes' : 'no'],
      ['versions', m.versionCount],
      ['aliases', aliases || 'none'],
      ['production', m.productionVersion === null ? 'none' : `v${m.productionVersion}`],
      ['rollback to', rollbacks || 'nothing to roll back'],
    ]),
    '',
    'Versions:',
    table(
      m.versions.map((v) => ({
        version: v.version,
        stage: v.stage,
        aliases: v.aliases.join(', '),
        gate: gateText(v),
        metric: headline(v),
        run: v.runId,
        data: v.datasetRef,
        registered: v.createdAt.slice(0, 19).replace('T', ' '),
      })),
      ['version', 'stage', 'aliases', 'gate', 'metric', 'run', 'data', 'registered'],
    ),
    '',
    'History (newest first):',
    historyTable(m.history),
  ].join('\n');
}

function renderVersion(v: ModelVersion): string {
  return details([
    ['version', v.ref],
    ['id', v.id],
    ['stage', v.stage],
    ['aliases', v.aliases.join(', ') || 'none'],
    ['gate', gateText(v)],
    ['evaluation', v.gate.evaluationId ? `${v.gate.evaluationId} on ${v.gate.datasetRef}` : 'none'],
    ['run', `${v.runName} (${v.runId})`],
    ['data', v.datasetRef],
    ['package', v.packageHash],
    ['description', v.description],
    ['tags', v.tags.join(', ')],
    ['registered', v.createdAt],
  ]);
}

function renderMove(r: MethodOutput<'model.promote'>): string {
  const e = r.event;
  const lines = [`${r.version.modelName}: ${describeEvent(e)}.`];
  if (e.override)
    lines.push(
      `The gate ${e.gateStatus === 'missing' ? 'was never checked' : e.gateStatus === 'no_criteria' ? 'checked nothing (no criteria)' : `failed (${e.failedCriteria.join(', ')})`}; overridden with the reason: "${e.reason}".`,
    );
  else if (e.reason) lines.push(`Reason: ${e.reason}`);
  return lines.join('\n');
}

function readText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.startsWith('@')) return value;
  const file = path.resolve(value.slice(1));
  if (!fs.existsSync(file)) throw userError(`Cannot read ${file}: no such file (a value starting with @ is read from that file).`);
  return fs.readFileSync(file, 'utf8');
}

export function registerModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('The model registry: versions, aliases, stages, gated promotion, history, rollback, model cards. Models are addressed as M, M@VERSION or M@alias.');

  model
    .command('register <run>')
    .description("Register a finished run's model as the next version of model M (created when new).")
    .requiredOption('--name <model>', 'the registered model name')
    .option('--description <text>', 'what this version is')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .action(async (run: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('model.register', { run, name: opts.name, description: opts.description, tags: opts.tag.length ? opts.tag : undefined }),
        (v) => `Registered ${v.ref} from run ${v.runId} (gate: ${gateText(v)}).`,
      );
    });

  model
    .command('list')
    .description('List registered models.')
    .option('--project <project>', 'only this project (name or id)')
    .option('--all', 'include archived models')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('model.list', { project: opts.project, includeArchived: Boolean(opts.all) }),
        (list) =>
          table(
            list.map((m) => ({
              name: m.name,
              project: m.projectName,
              versions: m.versionCount,
              latest: m.latestVersion === null ? '' : `v${m.latestVersion}`,
              production: m.productionVersion === null ? '' : `v${m.productionVersion}`,
              aliases: Object.entries(m.aliases)
                .map(([a, n]) => `${a}=v${n}`)
                .join(', '),
              archived: m.archived ? 'yes' : '',
            })),
            ['name', 'project', 'versions', 'latest', 'production', 'aliases', 'archived'],
          ),
      );
    });

  model
    .command('show <model>')
    .description('Show a model (versions, aliases, stages, history) or, with M@VERSION / M@alias, one version. --at DATE: who held what then.')
    .option('--at <date>', 'which version held each alias and production at this date (a date alone: end of that day, UTC)')
    .action(async (ref: string, opts, cmd: Command) => {
      if (opts.at) {
        await runCommand(
          cmd,
          (ctx) => ctx.call('model.holders', { model: ref, at: opts.at }),
          (h) =>
            details([
              ['at', h.at],
              ['production', h.production === null ? 'none' : `v${h.production}`],
              ...Object.entries(h.aliases).map(([a, n]) => [`alias ${a}`, `v${n}`] as [string, unknown]),
            ]),
        );
        return;
      }
      if (ref.includes('@')) await runCommand(cmd, (ctx) => ctx.call('model.version', { model: ref }), renderVersion);
      else await runCommand(cmd, (ctx) => ctx.call('model.get', { model: ref }), renderModel);
    });

  model
    .command('promote <model> [version]')
    .description('Give a version an alias or move it to a stage. champion and production need a passing gate or --reason (exit 3 when blocked).')
    .option('--alias <alias>', 'alias to give, such as champion or challenger')
    .option('--stage <stage>', `stage: ${modelStages.join(', ')}`)
    .option('--reason <text>', 'why (required, at least 15 characters, to override a failing or missing gate)')
    .action(async (ref: string, version: string | undefined, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          if (Boolean(opts.alias) === Boolean(opts.stage)) throw userError('Give either --alias A or --stage S (exactly one).');
          const n = version === undefined ? undefined : Number(version.replace(/^v/i, ''));
          if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw userError(`VERSION "${version}" is not a version number (1, 2, ...).`);
          return ctx.call('model.promote', { model: ref, version: n, alias: opts.alias, stage: opts.stage, reason: opts.reason });
        },
        renderMove,
      );
    });

  model
    .command('unalias <model> <alias>')
    .description('Take an alias away from the version that holds it.')
    .option('--reason <text>', 'why')
    .action(async (ref: string, alias: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('model.removeAlias', { model: ref, alias, reason: opts.reason }), renderMove);
    });

  model
    .command('rollback <model>')
    .description('Move an alias (or production) back to its previous holder, recorded as a rollback.')
    .option('--alias <alias>', 'the alias to roll back, such as champion')
    .option('--stage <stage>', 'production, to roll back the production stage')
    .option('--reason <text>', 'why (stored with the rollback)')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          if (Boolean(opts.alias) === Boolean(opts.stage)) throw userError('Give either --alias A or --stage production (exactly one).');
          if (opts.stage && opts.stage !== 'production') throw userError(`Only the production stage can be rolled back, not "${opts.stage}".`);
          return ctx.call('model.rollback', { model: ref, alias: opts.alias, stage: opts.stage, reason: opts.reason });
        },
        renderMove,
      );
    });

  model
    .command('card <model>')
    .description('The model card of a version (M@VERSION, M@alias): Markdown (default) or self-contained HTML.')
    .option('--format <format>', 'md or html', 'md')
    .option('--output <file>', 'write it to this file instead of printing it')
    .option('--lang <lang>', 'language of the section titles: en or es', 'en')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          if (!['md', 'html'].includes(opts.format)) throw userError(`--format must be md or html, not "${opts.format}".`);
          const card = await ctx.call('model.card', { model: ref, lang: opts.lang });
          const content = opts.format === 'html' ? card.html : card.markdown;
          if (!opts.output) return { ...card, content };
          const file = path.resolve(opts.output);
          writeFileAtomic(file, content);
          return { ref: card.ref, format: opts.format, lang: card.lang, output: file, bytes: Buffer.byteLength(content) };
        },
        (r) => ('output' in r ? `Wrote the model card of ${r.ref} (${r.format}, ${r.lang}) to ${r.output}.` : r.content.trimEnd()),
      );
    });

  model
    .command('edit-card <model>')
    .description("Write the limitations and ethical considerations of a version's card (a value starting with @ is read from that file).")
    .option('--limitations <text>', 'known limitations')
    .option('--ethics <text>', 'ethical considerations')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          const limitations = readText(opts.limitations);
          const ethicalConsiderations = readText(opts.ethics);
          if (limitations === undefined && ethicalConsiderations === undefined) throw userError('Give --limitations and/or --ethics.');
          return ctx.call('model.updateCard', { model: ref, limitations, ethicalConsiderations });
        },
        (r) => `Saved the card sections of ${r.ref}.`,
      );
    });

  model
    .command('update <model>')
    .description('Change the description of a model (M) or the description and tags of a version (M@VERSION).')
    .option('--description <text>', 'new description')
    .option('--tag <tag>', 'tag (repeatable; replaces the tags)', collect, [])
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('model.update', { model: ref, description: opts.description, tags: opts.tag.length ? opts.tag : undefined }),
        (r) => `Updated ${r.ref}.`,
      );
    });

  model
    .command('archive <model>')
    .description('Archive (soft delete) a model (M) or a version (M@VERSION); it stays resolvable. --restore undoes it.')
    .option('--restore', 'restore instead')
    .option('--reason <text>', 'why')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('model.archive', { model: ref, archived: !opts.restore, reason: opts.reason }),
        (r) => `${r.archived ? 'Archived' : 'Restored'} ${r.ref}.`,
      );
    });

  model
    .command('delete <model>')
    .description('Hard-delete a model (M) or a version (M@VERSION). Needs --yes; refused while aliases, production or deployments depend on it.')
    .option('--yes', 'confirm: this cannot be undone')
    .action(async (ref: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => {
          if (!opts.yes) throw userError(`Deleting ${ref} cannot be undone; add --yes to confirm (or archive it instead: ciclo model archive ${ref}).`);
          return ctx.call('model.delete', { model: ref, confirm: true });
        },
        (r) => `Deleted ${r.ref}:\n${r.removed.map((x) => `  - ${x}`).join('\n')}`,
      );
    });

  program
    .command('lineage <model>')
    .description('Where a model version comes from: charter -> data set version -> run (-> evaluations) -> model version.')
    .action(async (ref: string, _opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('lineage.get', { model: ref }),
        (g) => {
          const byId = new Map(g.nodes.map((n) => [n.id, n]));
          const lines = g.nodes.map(
            (n) =>
              `${n.focus ? '*' : ' '} ${n.kind.padEnd(15)} ${n.label}  (${n.ref})${
                Object.keys(n.facts).length
                  ? '  ' +
                    Object.entries(n.facts)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(' ')
                  : ''
              }`,
          );
          const edges = g.edges.map((e) => `  ${byId.get(e.from)?.label} --${e.kind}--> ${byId.get(e.to)?.label}`);
          return [`Lineage of ${g.ref}:`, ...lines, '', 'Links:', ...edges].join('\n');
        },
      );
    });
}
