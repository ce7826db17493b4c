/**
 * Downsampling of long series for charts. Both methods are deterministic (the same input always gives
 * the same output), keep the first and last points, and keep peaks; neither samples at random.
 *
 * - lttb: Largest-Triangle-Three-Buckets (Steinarsson 2013): one point per bucket, the one forming the
 *   largest triangle with its neighbours; keeps the visual shape.
 * - minmax: per bucket the minimum and the maximum (in x order); keeps every extreme exactly.
 *
 * NaN values are dropped first (a chart cannot draw them).
 */

export interface XY {
  x: Float64Array;
  y: Float64Array;
}

export type DownsampleMethod = 'lttb' | 'minmax';

export interface Downsampled extends XY {
  downsampled: boolean;
}

function dropNaN(x: ArrayLike<number>, y: ArrayLike<number>): XY {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(x[i])) n++;
  if (n === y.length) return { x: Float64Array.from(x), y: Float64Array.from(y) };
  const ox = new Float64Array(n);
  const oy = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(y[i]) && Number.isFinite(x[i])) {
      ox[j] = x[i];
      oy[j] = y[i];
      j++;
    }
  }
  return { x: ox, y: oy };
}

/** Largest-Triangle-Three-Buckets down to `threshold` points (at least 3). */
export function lttb(xIn: ArrayLike<number>, yIn: ArrayLike<number>, threshold: number): Downsampled {
  const { x, y } = dropNaN(xIn, yIn);
  const n = x.length;
  if (threshold >= n || threshold < 3) return { x, y, downsampled: false };
  const ox = new Float64Array(threshold);
  const oy = new Float64Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  ox[0] = x[0];
  oy[0] = y[0];
  for (let i = 0; i < threshold - 2; i++) {
    // the average of the next bucket is the third corner of the triangle
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j];
      avgY += y[j];
    }
    const count = nextEnd - nextStart;
    avgX /= count;
    avgY /= count;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ax = x[a];
    const ay = y[a];
    let maxArea = -1;
    let chosen = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (y[j] - ay) - (ax - x[j]) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        chosen = j;
      }
    }
    ox[i + 1] = x[chosen];
    oy[i + 1] = y[chosen];
    a = chosen;
  }
  ox[threshold - 1] = x[n - 1];
  oy[threshold - 1] = y[n - 1];
  return { x: ox, y: oy, downsampled: true };
}

/** Min and max per bucket (so at most `maxPoints` points), first and last points kept. */
export function minMax(xIn: ArrayLike<number>, yIn: ArrayLike<number>, maxPoints: number): Downsampled {
  const { x, y } = dropNaN(xIn, yIn);
  const n = x.length;
  if (maxPoints >= n || maxPoints < 4) return { x, y, downsampled: false };
  const buckets = Math.floor((maxPoints - 2) / 2);
  const outX: number[] = [x[0]];
  const outY: number[] = [y[0]];
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let j = start + 1; j < end; j++) {
      if (y[j] < y[lo]) lo = j;
      if (y[j] > y[hi]) hi = j;
    }
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    outX.push(x[first]);
    outY.push(y[first]);
    if (second !== first) {
      outX.push(x[second]);
      outY.push(y[second]);
    }
  }
  outX.push(x[n - 1]);
  outY.push(y[n - 1]);
  return { x: Float64Array.from(outX), y: Float64Array.from(outY), downsampled: true };
}

export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number, method: DownsampleMethod = 'lttb'): Downsampled {
  return method === 'minmax' ? minMax(x, y, maxPoints) : lttb(x, y, maxPoints);
}
