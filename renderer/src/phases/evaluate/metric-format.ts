import i18next from 'i18next';
import { metricByName, type Comparator } from '../../../../shared/metrics';

/** Display formatting for the Evaluate phase: metric names and values in the user's language. */

const locale = () => i18next.language || 'en';

/** A metric's name from the evaluate namespace (the catalogue name when it has no translation). */
export function metricLabel(name: string): string {
  return i18next.t(`evaluate:metric.${name}`, { defaultValue: name });
}

/** A metric value: milliseconds with 2 decimals, counts whole, sizes with 1 decimal, scores with 4. */
export function formatMetric(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const nf = (digits: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: digits });
  if (name === 'param_count' || name === 'throughput_rows_s') return nf(0).format(v);
  if (name.endsWith('_ms') || name === 'model_size_kb') return nf(2).format(v);
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  // Bounded scores (accuracy, AUC, Brier...) keep 4 decimals so a column of them lines up: 1.0000, 0.9583.
  const info = metricByName.get(name);
  if (info && info.max <= 2 && info.min >= 0) return new Intl.NumberFormat(locale(), { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(v);
  return nf(4).format(v);
}

/** A signed difference (margin, delta) in the metric's own format: +0.158, −1,499. */
export function formatSigned(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const text = formatMetric(name, Math.abs(v));
  if (v === 0 || text === formatMetric(name, 0)) return text;
  return `${v > 0 ? '+' : '−'}${text}`;
}

const symbols: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** "Accuracy ≥ 0.9" */
export function criterionText(metric: string, comparator: Comparator, threshold: number): string {
  const value = new Intl.NumberFormat(locale(), { maximumFractionDigits: 6 }).format(threshold);
  return `${metricLabel(metric)} ${symbols[comparator]} ${value}`;
}

/** 'higher' or 'lower' is better, from the metric catalogue (null when unknown). */
export function betterDirection(name: string): 'higher' | 'lower' | null {
  return metricByName.get(name)?.better ?? null;
}

export function isOperational(name: string): boolean {
  return Boolean(metricByName.get(name)?.operational);
}
