import type { PredictResult } from '../../../shared/contract/evaluation.js';
import {
  gateStatusOf,
  type Evaluation,
  type EvaluationComparison,
  type EvaluationSummary,
  type GateResult,
  type GateStatus,
  type SliceReport,
} from '../../../shared/schemas/evaluation.js';
import { metrics as catalogue } from '../../../shared/metrics.js';
import { details, formatNumber, table } from '../output.js';

const gateWord = (s: GateStatus) => (s === 'passed' ? 'pass' : s === 'failed' ? 'FAIL' : 'no criteria');
const ci = (i: { lower: number; upper: number } | null | undefined) => (i ? `${formatNumber(i.lower)} – ${formatNumber(i.upper)}` : '');
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '-' : formatNumber(v));

export function renderGates(g: GateResult): string {
  if (!g.checks.length)
    return 'Gates: no criteria (no_criteria): the charter sets no acceptance criteria, so nothing was checked; add some with `ciclo project update P --criterion ...`.';
  const head = g.passed ? `Gates: PASS (all ${g.checks.length} criteria met)` : `Gates: FAIL (${g.failed} of ${g.checks.length} criteria not met)`;
  return [
    head,
    table(
      g.checks.map((c) => ({
        criterion: `${c.metric} ${c.comparator} ${c.threshold}`,
        measured: c.measured,
        '95% CI': ci(c.interval),
        margin: c.margin,
        result: c.passed ? 'pass' : 'FAIL',
        note: c.reason ?? (c.uncertain ? 'threshold inside the 95% interval: the decision could go either way' : ''),
      })),
      ['criterion', 'measured', '95% CI', 'margin', 'result', 'note'],
    ),
  ].join('\n');
}

function renderConfusion(e: Evaluation): string {
  if (e.details.kind !== 'classification') return '';
  const { classes, confusion } = e.details;
  const rows = classes.map((c, i) => Object.fromEntries([['true \\ predicted', c], ...classes.map((p, j) => [p, confusion.counts[i][j]])]));
  return `Confusion matrix (rows: true class, columns: predicted)\n${table(rows, ['true \\ predicted', ...classes])}`;
}

export function renderSlices(s: SliceReport): string {
  const names = catalogue
    .filter((m) => !m.operational && s.slices.some((x) => m.name in x.metrics))
    .map((m) => m.name)
    .slice(0, 5);
  return `Slices by ${s.feature} (${s.kind})\n${table(
    s.slices.map((x) => ({
      slice: x.label,
      rows: x.count,
      ...Object.fromEntries(names.map((n) => [n, x.metrics[n] ?? null])),
      criteria: !x.gate.checks.length
        ? 'no criteria'
        : x.gate.passed
          ? 'pass'
          : `FAIL: ${x.gate.checks
              .filter((c) => !c.passed)
              .map((c) => c.metric)
              .join(', ')}`,
    })),
    ['slice', 'rows', ...names, 'criteria'],
  )}`;
}

export function renderEvaluation(e: Evaluation): string {
  const op = e.operational;
  const parts = [
    details([
      ['evaluation', e.id],
      ['run', `${e.runName} (${e.runId})`],
      ['data set', `${e.datasetRef} (${e.subset === 'test' ? 'held-out test rows' : 'all rows'})`],
      ['rows', e.skippedRows ? `${e.rows} (${e.skippedRows} left out)` : e.rows],
      ['latency', `mean ${fmt(op.latency.meanMs)} ms, p50 ${fmt(op.latency.p50Ms)} ms, p95 ${fmt(op.latency.p95Ms)} ms (${op.latency.samples} single-row calls)`],
      ['throughput', `${fmt(op.throughputRowsPerS)} rows/s (batch of ${op.batchRows})`],
      ['model', `${fmt(op.modelSizeKb)} kB, ${op.paramCount} parameters, ${op.backend} backend`],
      ...(e.details.kind === 'classification' && e.details.positiveClass !== null
        ? [['positive class', `${e.details.positiveClass} (precision, recall, f1 and the curves are about it)`] as [string, string]]
        : []),
    ]),
    table(
      catalogue
        .filter((m) => !m.operational && m.name in e.metrics)
        .map((m) => ({ metric: m.name, value: e.metrics[m.name], '95% CI': ci(e.intervals?.[m.name]), better: m.better })),
      ['metric', 'value', '95% CI', 'better'],
    ),
    renderConfusion(e),
    ...e.slices.map(renderSlices),
    ...e.warnings.map((w) => `note: ${w.message}`),
    ...e.skipped.slice(0, 10).map((s) => `left out: row ${s.row + 1}: ${s.message}`),
    renderGates(e.gate),
  ];
  return parts.filter(Boolean).join('\n\n');
}

export function renderEvaluationList(list: EvaluationSummary[]): string {
  return table(
    list.map((e) => ({
      id: e.id,
      run: e.runName,
      data: `${e.datasetRef}${e.subset === 'test' ? ' (test)' : ''}`,
      rows: e.rows,
      gates: gateWord(e.gateStatus),
      created: e.createdAt.slice(0, 19).replace('T', ' '),
    })),
    ['id', 'run', 'data', 'rows', 'gates', 'created'],
  );
}

export function renderComparison(c: EvaluationComparison): string {
  const name = (s: 'a' | 'b') => `${c[s].runName} (${c[s].id})`;
  return [
    `A: ${name('a')} on ${c.a.datasetRef}\nB: ${name('b')} on ${c.b.datasetRef}`,
    c.sameData ? '' : 'note: the two evaluations used different rows, so this is not a like-for-like comparison.',
    table(
      c.rows.map((r) => ({
        metric: r.metric,
        a: r.a,
        'a 95% CI': ci(r.aInterval),
        b: r.b,
        'b 95% CI': ci(r.bInterval),
        'b - a': r.delta,
        better: r.better === null ? '' : r.better === 'equal' ? '=' : r.better.toUpperCase() + (r.overlap ? ' (intervals overlap: may be noise)' : ''),
      })),
      ['metric', 'a', 'a 95% CI', 'b', 'b 95% CI', 'b - a', 'better'],
    ),
    `A is better on ${c.wins.a} metrics, B on ${c.wins.b}, ${c.wins.equal} equal. Gates: A ${gateWord(gateStatusOf(c.gates.a))}, B ${gateWord(gateStatusOf(c.gates.b))}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function renderPredict(r: PredictResult): string {
  const lines = [`Scored ${r.scored} of ${r.rows} rows; wrote ${r.output} (added columns: ${r.addedColumns.join(', ')}).`];
  if (r.failed) lines.push(`${r.failed === 1 ? '1 row' : `${r.failed} rows`} could not be scored (their prediction cells are empty):`, ...r.errors.map((e) => `  ${e.message}`));
  if (r.failed > r.errors.length) lines.push(`  ... and ${r.failed - r.errors.length} more.`);
  return lines.join('\n');
}
