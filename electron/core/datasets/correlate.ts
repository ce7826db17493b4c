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

/** pearson's correlation from the centred sums. */
function fromSums(sab: number, ca: Centered, cb: Centered): number | null {
  if (ca.ss === 0 || cb.ss === 0) return null;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(ca.ss * cb.ss)));
}

/**
 * Sums of (a[i] - ma) * (b[i] - mb) over the stepped rows for four columns b at once, each in row order as in
 * a loop of its own (so to the last bit the same), in one pass: four independent additions per row instead of
 * one chain of dependent ones, and a read once.
 */
function sums4(a: Float64Array, ma: number, bs: Float64Array[], ms: number[], step: number): number[] {
  const [b0, b1, b2, b3] = bs;
  const [m0, m1, m2, m3] = ms;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < a.length; i += step) {
    const d = a[i] - ma;
    s0 += d * (b0[i] - m0);
    s1 += d * (b1[i] - m1);
    s2 += d * (b2[i] - m2);
    s3 += d * (b3[i] - m3);
  }
  return [s0, s1, s2, s3];
}

export interface Correlator {
  /** pearson(a, b, step) */
  (a: Float64Array, b: Float64Array): number | null;
  /** pearson(a, b, step) for each b of bs (the same results, columns without missing values four at a time) */
  row(a: Float64Array, bs: Float64Array[]): (number | null)[];
}

/**
 * pearson(a, b, step) for many pairs of columns: a column without missing values has its mean and squares
 * taken once, so a pair of such columns costs one pass (the deviations are computed in the pass, no centred
 * copy is kept). The sums are taken in the same order as pearson's, so the results are the same to the last bit.
 */
export function correlator(step = 1): Correlator {
  const cache = new Map<Float64Array, Centered | null>();
  const centred = (a: Float64Array) => {
    if (!cache.has(a)) cache.set(a, center(a, step));
    return cache.get(a)!;
  };
  const one = (a: Float64Array, b: Float64Array): number | null => {
    const ca = centred(a);
    const cb = ca ? centred(b) : null;
    if (!ca || !cb) return pearson(a, b, step);
    if (ca.n < 3) return null;
    const ma = ca.mean;
    const mb = cb.mean;
    let sab = 0;
    for (let i = 0; i < a.length; i += step) sab += (a[i] - ma) * (b[i] - mb);
    return fromSums(sab, ca, cb);
  };
  const row = (a: Float64Array, bs: Float64Array[]): (number | null)[] => {
    const out = bs.map(() => null as number | null);
    const ca = centred(a);
    // columns without missing values go four at a time; any other the way `one` takes it
    const whole: number[] = [];
    bs.forEach((b, k) => {
      if (ca && ca.n >= 3 && centred(b)) whole.push(k);
      else out[k] = one(a, b);
    });
    let g = 0;
    for (; ca && g + 4 <= whole.length; g += 4) {
      const ks = whole.slice(g, g + 4);
      const cbs = ks.map((k) => centred(bs[k])!);
      const sums = sums4(
        a,
        ca.mean,
        ks.map((k) => bs[k]),
        cbs.map((c) => c.mean),
        step,
      );
      ks.forEach((k, j) => (out[k] = fromSums(sums[j], ca, cbs[j])));
    }
    for (; g < whole.length; g++) out[whole[g]] = one(a, bs[whole[g]]);
    return out;
  };
  return Object.assign(one, { row });
}
