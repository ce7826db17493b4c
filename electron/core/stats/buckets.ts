/**
 * Shared buckets for compared series: every series of a chart is downsampled over one common x range cut
 * into the same buckets, so every run has a point in every bucket its data covers and a hovered position
 * finds a value for each run (a tooltip lists all of them).
 *
 * Within the buckets the points are chosen by MinMaxLTTB (Van Der Donckt, Van Der Donckt, Rademaker, Van
 * Hoecke: "MinMaxLTTB: Leveraging MinMax-Preselection to Scale LTTB", IEEE VIS 2023): each bucket's
 * lowest and highest point are the candidates, and Largest-Triangle-Three-Buckets picks the one that forms
 * the largest triangle with the previous pick and the average of the next non-empty bucket. One point per
 * bucket, two buckets per pixel column: about two points per column, the visual shape and the peaks kept.
 * The first and the last point of each series are always kept. Deterministic; NaN points are dropped.
 */

export interface BucketGrid {
  /** The common x range: the first x of any series to the last x of any series. */
  from: number;
  to: number;
  /** Number of buckets (equal widths). */
  count: number;
}

export interface Bucketed {
  x: Float64Array;
  y: Float64Array;
  /** false when the series had no more points than buckets (all of them are kept). */
  downsampled: boolean;
}

/** Buckets for a chart `width` pixels wide: two per pixel column, within [min, max]. */
export function bucketCount(width: number, min = 20, max = 20_000): number {
  return Math.max(min, Math.min(max, Math.round(width * 2)));
}

/** One grid over all series' x (each sorted ascending); null when no series has a finite point. */
export function commonGrid(xs: ArrayLike<number>[], count: number): BucketGrid | null {
  let from = Infinity;
  let to = -Infinity;
  for (const x of xs) {
    for (let i = 0; i < x.length; i++) {
      if (Number.isFinite(x[i])) {
        from = Math.min(from, x[i]);
        break;
      }
    }
    for (let i = x.length - 1; i >= 0; i--) {
      if (Number.isFinite(x[i])) {
        to = Math.max(to, x[i]);
        break;
      }
    }
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return { from, to, count: to > from ? Math.max(1, Math.floor(count)) : 1 };
}

/** The bucket holding x (x outside the range goes to the first or last bucket). */
export function bucketOf(grid: BucketGrid, x: number): number {
  if (grid.to <= grid.from) return 0;
  const b = Math.floor(((x - grid.from) / (grid.to - grid.from)) * grid.count);
  return b < 0 ? 0 : b >= grid.count ? grid.count - 1 : b;
}

/** Finite points in ascending x (stable sort only when the input is out of order); no copy when already clean. */
function clean(xIn: ArrayLike<number>, yIn: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const n = Math.min(xIn.length, yIn.length);
  let keep = 0;
  let sorted = true;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const xi = xIn[i];
    const yi = yIn[i];
    if (xi - xi !== 0 || yi - yi !== 0) continue; // NaN or infinite
    keep++;
    if (xi < prev) sorted = false;
    prev = xi;
  }
  if (keep === n && sorted && xIn instanceof Float64Array && yIn instanceof Float64Array && xIn.length === n && yIn.length === n) return { x: xIn, y: yIn };
  let x = new Float64Array(keep);
  let y = new Float64Array(keep);
  for (let i = 0, j = 0; i < n; i++) {
    if (!Number.isFinite(xIn[i]) || !Number.isFinite(yIn[i])) continue;
    x[j] = xIn[i];
    y[j] = yIn[i];
    j++;
  }
  if (!sorted) {
    const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b] || a - b);
    x = Float64Array.from(order, (i) => x[i]);
    y = Float64Array.from(order, (i) => y[i]);
  }
  return { x, y };
}

/**
 * Downsamples one series onto `grid`: at most one point per bucket (the MinMaxLTTB pick) plus the first
 * and last points. A series with no more points than the grid has buckets comes back whole.
 */
export function bucketSeries(xIn: ArrayLike<number>, yIn: ArrayLike<number>, grid: BucketGrid): Bucketed {
  const { x, y } = clean(xIn, yIn);
  const n = x.length;
  if (n <= grid.count || n <= 2) return { x: x === xIn ? x.slice() : x, y: y === yIn ? y.slice() : y, downsampled: false };
  // per non-empty bucket (in x order): lowest and highest point, sums for the average
  const m = grid.count;
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  const sumX = new Float64Array(m);
  const sumY = new Float64Array(m);
  const cnt = new Int32Array(m);
  const scale = grid.to > grid.from ? m / (grid.to - grid.from) : 0;
  const from = grid.from;
  let k = -1;
  let current = -1;
  for (let i = 1; i < n - 1; i++) {
    let b = Math.floor((x[i] - from) * scale);
    if (b >= m) b = m - 1;
    else if (b < 0) b = 0;
    if (b !== current) {
      current = b;
      k++;
      lo[k] = i;
      hi[k] = i;
    }
    const v = y[i];
    if (v < y[lo[k]]) lo[k] = i;
    else if (v > y[hi[k]]) hi[k] = i;
    sumX[k] += x[i];
    sumY[k] += v;
    cnt[k]++;
  }
  const used = k + 1;
  const ox = new Float64Array(used + 2);
  const oy = new Float64Array(used + 2);
  ox[0] = x[0];
  oy[0] = y[0];
  let ax = x[0];
  let ay = y[0];
  for (let j = 0; j < used; j++) {
    // the third corner: the next bucket's average, or the last point after the last bucket
    const cx = j + 1 < used ? sumX[j + 1] / cnt[j + 1] : x[n - 1];
    const cy = j + 1 < used ? sumY[j + 1] / cnt[j + 1] : y[n - 1];
    const a = lo[j];
    const b = hi[j];
    let pick = a;
    if (a !== b) {
      const areaA = Math.abs((ax - cx) * (y[a] - ay) - (ax - x[a]) * (cy - ay));
      const areaB = Math.abs((ax - cx) * (y[b] - ay) - (ax - x[b]) * (cy - ay));
      // ties go to the earlier point: deterministic
      pick = areaA > areaB || (areaA === areaB && a < b) ? a : b;
    }
    ox[j + 1] = x[pick];
    oy[j + 1] = y[pick];
    ax = x[pick];
    ay = y[pick];
  }
  ox[used + 1] = x[n - 1];
  oy[used + 1] = y[n - 1];
  return { x: ox, y: oy, downsampled: true };
}

/** All series of one chart on one grid of `count` buckets. */
export function bucketAll(series: { x: ArrayLike<number>; y: ArrayLike<number> }[], count: number): { grid: BucketGrid | null; series: Bucketed[] } {
  const grid = commonGrid(
    series.map((s) => s.x),
    count,
  );
  if (!grid) return { grid, series: series.map((s) => ({ ...clean(s.x, s.y), downsampled: false })) };
  return { grid, series: series.map((s) => bucketSeries(s.x, s.y, grid)) };
}
