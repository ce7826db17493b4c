import type { MethodOutput } from '../../../shared/contract/api.js';
import { splitName, type Run, type RunSummary, type RunTarget } from '../../../shared/schemas/training.js';
import { details, formatNumber, table } from '../output.js';

/** Text output of `ciclo train` and `ciclo runs ...`. */

export function metricText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${formatNumber(v)}`)
    .join('  ');
}

/** "epoch 12 (best of 30)" or "epoch 30 (last)": which epoch's weights the model holds. */
export function heldEpochText(r: Pick<RunSummary, 'metricsEpoch' | 'metricsFrom' | 'epochsDone'>): string {
  if (r.metricsEpoch === null) return '';
  return r.metricsFrom === 'best' ? `epoch ${r.metricsEpoch} (best of ${r.epochsDone})` : `epoch ${r.metricsEpoch} (last)`;
}

function targetText(t: RunTarget): string {
  const parts = [t.name];
  if (t.positiveClass !== null) parts.push(`positive class "${t.positiveClass}"`);
  if (t.transform === 'log1p') parts.push('learnt as log(1 + y), predicted on the original scale');
  if (t.skewness !== null) parts.push(`skewness ${formatNumber(t.skewness)}${t.skewed && t.transform === 'none' ? ' (heavily skewed: try --target-transform log1p)' : ''}`);
  return parts.join(', ');
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function renderRun(r: Run): string {
  const p = r.params;
  return details([
    ['id', r.id],
    ['name', r.name],
    ['status', r.status],
    ['project', r.projectId],
    ['data set', r.datasetRef],
    ['split', r.split ? `${splitName(r.split)} (${r.split.id}: ${r.split.counts.train}/${r.split.counts.validation}/${r.split.counts.test} rows)` : r.splitId],
    ['target', r.target ? targetText(r.target) : ''],
    ['template', r.template],
    [
      'layers',
      r.design.layers.map((l) => l.type + ('units' in l ? `(${l.units})` : 'filters' in l ? `(${l.filters})` : 'rate' in l ? `(${l.rate})` : '')).join(' > ') || '(output only)',
    ],
    ['input', `[${r.inputShape.join(', ')}]${r.classes ? `, ${r.classes.length} classes` : ''}`],
    ['parameters', r.paramCount],
    ['optimizer', `${p.optimizer} lr ${p.learningRate} (${p.schedule.type}), batch ${p.batchSize}, seed ${p.seed}`],
    ['epochs', `${r.epochsDone}/${r.epochs}${r.bestEpoch ? ` (best ${r.bestEpoch})` : ''}`],
    ['backend', r.backend ? `${r.backend}${r.backendNote ? ` (${r.backendNote})` : ''}` : `(asked: ${r.backendRequested})`],
    ['metrics', r.metricsEpoch === null ? '' : `${metricText(r.metrics)}  (${heldEpochText(r)}: the weights the model holds)`],
    ['last epoch', r.metricsFrom === 'best' ? `${metricText(r.lastMetrics)}  (epoch ${r.epochsDone})` : ''],
    ['duration', duration(r.durationMs)],
    ['checkpoint', r.checkpointEpoch ? `epoch ${r.checkpointEpoch}` : ''],
    ['model package', r.packageHash ?? ''],
    [
      'environment',
      r.environment
        ? `Ciclo ${r.environment.cicloVersion}, tfjs ${r.environment.tfjsVersion}, Node ${r.environment.nodeVersion}, ${r.environment.os}, ${r.environment.cpuModel} x${r.environment.cpuCount}`
        : '',
    ],
    ['tags', r.tags.join(', ')],
    ['notes', r.notes],
    ['error', r.error?.message ?? ''],
    ['created', r.createdAt],
  ]);
}

export function renderRunList(out: { total: number; items: RunSummary[] }): string {
  const regression = out.items.length > 0 && out.items.every((r) => r.taskType === 'regression');
  const rows = out.items.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    template: r.template,
    backend: r.backend ?? '',
    data: r.datasetRef,
    epochs: `${r.epochsDone}/${r.epochs}`,
    'metrics of': heldEpochText(r),
    val_loss: r.metrics.val_loss,
    [regression ? 'val_rmse' : 'val_accuracy']: regression ? r.metrics.val_rmse : r.metrics.val_accuracy,
    seconds: Math.round(r.durationMs / 100) / 10,
  }));
  return `${table(rows, ['id', 'name', 'status', 'template', 'backend', 'data', 'epochs', 'metrics of', 'val_loss', regression ? 'val_rmse' : 'val_accuracy', 'seconds'])}\n${out.items.length} of ${out.total} runs`;
}

export function renderCompare(c: MethodOutput<'run.compare'>): string {
  const ids = c.runs.map((r) => r.id);
  const diff = c.params.filter((p) => p.differs);
  const paramRows = diff.map((p) => Object.fromEntries([['parameter', p.name], ...p.values.map((v, i) => [ids[i], v ?? ''])]));
  const metricRows = c.metrics.map((m) => Object.fromEntries([['metric', m.name], ...m.values.map((v, i) => [ids[i], v ?? ''])]));
  const b = c.baseline;
  const versus = b
    ? `Against the baseline ${b.run.id} (${b.metric} ${formatNumber(b.run.metrics[b.metric] ?? NaN)}${b.sameSplit ? '' : ', another split'}): ` +
      c.runs.map((r, i) => `${r.id} ${b.beats[i] === null ? 'not comparable' : b.beats[i] ? 'beats it' : 'DOES NOT beat it'}`).join('; ')
    : 'No baseline on this data yet: train one with --template baseline to see whether these models beat logistic / linear regression.';
  return [
    versus,
    diff.length ? `Parameters that differ:\n${table(paramRows, ['parameter', ...ids])}` : 'All parameters are the same.',
    `Metrics of the weights each model holds (${c.runs.map((r) => `${r.id}: ${heldEpochText(r) || 'no epoch yet'}`).join('; ')}):\n${table(metricRows, ['metric', ...ids])}`,
  ].join('\n\n');
}
