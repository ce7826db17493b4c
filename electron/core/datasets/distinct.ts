import { SLOT, type Scratch } from './scratch.js';

/**
 * The distinct values of a column of numbers with their counts, in sorted order, when there are few of them:
 * a hash table on the values' bits (no boxed numbers), so integers, flags, dates and codes need no sort of
 * the whole column. Gives up (null) past `limit` distinct values; the caller then sorts.
 */
export interface DistinctCounts {
  /** distinct present values in the order of TypedArray.prototype.sort (-0 before +0, each its own key) */
  keys: Float64Array;
  /** how many times each key occurs */
  counts: Float64Array;
  /** present (non-NaN) values */
  present: number;
  /** their sum, taken in row order */
  sum: number;
}

/** Default give-up point: a table that stays in the caches. */
export const DISTINCT_LIMIT = 1 << 15;

export function distinctCounts(
  values: Float64Array,
  limit = DISTINCT_LIMIT,
  keep: (v: number) => boolean = () => true,
  /** where the table's memory is reused from (a run over many columns) */
  scratch?: Scratch,
): DistinctCounts | null {
  let size = 64;
  while (size < 2 * Math.min(limit, values.length) + 2) size *= 2;
  let mask = size - 1;
  let keys = scratch ? scratch.f64(SLOT.distinctKeys, size) : new Float64Array(size);
  let words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * size);
  let counts = scratch ? scratch.f64(SLOT.distinctCounts, size) : new Float64Array(size);
  let used = scratch ? scratch.u8(SLOT.distinctUsed, size).fill(0) : new Uint8Array(size);
  let distinct = 0;
  let present = 0;
  let sum = 0;
  const probe = new Float64Array(1);
  const bits = new Uint32Array(probe.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || !keep(v)) continue;
    present++;
    sum += v;
    probe[0] = v;
    const lo = bits[0];
    const hi = bits[1];
    let s = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    s = (s ^ (s >>> 15)) & mask;
    while (used[s] && (words[2 * s] !== lo || words[2 * s + 1] !== hi)) s = (s + 1) & mask;
    if (used[s]) {
      counts[s]++;
      continue;
    }
    if (++distinct > limit) return null;
    used[s] = 1;
    keys[s] = v;
    counts[s] = 1;
    if (distinct * 2 > size) {
      // grow (only when `limit` is above the first size's half)
      const oldKeys = keys;
      const oldCounts = counts;
      const oldUsed = used;
      size *= 2;
      mask = size - 1;
      keys = new Float64Array(size);
      words = new Uint32Array(keys.buffer);
      counts = new Float64Array(size);
      used = new Uint8Array(size);
      const ow = new Uint32Array(oldKeys.buffer);
      for (let k = 0; k < oldUsed.length; k++) {
        if (!oldUsed[k]) continue;
        let t = Math.imul(ow[2 * k] ^ Math.imul(ow[2 * k + 1], 0x9e3779b1), 0x85ebca6b);
        t = (t ^ (t >>> 15)) & mask;
        while (used[t]) t = (t + 1) & mask;
        used[t] = 1;
        keys[t] = oldKeys[k];
        counts[t] = oldCounts[k];
      }
    }
  }
  const outKeys = new Float64Array(distinct);
  for (let k = 0, j = 0; k < size; k++) if (used[k]) outKeys[j++] = keys[k];
  outKeys.sort();
  // counts in the keys' order: look each key up again (few keys)
  const outCounts = new Float64Array(distinct);
  for (let j = 0; j < distinct; j++) {
    probe[0] = outKeys[j];
    const lo = bits[0];
    const hi = bits[1];
    let s = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    s = (s ^ (s >>> 15)) & mask;
    while (words[2 * s] !== lo || words[2 * s + 1] !== hi || !used[s]) s = (s + 1) & mask;
    outCounts[j] = counts[s];
  }
  return { keys: outKeys, counts: outCounts, present, sum };
}
