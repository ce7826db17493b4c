/** Axes of the canvas charts: domains, "nice" ticks and nearest-point look-ups (pure functions). */

export interface Domain {
  min: number;
  max: number;
}

/** The finite range of all arrays, or null when none has a finite value. */
export function extent(arrays: ArrayLike<number>[]): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  return { min, max };
}

/** A y domain with a little room above and below (a flat line gets ±1 % or ±1). */
export function padded(d: Domain, fraction = 0.05): Domain {
  if (d.max === d.min) {
    const pad = d.min === 0 ? 1 : Math.abs(d.min) * 0.01;
    return { min: d.min - pad, max: d.max + pad };
  }
  const pad = (d.max - d.min) * fraction;
  return { min: d.min - pad, max: d.max + pad };
}

/** About `count` round tick values (1, 2 or 5 times a power of ten apart) inside the domain, and their step. */
export function niceTicks(d: Domain, count = 5): { ticks: number[]; step: number } {
  const span = d.max - d.min;
  if (!(span > 0)) return { ticks: [d.min], step: 1 };
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  // d3's thresholds: the step nearest to the raw one among 1, 2, 5 and 10 times a power of ten
  const step = (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.SQRT2 ? 2 : 1) * power;
  const first = Math.ceil(d.min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= d.max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return { ticks, step };
}

/** Index of the value in sorted `xs` nearest to x (-1 for an empty array). */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (!n) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1] <= xs[lo] - x ? lo - 1 : lo;
}

/**
 * The point of each series shown at hovered x: the nearest one, if it lies within `tolerance` of x or
 * within the series' own spacing (a short epoch series next to long step series). null where the
 * series has no point near x (it ended before, or started after).
 */
export function valuesAt(series: { x: ArrayLike<number>; y: ArrayLike<number> }[], x: number, tolerance: number): ({ x: number; y: number } | null)[] {
  return series.map((s) => {
    const i = nearestIndex(s.x, x);
    if (i < 0) return null;
    const n = s.x.length;
    const spacing = n > 1 ? (s.x[n - 1] - s.x[0]) / (n - 1) : 0;
    return Math.abs(s.x[i] - x) <= Math.max(tolerance, spacing * 0.75) ? { x: s.x[i], y: s.y[i] } : null;
  });
}

/** Intl formatters by locale and decimals (-1: compact): building one costs far more than using it. */
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, decimals: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${decimals}`;
  let f = formats.get(key);
  if (!f)
    formats.set(
      key,
      (f = new Intl.NumberFormat(locale, decimals < 0 ? { notation: 'compact', maximumFractionDigits: 1 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals })),
    );
  return f;
}

/** Tick labels with just the decimals the step needs (or `fixed` decimals); compact (12K, 1.5M) from ten thousand up. */
export function tickFormat(step: number, locale?: string, fixed?: number): (v: number) => string {
  const decimals = fixed ?? (step > 0 && step < 1 ? Math.min(8, Math.ceil(-Math.log10(step) - 1e-9)) : 0);
  const plain = numberFormat(locale, decimals);
  const big = numberFormat(locale, -1);
  return (v) => (Math.abs(v) >= 10_000 ? big.format(v) : plain.format(v));
}
