import { SLOT, type Scratch } from './scratch.js';

/**
 * Sorts finite float64 values (no NaN) in place, in the order of TypedArray.prototype.sort (-0 before
 * +0), by an LSD radix sort on the IEEE bits: six passes of 11 bits or less, each skipped when every value has the
 * same digit (integers stored as doubles skip the low passes). Several times faster than the built-in
 * sort on millions of values. Short arrays use the built-in sort. `scratch`: where its second buffer is reused from.
 */
export function sortFloat64(values: Float64Array, scratch?: Scratch): Float64Array {
  const n = values.length;
  if (n < 4096) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // order-preserving keys: flip every bit of negatives, only the sign bit of positives
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    if (hi & 0x80000000) {
      words[2 * i + 1] = ~hi;
      words[2 * i] = ~words[2 * i];
    } else words[2 * i + 1] = hi | 0x80000000;
  }
  // six passes: 11, 11 and 10 bits of the low word, then of the high word (buckets small enough for the cache)
  const counts = new Uint32Array(6 * 2048);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    counts[lo & 0x7ff]++;
    counts[2048 + ((lo >>> 11) & 0x7ff)]++;
    counts[4096 + (lo >>> 22)]++;
    counts[6144 + (hi & 0x7ff)]++;
    counts[8192 + ((hi >>> 11) & 0x7ff)]++;
    counts[10240 + (hi >>> 22)]++;
  }
  let src: Uint32Array = words;
  let dst: Uint32Array = scratch ? scratch.u32(SLOT.radix, n * 2) : new Uint32Array(n * 2);
  for (let pass = 0; pass < 6; pass++) {
    const base = pass * 2048;
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * 11;
    // a pass where all values share the digit changes nothing
    if (counts[base + ((src[word] >>> shift) & 0x7ff)] === n) continue;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[base + d];
      counts[base + d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const at = 2 * counts[base + (((word ? hi : lo) >>> shift) & 0x7ff)]++;
      dst[at] = lo;
      dst[at + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== words) words.set(src);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1];
    if (hi & 0x80000000) words[2 * i + 1] = hi & 0x7fffffff;
    else {
      words[2 * i + 1] = ~hi;
      words[2 * i] = ~words[2 * i];
    }
  }
  return values;
}
