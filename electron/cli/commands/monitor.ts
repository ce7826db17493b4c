import path from 'node:path';
import type { Command } from 'commander';
import {
  driftMethods,
  type CheckResult,
  type Comparison,
  type DriftMethod,
  type DriftReport,
  type FeedbackResult,
  type PerformanceReport,
} from '../../../shared/schemas/monitoring.js';
import type { Job } from '../../../shared/schemas/system.js';
import { writeFileAtomic } from '../../core/store/files.js';
import { collect, runCommand, userError } from '../context.js';
import { waitJob } from '../job-wait.js';
import { formatNumber, table } from '../output.js';

/**
 * `ciclo monitor drift|performance|feedback|check|report|alerts|models|compare`, `ciclo retrain` and
 * `ciclo simulate drift`. `monitor check` exits 3 when an alert fires.
 */

function num(v: string | undefined, what: string, integer = true): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw userError(`${what} must be a ${integer ? 'whole ' : ''}number above 0 (got "${v}").`);
  return n;
}

/** --since/--until/--last/--last-hours/--last-days as the contract's window fields. */
function windowOf(opts: Record<string, string | undefined>) {
  return {
    since: opts.since,
    until: opts.until,
    last: num(opts.last, '--last'),
    lastHours: num(opts.lastHours, '--last-hours', false),
    lastDays: num(opts.lastDays, '--last-days', false),
  };
}

function withWindow(cmd: Command): Command {
  return cmd
    .option('--since <date>', 'logged rows from this date (ISO)')
    .option('--until <date>', 'logged rows before this date (ISO)')
    .option('--last <n>', 'the newest N logged rows')
    .option('--last-hours <h>', 'the last H hours (counted back from the newest logged row)')
    .option('--last-days <d>', 'the last D days (counted back from the newest logged row)');
}

/** "col=ks", "col=psi:0.2", "col=wasserstein:0.15" as per-column overrides. */
function columnMethods(list: string[]): Record<string, { method?: DriftMethod; threshold?: number }> | undefined {
  if (!list.length) return undefined;
  const out: Record<string, { method?: DriftMethod; threshold?: number }> = {};
  for (const item of list) {
    const m = /^([^=]+)=([a-z]+)(?::([0-9.eE-]+))?$/.exec(item.trim());
    if (!m || !(driftMethods as readonly string[]).includes(m[2]))
      throw userError(`--column-method "${item}" should be col=METHOD[:THRESHOLD] with METHOD one of ${driftMethods.join(', ')}.`);
    out[m[1]] = { method: m[2] as DriftMethod, threshold: m[3] === undefined ? undefined : Number(m[3]) };
  }
  return out;
}

const f = (v: number | null | undefined) => (v === null || v === undefined ? '-' : formatNumber(v));

function renderDrift(r: DriftReport): string {
  const lines = [
    `${r.model.ref}: reference ${r.reference.datasetRef} (${r.reference.subset}, ${r.rows.reference} rows), current ${r.rows.current} rows (${r.current.description})`,
    r.summary.message,
    '',
    table(
      r.columns.map((c) => ({
        column: c.name,
        type: c.type,
        method: c.method,
        statistic: c.statistic,
        p: c.pValue ?? null,
        threshold: c.threshold,
        effect: c.effectSize.value,
        importance: c.importance,
        status: c.status,
      })),
      ['column', 'type', 'method', 'statistic', 'p', 'threshold', 'effect', 'importance', 'status'],
    ),
    '',
    ...r.columns.filter((c) => c.drifted).map((c) => `- ${c.explanation}`),
  ];
  if (r.multivariate) lines.push('', `Multivariate (PCA, ${r.multivariate.components} component${r.multivariate.components === 1 ? '' : 's'}): ${r.multivariate.explanation}`);
  if (r.prediction) lines.push(`Prediction drift: ${r.prediction.status} (${r.prediction.method} ${f(r.prediction.statistic)}). ${r.prediction.explanation}`);
  if (r.target) lines.push(`Target drift: ${r.target.status} (${r.target.method} ${f(r.target.statistic)}). ${r.target.explanation}`);
  return lines.join('\n');
}

function renderPerformance(r: PerformanceReport): string {
  const metric = r.criteria[0]?.metric ?? (r.model.task === 'regression' ? 'rmse' : 'accuracy');
  const rows = r.windows.map((w) => ({
    from: w.start.slice(0, 16).replace('T', ' '),
    requests: w.requests,
    labelled: w.labelled,
    [metric]: w.metrics?.[metric] ?? null,
    interval: w.intervals[metric] ? `${formatNumber(w.intervals[metric]!.low)}..${formatNumber(w.intervals[metric]!.high)}` : '',
    estimated: w.estimated?.[metric] ?? null,
    failing: [...w.failing, ...w.estimatedFailing.map((m) => `${m} (est.)`)].join(' '),
  }));
  const o = r.operational;
  return [
    table(rows, ['from', 'requests', 'labelled', metric, 'interval', 'estimated', 'failing']),
    '',
    `Requests: ${o.requests}, ${f(o.ratePerHour)} per hour; error rate ${f(o.errorRate)}; latency p50 ${f(o.latency.p50)} ms, p95 ${f(o.latency.p95)} ms, p99 ${f(o.latency.p99)} ms`,
    r.cbpe.available ? `Estimated: ${r.cbpe.assumption}` : '',
  ].join('\n');
}

function renderFeedback(r: FeedbackResult): string {
  return r.messages.map((m) => m.message).join('\n');
}

function renderCheck(r: CheckResult): string {
  return [
    r.fired ? `${r.alerts.length} alert(s) fired for ${r.model.ref}:` : `No alert fired for ${r.model.ref}.`,
    ...r.rules.map((x) => `${x.fired ? 'ALERT' : 'ok   '} ${x.rule}: ${x.message}`),
  ].join('\n');
}

function renderCompare(c: Comparison): string {
  return [
    `${c.champion.ref} (champion) vs ${c.challenger.ref} (challenger) on ${c.source}`,
    table(
      c.metrics.map((m) => ({
        metric: m.metric,
        champion: m.champion,
        challenger: m.challenger,
        difference: m.difference,
        interval: m.differenceInterval ? `${formatNumber(m.differenceInterval.low)}..${formatNumber(m.differenceInterval.high)}` : '',
        better: m.better,
      })),
      ['metric', 'champion', 'challenger', 'difference', 'interval', 'better'],
    ),
    c.mcnemar ? `McNemar: b=${c.mcnemar.b} c=${c.mcnemar.c} p=${formatNumber(c.mcnemar.pValue)}` : '',
    c.shadow
      ? `Shadow mode: ${c.shadow.rows} live rows scored by both (${c.shadow.labelled} labelled); they agree on ${c.shadow.agreement === null ? '-' : `${formatNumber(c.shadow.agreement * 100)} %`}.`
      : '',
    c.recommendationText.message,
  ].join('\n');
}

export function registerMonitorCommands(program: Command): void {
  const monitor = program.command('monitor').description('Monitor models in production: drift, performance, feedback, alerts, reports.');

  withWindow(monitor.command('drift <model>').description("Data drift of a model's logged rows (or a CSV scored as a batch) against its reference."))
    .option('--reference <dataset>', 'reference data set version (D@V); default the training split of the version the model was trained on')
    .option('--current <file>', 'a CSV of production rows to score as a batch instead of logged rows')
    .option('--column-method <col=method[:threshold]>', `per-column test (${driftMethods.join(', ')}); repeatable`, collect, [])
    .option('--share <s>', 'share of drifted columns that flags the data set (default 0.5)')
    .option('--min-rows <n>', 'fewer values than this is "not enough data" (default 30)')
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) =>
          ctx.call('monitor.drift', {
            model,
            reference: opts.reference,
            current: opts.current ? path.resolve(opts.current) : undefined,
            ...windowOf(opts),
            columnMethods: columnMethods(opts.columnMethod),
            shareThreshold: opts.share === undefined ? undefined : Number(opts.share),
            minRows: num(opts.minRows, '--min-rows'),
          }),
        renderDrift,
      );
    });

  withWindow(
    monitor
      .command('performance <model>')
      .description('Live metrics per window against the charter (with bootstrap intervals), CBPE estimates without labels, operational figures.'),
  )
    .option('--window <w>', 'window width: 30m, 6h, 1d, 1w', '1d')
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('monitor.performance', { model, window: opts.window, ...windowOf(opts) }), renderPerformance);
    });

  monitor
    .command('feedback <model>')
    .description('Join ground-truth labels to logged predictions by request id; unknown ids and duplicates are reported.')
    .requiredOption('--input <file>', 'CSV with request_id and label columns (or the original columns plus the label)')
    .option('--id-column <col>', 'column with the request id', 'request_id')
    .option('--label-column <col>', 'column with the label (default: label, else the target column)')
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('monitor.feedback', { model, input: path.resolve(opts.input), idColumn: opts.idColumn, labelColumn: opts.labelColumn }),
        renderFeedback,
      );
    });

  withWindow(monitor.command('check <model>').description('Evaluate the alert rules; exit code 3 when any alert fires (for cron or CI).'))
    .option('--reference <dataset>', 'reference data set version (D@V)')
    .option('--watch <column>', 'also alert when this column drifts (repeatable)', collect, [])
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('monitor.check', { model, reference: opts.reference, watch: opts.watch, ...windowOf(opts) }),
        renderCheck,
        (r) => (r.fired ? 3 : 0),
      );
    });

  withWindow(monitor.command('report <model>').description('Write the drift and performance report as an offline HTML page.'))
    .requiredOption('--output <file>', 'the .html file to write')
    .option('--reference <dataset>', 'reference data set version (D@V)')
    .option('--lang <lang>', 'en or es', 'en')
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          if (opts.lang !== 'en' && opts.lang !== 'es') throw userError(`--lang must be en or es (got "${opts.lang}").`);
          const r = await ctx.call('monitor.report', { model, reference: opts.reference, lang: opts.lang, ...windowOf(opts) });
          const file = path.resolve(opts.output);
          writeFileAtomic(file, r.content);
          return { file, bytes: Buffer.byteLength(r.content) };
        },
        (r) => `Wrote ${r.file} (${r.bytes} bytes).`,
      );
    });

  monitor
    .command('alerts')
    .description('Alerts, newest first.')
    .option('--project <project>', 'only this project')
    .option('--model <model>', 'only this model version')
    .option('--status <status>', 'open or resolved')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('monitor.alerts', { project: opts.project, model: opts.model, status: opts.status, limit: 200 }),
        (list) =>
          table(
            list.map((a) => ({ fired: a.firedAt.slice(0, 16), model: a.modelRef, rule: a.rule, status: a.status, message: a.message })),
            ['fired', 'model', 'rule', 'status', 'message'],
          ),
      );
    });

  monitor
    .command('models')
    .description('Model versions with logged predictions.')
    .option('--project <project>', 'only this project')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        (ctx) => ctx.call('monitor.models', { project: opts.project }),
        (list) =>
          table(
            list.map((m) => ({ model: m.ref, rows: m.rows, labelled: m.labelled, first: m.first, last: m.last, alerts: m.openAlerts })),
            ['model', 'rows', 'labelled', 'first', 'last', 'alerts'],
          ),
      );
    });

  withWindow(
    monitor
      .command('compare <champion> <challenger>')
      .description('Champion vs challenger on the same labelled production rows (or --dataset D@V): intervals, McNemar, recommendation.'),
  )
    .option('--dataset <dataset>', 'compare on this data set version instead')
    .action(async (champion: string, challenger: string, opts, cmd: Command) => {
      await runCommand(cmd, (ctx) => ctx.call('monitor.compare', { champion, challenger, dataset: opts.dataset, ...windowOf(opts) }), renderCompare);
    });

  program
    .command('retrain <model>')
    .description("Retrain with the champion's recipe on the reference plus labelled production rows (or --dataset), evaluate, and register under an alias (challenger).")
    .option('--alias <alias>', 'alias for the new version', 'challenger')
    .option('--dataset <dataset>', 'train on this data set version instead')
    .option('--seed <n>', 'a new training seed')
    .option('--reason <text>', 'why (kept in the lineage)')
    .option('--quiet', 'no progress on stderr')
    .action(async (model: string, opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const job = await ctx.call('monitor.retrain', {
            model,
            alias: opts.alias,
            dataset: opts.dataset,
            seed: opts.seed === undefined ? undefined : Number(opts.seed),
            reason: opts.reason,
          });
          return (await waitJob(ctx, job, Boolean(opts.quiet), 'Cancelled.')).result as Record<string, unknown>;
        },
        (r) => `Registered ${r.model} v${r.version} as ${r.alias} (run ${r.runId}). ${r.lineage}`,
      );
    });

  const sim = program.command('simulate').description('Teaching simulators.');
  sim
    .command('drift')
    .description('Simulate production traffic with controlled drift over days, scored and logged by the model, with delayed labels.')
    .requiredOption('--dataset <dataset>', 'data set version to draw rows from (D@V)')
    .requiredOption('--model <model>', 'the model that scores them (M@alias)')
    .option('--shift <spec>', 'col=+1.5sd, col=+10, col=*1.2 or cat:col=Value:+30% (repeatable)', collect, [])
    .option('--noise <spec>', 'col=0.2: Gaussian noise in standard deviations (repeatable)', collect, [])
    .option('--rows <n>', 'rows to simulate', '1000')
    .option('--days <d>', 'simulated days', '7')
    .option('--label-delay <d>', 'labels arrive after this long (e.g. 1d); rows younger than that have none yet')
    .option('--no-labels', 'no labels at all')
    .option('--no-ramp', 'full drift from the first day (default: it grows over the days)')
    .option('--start <date>', 'first simulated day (default: DAYS before now)')
    .option('--seed <n>', 'seed', '1')
    .option('--quiet', 'no progress on stderr')
    .action(async (opts, cmd: Command) => {
      await runCommand(
        cmd,
        async (ctx) => {
          const job = await ctx.call('monitor.simulate', {
            dataset: opts.dataset,
            model: opts.model,
            shifts: opts.shift,
            noise: opts.noise,
            rows: num(opts.rows, '--rows'),
            days: num(opts.days, '--days'),
            labelDelay: opts.labelDelay,
            labels: opts.labels,
            ramp: opts.ramp,
            start: opts.start,
            seed: Number(opts.seed),
          });
          return (await waitJob(ctx, job, Boolean(opts.quiet), 'Cancelled.')).result as Record<string, unknown>;
        },
        (r) => `Logged ${r.logged} simulated rows (${r.from} .. ${r.to}), ${r.labelled} with labels, ${r.rejected} rejected.`,
      );
    });
}
