/**
 * The y axis of a line chart, chosen from its values: round ticks with one number of decimals, a constant
 * series centred on a sensible range (a constant learning rate of 0.01 on 0–0.02, not -0.01–0.03), and
 * bounded metrics (accuracy, AUC...) never drawn past their bound (no 1.2 on an accuracy axis), counts on whole numbers.
 */
export interface YAxis {
  domain: [number, number];
  ticks: number[];
  /** Decimals every tick needs (0.0010, 0.0020 -> 3 is enough: 0.001, 0.002). */
  decimals: number;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return nice * mag;
}

function decimalsOf(step: number): number {
  if (step >= 1) return 0;
  // enough decimals to tell neighbouring ticks apart, no trailing zeros: 0.25 -> 2, 0.001 -> 3
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 12;
}

export function yAxisFor(values: number[], bounds?: { min?: number; max?: number }, count = 5, integer = false): YAxis | null {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return null;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo <= Math.abs(hi) * 1e-9) {
    // a constant series: from 0 to twice the value (or -1..1 around zero), so the line sits mid-chart
    if (hi === 0) [lo, hi] = [0, 1];
    else if (hi > 0) [lo, hi] = [0, 2 * hi];
    else [lo, hi] = [2 * lo, 0];
  }
  let step = niceStep(hi - lo, count);
  // counts (requests, rows) have whole-number ticks: no "0.5 requests"
  if (integer && !Number.isInteger(step)) step = Math.max(1, Math.floor(step));
  let start = Math.floor(lo / step + 1e-9) * step;
  let end = Math.ceil(hi / step - 1e-9) * step;
  if (bounds?.min !== undefined) start = Math.max(start, bounds.min);
  if (bounds?.max !== undefined) end = Math.min(end, bounds.max);
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (bounds?.max !== undefined && ticks[ticks.length - 1] > bounds.max) ticks.pop();
  return { domain: [start, end], ticks, decimals: decimalsOf(step) };
}
