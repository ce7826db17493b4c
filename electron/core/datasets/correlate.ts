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
  /** the mean of the stepped values */
  mean: number;
  /** sum of (x - mean)^2 */
  ss: number;
}

/** Mean and sum of squared deviations of a column's stepped values, or null when some are missing. */
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
  let ss = 0;
  for (let i = 0; i < a.length; i += step) {
    const d = a[i] - mean;
    ss += d * d;
  }
  return { n, mean, ss };
}

/**
 * pearson(a, b, step) for many pairs of columns: a column without missing values has its mean and squares
 * taken once, so a pair of such columns costs one pass (the deviations are computed in the pass, no centred
 * copy is kept). The sums are taken in the same order as pearson's, so the results are the same to the last bit.
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
    const ma = ca.mean;
    const mb = cb.mean;
    let sab = 0;
    for (let i = 0; i < a.length; i += step) sab += (a[i] - ma) * (b[i] - mb);
    if (ca.ss === 0 || cb.ss === 0) return null;
    return Math.max(-1, Math.min(1, sab / Math.sqrt(ca.ss * cb.ss)));
  };
}
