/**
 * Champion vs challenger on the same rows (recent labelled production rows, or a data set version):
 * both models score the same raw inputs through their packages; metric by metric with paired bootstrap
 * intervals, McNemar's test for accuracy, and a recommendation.
 */
import type { Comparison, Text } from '../../../shared/schemas/monitoring.js';
import { metricByName } from '../../../shared/metrics.js';
import { classificationMetrics, regressionMetricValues } from '../evaluation/metrics.js';
import { mcnemar } from '../stats/cbpe.js';
import { mulberry32 } from '../stats/random.js';
import { argmaxRows } from '../stats/classification.js';
import type { Prediction } from '../training/predictor.js';

export interface CompareInput {
  champion: { ref: string; runId: string };
  challenger: { ref: string; runId: string };
  classes: string[] | null;
  /** True labels as class indices (classification) or values. */
  truth: number[];
  a: Prediction;
  b: Prediction;
  source: string;
  /** The metric that decides (the charter's first criterion, else accuracy or rmse). */
  primary: string;
}

const t = (key: string, params: Record<string, unknown>, message: string): Text => ({ key: `monitor:${key}`, params, message });

export function compareModels(input: CompareInput): Comparison {
  const { classes, truth } = input;
  const n = truth.length;
  const K = classes?.length ?? 0;
  const output = (p: Prediction) => (p.task === 'regression' ? p.values : Float64Array.from(p.probabilities));
  const outA = output(input.a);
  const outB = output(input.b);
  const metricsOf = (out: Float64Array, idx: Int32Array) =>
    classes
      ? classificationMetrics({
          classes,
          yTrue: Int32Array.from(idx, (i) => truth[i]),
          proba: Float64Array.from({ length: idx.length * K }, (_, j) => out[idx[Math.floor(j / K)] * K + (j % K)]),
        })
      : regressionMetricValues({ yTrue: Float64Array.from(idx, (i) => truth[i]), yPred: Float64Array.from(idx, (i) => out[i]) });
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const mA = metricsOf(outA, all);
  const mB = metricsOf(outB, all);
  const names = classes ? ['accuracy', 'balanced_accuracy', ...(K === 2 ? ['precision', 'recall', 'f1'] : ['f1_macro']), 'roc_auc', 'log_loss'] : ['mae', 'rmse', 'r2'];
  if (!names.includes(input.primary) && mA[input.primary] !== undefined) names.unshift(input.primary);
  // paired bootstrap: the same resampled rows for both models, every metric from one pass per resample
  const sample = n > 1500 ? Int32Array.from({ length: 1500 }, (_, i) => Math.floor((i * n) / 1500)) : all;
  const B = 100;
  const random = mulberry32(3);
  const draws: Record<string, { a: number[]; b: number[]; d: number[] }> = Object.fromEntries(names.map((m) => [m, { a: [], b: [], d: [] }]));
  const rows = new Int32Array(sample.length);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < rows.length; i++) rows[i] = sample[Math.floor(random() * sample.length)];
    const x = metricsOf(outA, rows);
    const y = metricsOf(outB, rows);
    for (const m of names) {
      const xa = x[m];
      const yb = y[m];
      if (xa !== null && xa !== undefined && Number.isFinite(xa)) draws[m].a.push(xa);
      if (yb !== null && yb !== undefined && Number.isFinite(yb)) draws[m].b.push(yb);
      if (xa !== null && xa !== undefined && yb !== null && yb !== undefined && Number.isFinite(xa) && Number.isFinite(yb)) draws[m].d.push(yb - xa);
    }
  }
  const interval = (v: number[]) => {
    if (v.length < B / 2) return null;
    const s = [...v].sort((p, q) => p - q);
    const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.round((s.length - 1) * p)))];
    return { low: q(0.025), high: q(0.975) };
  };
  const metrics = names.map((metric) => {
    const a = mA[metric] ?? null;
    const b = mB[metric] ?? null;
    const higher = (metricByName.get(metric)?.better ?? 'higher') === 'higher';
    const diff = a === null || b === null ? null : b - a;
    const better = diff === null ? null : Math.abs(diff) < 1e-12 ? 'tie' : diff > 0 === higher ? 'challenger' : 'champion';
    return {
      metric,
      champion: a,
      challenger: b,
      championInterval: interval(draws[metric].a),
      challengerInterval: interval(draws[metric].b),
      difference: diff,
      differenceInterval: interval(draws[metric].d),
      better: better as 'champion' | 'challenger' | 'tie' | null,
    };
  });
  let test: Comparison['mcnemar'] = null;
  if (classes) {
    const pa = argmaxRows(outA, K);
    const pb = argmaxRows(outB, K);
    let b = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const okA = pa[i] === truth[i];
      const okB = pb[i] === truth[i];
      if (okA && !okB) b++;
      if (!okA && okB) c++;
    }
    test = { b, c, ...mcnemar(b, c) };
  }
  const primary = metrics.find((m) => m.metric === input.primary) ?? metrics[0];
  const higher = (metricByName.get(primary.metric)?.better ?? 'higher') === 'higher';
  const ci = primary.differenceInterval;
  const significant = !test || test.pValue < 0.05;
  const wins = ci && (higher ? ci.low > 0 : ci.high < 0) && significant;
  const loses = ci && (higher ? ci.high < 0 : ci.low > 0) && significant;
  const recommendation = wins ? 'promote' : loses ? 'keep' : 'undecided';
  const params = { metric: primary.metric, champion: primary.champion, challenger: primary.challenger, rows: n, p: test?.pValue ?? null };
  const text =
    recommendation === 'promote'
      ? t(
          'compare.promote',
          params,
          `The challenger is better on ${primary.metric} (${primary.challenger?.toFixed(3)} vs ${primary.champion?.toFixed(3)} on ${n} rows), beyond chance: promote it through the gate.`,
        )
      : recommendation === 'keep'
        ? t('compare.keep', params, `The champion is better on ${primary.metric} (${primary.champion?.toFixed(3)} vs ${primary.challenger?.toFixed(3)} on ${n} rows): keep it.`)
        : t(
            'compare.undecided',
            params,
            `No clear winner on ${primary.metric} (${primary.champion?.toFixed(3)} vs ${primary.challenger?.toFixed(3)} on ${n} rows): the difference is within chance; gather more labelled rows.`,
          );
  return { champion: input.champion, challenger: input.challenger, rows: n, source: input.source, metrics, mcnemar: test, recommendation, recommendationText: text };
}
