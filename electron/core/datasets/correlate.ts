/** Pearson correlation of two columns over the rows where both are present (every `step`-th row). */
export function pearson(a: Float64Array, b: Float64Array, step = 1): number | null {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i += step) {
    const x = a[i];
    const y = b[i];
    if (x === x && y === y) {
      n++;
      sa += x;
      sb += y;
    }
  }
  if (n < 3) return null;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i += step) {
    const x = a[i];
    const y = b[i];
    if (x === x && y === y) {
      const dx = x - ma;
      const dy = y - mb;
      sab += dx * dy;
      saa += dx * dx;
      sbb += dy * dy;
    }
  }
  if (saa === 0 || sbb === 0) return null;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

interface Centered {
  n: number;
  /** the stepped values minus their mean */
  dx: Float64Array;
  /** sum of dx * dx */
  ss: number;
}

/** Stepped values of a column without missing ones, centred, or null when some are missing. */
function center(a: Float64Array, step: number): Centered | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i += step) {
    const x = a[i];
    if (x !== x) return null;
    n++;
    sum += x;
  }
  const mean = sum / n;
  const dx = new Float64Array(n);
  let ss = 0;
  for (let i = 0, k = 0; i < a.length; i += step, k++) {
    const d = a[i] - mean;
    dx[k] = d;
    ss += d * d;
  }
  return { n, dx, ss };
}

/**
 * pearson(a, b, step) for many pairs of columns: a column without missing values is centred once, so a
 * pair of such columns costs one dot product. The sums are taken in the same order as pearson's, so
 * the results are the same to the last bit.
 */
export function correlator(step = 1): (a: Float64Array, b: Float64Array) => number | null {
  const cache = new Map<Float64Array, Centered | null>();
  const centred = (a: Float64Array) => {
    if (!cache.has(a)) cache.set(a, center(a, step));
    return cache.get(a)!;
  };
  return (a, b) => {
    const ca = centred(a);
    const cb = ca ? centred(b) : null;
    if (!ca || !cb) return pearson(a, b, step);
    if (ca.n < 3) return null;
    const x = ca.dx;
    const y = cb.dx;
    let sab = 0;
    for (let k = 0; k < x.length; k++) sab += x[k] * y[k];
    if (ca.ss === 0 || cb.ss === 0) return null;
    return Math.max(-1, Math.min(1, sab / Math.sqrt(ca.ss * cb.ss)));
  };
}
