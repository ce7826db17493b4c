/**
 * Two-sample drift statistics, each defined as scipy (and Evidently, where it wraps scipy) defines it.
 * Inputs are the non-missing values; callers drop missing values first and report them separately.
 */
import { chi2Sf, kolmogornSf, normalSf } from './special.js';

export interface TestResult {
  statistic: number;
  pValue: number;
}

function sorted(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Paths staying strictly inside the band, as 1 - p (Hodges' inside method in Viehmann's stable form). */
function outsideProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(Math.max(lenA, 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

function outsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * scipy.stats.ks_2samp(a, b) with method='auto', two-sided: the exact p-value when both samples hold at
 * most 10,000 values, else the asymptotic one (kstwo.sf(D, round(n1 n2 / (n1 + n2)))).
 */
export function ks2Samp(a: ArrayLike<number>, b: ArrayLike<number>): TestResult & { method: 'exact' | 'asymp' } {
  return ks2SampSorted(sorted(a), sorted(b));
}

/** ks2Samp on samples already sorted ascending. */
export function ks2SampSorted(x: ArrayLike<number>, y: ArrayLike<number>): TestResult & { method: 'exact' | 'asymp' } {
  const n1 = x.length;
  const n2 = y.length;
  if (!n1 || !n2) throw new Error('Both samples need at least one value.');
  let i = 0;
  let j = 0;
  let dMax = 0;
  let dMin = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > dMax) dMax = diff;
    if (-diff > dMin) dMin = -diff;
  }
  let d = Math.max(dMax, dMin);
  let method: 'exact' | 'asymp' = Math.max(n1, n2) <= 10000 ? 'exact' : 'asymp';
  let p = NaN;
  if (method === 'exact') {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) p = 1;
    else p = n1 === n2 ? outsideSquare(n1, h) : outsideProbInside(n1, n2, g, h);
    if (!(p >= 0 && p <= 1)) method = 'asymp';
  }
  if (method === 'asymp') {
    const en = (n1 * n2) / (n1 + n2);
    p = kolmogornSf(Math.round(en), d);
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method };
}

/** scipy.stats.chisquare(observed, expected): Pearson's statistic with k - 1 degrees of freedom. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): TestResult & { dof: number } {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i];
    const diff = observed[i] - e;
    stat += e === 0 ? (diff === 0 ? 0 : Infinity) : (diff * diff) / e;
  }
  const dof = observed.length - 1;
  return { statistic: stat, pValue: dof > 0 ? chi2Sf(stat, dof) : 1, dof };
}

/**
 * scipy.stats.chi2_contingency(table) on a table of counts (rows x columns), with Yates' correction
 * when dof = 1 (scipy's default correction=True).
 */
export function chi2Contingency(table: number[][]): TestResult & { dof: number } {
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = table[0].map((_, j) => table.reduce((a, r) => a + r[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  const dof = (table.length - 1) * (cols.length - 1);
  let stat = 0;
  for (let i = 0; i < table.length; i++)
    for (let j = 0; j < cols.length; j++) {
      const e = (rows[i] * cols[j]) / total;
      let diff = table[i][j] - e;
      if (dof === 1) diff = Math.sign(diff) * Math.max(0, Math.abs(diff) - Math.min(0.5, Math.abs(diff)));
      stat += e === 0 ? 0 : (diff * diff) / e;
    }
  return { statistic: stat, pValue: dof > 0 ? chi2Sf(stat, dof) : 1, dof };
}

/** Two-proportion z-test (pooled), as Evidently's z test: successes and sizes of each sample. */
export function zTestProportions(k1: number, n1: number, k2: number, n2: number): TestResult {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const P = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) };
}

/** scipy.stats.wasserstein_distance(a, b): the area between the two empirical CDFs. */
export function wasserstein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return wassersteinSorted(sorted(a), sorted(b));
}

/** wasserstein on samples already sorted ascending. */
export function wassersteinSorted(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = Math.min(x[0], y[0]);
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    total += Math.abs(i / n1 - j / n2) * (v - prev);
    prev = v;
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
  }
  return total;
}

/** Population standard deviation (numpy's std, ddof=0). */
export function populationStd(values: ArrayLike<number>): number {
  const n = values.length;
  if (!n) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / n);
}

/** Evidently's normed Wasserstein distance: the distance divided by max(reference std, 0.001). */
export function wassersteinNorm(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  return wasserstein(reference, current) / Math.max(populationStd(reference), 0.001);
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm (p and q normalised first). */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) ((sp += p[i]), (sq += q[i]));
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, js / 2));
}

/** Population stability index over matching shares: sum (ref - cur) ln(ref / cur). */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) s += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  return s;
}

/**
 * Evidently's binning for Jensen-Shannon and PSI (get_binned_data): a numeric column with more than 20
 * distinct reference values is cut into `bins` equal-width bins over the range of both samples
 * (numpy.histogram_bin_edges, the last bin closed); anything else is counted per value. With
 * `fillZeroes`, empty shares become min(non-zero share) / 1e6 when that minimum is <= 1e-4, else 1e-4.
 */
export function binnedShares(
  reference: ArrayLike<number> | (string | null)[],
  current: ArrayLike<number> | (string | null)[],
  numeric: boolean,
  bins = 30,
  fillZeroes = false,
): { reference: Float64Array; current: Float64Array; labels: string[]; edges: number[] | null } {
  const nR = reference.length;
  const nC = current.length;
  // only whether the reference has more than 20 distinct values matters: stop counting there
  const seen = new Set<unknown>();
  for (let i = 0; i < nR && seen.size <= 20; i++) seen.add(reference[i]);
  const distinctRef = seen.size;
  let ref: Float64Array;
  let cur: Float64Array;
  let labels: string[];
  let edges: number[] | null = null;
  if (numeric && distinctRef > 20) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const arr of [reference, current] as ArrayLike<number>[])
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    if (lo === hi) ((lo -= 0.5), (hi += 0.5));
    edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
    const count = (arr: ArrayLike<number>) => {
      const c = new Float64Array(bins);
      let sortedInput = true;
      for (let i = 1; i < arr.length && sortedInput; i++) if (arr[i] < arr[i - 1]) sortedInput = false;
      if (sortedInput) {
        // sorted values: each bin is the stretch between two binary searches (the last bin closed)
        const lowerBound = (v: number) => {
          let lo = 0;
          let hi = arr.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (arr[mid] < v) lo = mid + 1;
            else hi = mid;
          }
          return lo;
        };
        let prev = lowerBound(edges![0]);
        for (let k = 0; k < bins; k++) {
          const next = k === bins - 1 ? arr.length : lowerBound(edges![k + 1]);
          c[k] = next - prev;
          prev = next;
        }
        return c;
      }
      const w = (hi - lo) / bins;
      for (let i = 0; i < arr.length; i++) {
        let k = Math.floor((arr[i] - lo) / w);
        if (k >= bins) k = bins - 1;
        // numpy compares with the edges themselves
        while (k > 0 && arr[i] < edges![k]) k--;
        while (k < bins - 1 && arr[i] >= edges![k + 1]) k++;
        c[k]++;
      }
      return c;
    };
    ref = count(reference as ArrayLike<number>).map((v) => v / nR);
    cur = count(current as ArrayLike<number>).map((v) => v / nC);
    labels = edges.slice(0, -1).map((e, i) => `${e}..${edges![i + 1]}`);
  } else {
    // counted per raw value first (no String() per row), then per label
    const tally = (arr: ArrayLike<unknown>) => {
      const raw = new Map<unknown, number>();
      for (let i = 0; i < arr.length; i++) raw.set(arr[i], (raw.get(arr[i]) ?? 0) + 1);
      const out = new Map<string, number>();
      for (const [k, n] of raw) out.set(String(k), (out.get(String(k)) ?? 0) + n);
      return out;
    };
    return sharesFromCounts(tally(reference as ArrayLike<unknown>), nR, tally(current as ArrayLike<unknown>), nC, fillZeroes);
  }
  if (fillZeroes) fillEmpty(ref, cur);
  return { reference: ref, current: cur, labels, edges };
}

/** Shares per label from counts (labels: the reference's in order, then those only the current has), as binnedShares gives them. */
export function sharesFromCounts(
  refCounts: Map<string, number>,
  nR: number,
  curCounts: Map<string, number>,
  nC: number,
  fillZeroes = false,
): { reference: Float64Array; current: Float64Array; labels: string[]; edges: number[] | null } {
  const labels = [...refCounts.keys()];
  for (const k of curCounts.keys()) if (!refCounts.has(k)) labels.push(k);
  const ref = Float64Array.from(labels, (k) => (refCounts.get(k) ?? 0) / nR);
  const cur = Float64Array.from(labels, (k) => (curCounts.get(k) ?? 0) / nC);
  if (fillZeroes) fillEmpty(ref, cur);
  return { reference: ref, current: cur, labels, edges: null };
}

/** Evidently's fill for empty shares: min(non-zero share) / 1e6 when that minimum is <= 1e-4, else 1e-4. */
function fillEmpty(...arrays: Float64Array[]): void {
  for (const arr of arrays) {
    let min = Infinity;
    for (const v of arr) if (v !== 0 && v < min) min = v;
    const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
    for (let i = 0; i < arr.length; i++) if (arr[i] === 0) arr[i] = fill;
  }
}
