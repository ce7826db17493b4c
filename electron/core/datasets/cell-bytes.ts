/**
 * Cells read straight from the bytes of a file, for the plain-CSV fast path: numbers are parsed without
 * making a string, and repeated ASCII text values are found by their bytes. Anything unusual answers
 * "not handled here" so the caller falls back to the string path, which defines the behaviour.
 */

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number written in bytes [start, end) when it has the plain form [+-]digits[.digits][e[+-]digits]
 * with at most 15 significant digits and a small exponent; NaN otherwise (also for anything that is
 * not a number). In that range one IEEE multiplication or division is exact to the last bit, so the
 * result equals Number(text) (Clinger's fast path).
 */
export function plainNumber(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = buf[i];
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  while (i < end) {
    c = buf[i] - 48;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    if (mantissa > 0) significant++;
    digits++;
    i++;
  }
  if (i < end && buf[i] === 46) {
    i++;
    while (i < end) {
      c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      if (mantissa > 0) significant++;
      digits++;
      scale--;
      i++;
    }
  }
  if (digits === 0 || significant > 15) return NaN;
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      expNegative = buf[i] === 45;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    while (i < end && expDigits < 6) {
      c = buf[i] - 48;
      if (c < 0 || c > 9) break;
      exp = exp * 10 + c;
      expDigits++;
      i++;
    }
    if (expDigits === 0) return NaN;
    scale += expNegative ? -exp : exp;
  }
  if (i !== end) return NaN;
  let value: number;
  if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else if (mantissa === 0) value = 0;
  else return NaN;
  return negative ? -value : value;
}

/** Is [start, end) one of the missing tokens? (NA, N/A, n/a, na, null, NULL, Null, ?, NaN, nan; the empty cell is checked before.) */
export function isMissingBytes(buf: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  const a = buf[start];
  if (len > 4 || !(a === 78 || a === 110 || a === 63)) return false;
  const b = buf[start + 1];
  const c = buf[start + 2];
  switch (len) {
    case 1:
      return a === 63;
    case 2:
      return (a === 78 && b === 65) || (a === 110 && b === 97);
    case 3:
      return (a === 78 && b === 47 && c === 65) || (a === 110 && b === 47 && c === 97) || (a === 78 && b === 97 && c === 78) || (a === 110 && b === 97 && c === 110);
    default: {
      const d = buf[start + 3];
      if (a === 110) return b === 117 && c === 108 && d === 108;
      return a === 78 && ((b === 85 && c === 76 && d === 76) || (b === 117 && c === 108 && d === 108));
    }
  }
}

/**
 * Dictionary codes of ASCII strings, found by their bytes (or by the char codes of a string: the same
 * hash), so a cell read from a file costs a hash and a compare instead of a new string and a Map
 * lookup. Non-ASCII strings are not kept here.
 */
export class AsciiIndex {
  private mask = 1023;
  /** per slot: [code (-1 when free), hash], side by side so a probe touches one cache line */
  private slots = new Int32Array(2048).fill(-1);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private bytes = new Uint8Array(4096);
  private used = 0;
  private size = 0;
  /** codes added by set() or setString() whose string is not made yet (see withTexts), in the order they were added */
  private later = new Int32Array(0);
  private laterCount = 0;
  /** the hash of what the last get() or getString() did not find, which set() or setString() of the same value reuses */
  private missedHash = 0;
  /** every text added gets a code of its own, repeats too, without any lookup (see keepEvery) */
  private every = false;

  /**
   * From now on (before anything is added) get() finds nothing and every text gets a new code, a repeat too:
   * for a piece of a file whose column held a new text in nearly every row before (an id). The thread
   * appending the piece looks each text up in its own index anyway (ColumnBuilder.appendPart), in the piece's
   * order, so its codes and their order are the same; this thread does no hashing for them.
   */
  keepEvery(): void {
    this.every = true;
  }

  /** The code of bytes [start, end); -1 when unknown; -2 when they are not all ASCII. */
  get(buf: Uint8Array, start: number, end: number): number {
    if (this.every) return asciiBytes(buf, start, end) ? -1 : -2;
    let h = 0x811c9dc5;
    let high = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      high |= b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    if (high & 0x80) return -2;
    h |= 0;
    const len = end - start;
    const slots = this.slots;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const code = slots[2 * s];
      if (code < 0) {
        this.missedHash = h;
        return -1;
      }
      if (slots[2 * s + 1] !== h || this.lengths[code] !== len) continue;
      const at = this.starts[code] - start;
      let k = start;
      while (k < end && this.bytes[at + k] === buf[k]) k++;
      if (k === end) return code;
    }
  }

  /** The code of a string, -1 when unknown; -2 when it is not all ASCII (such strings are not kept here). */
  getString(text: string): number {
    if (this.every) return asciiString(text) ? -1 : -2;
    let h = 0x811c9dc5;
    let high = 0;
    const len = text.length;
    for (let k = 0; k < len; k++) {
      const c = text.charCodeAt(k);
      high |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (high > 0x7f) return -2;
    h |= 0;
    const slots = this.slots;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const code = slots[2 * s];
      if (code < 0) {
        this.missedHash = h;
        return -1;
      }
      if (slots[2 * s + 1] !== h || this.lengths[code] !== len) continue;
      const at = this.starts[code];
      let k = 0;
      while (k < len && this.bytes[at + k] === text.charCodeAt(k)) k++;
      if (k === len) return code;
    }
  }

  /**
   * Adds the code of ASCII bytes [start, end), which the last get() did not find. Its string is made later,
   * with every other one added so, by withTexts (one decoding of all the bytes, then a substring each: much
   * cheaper than a string per cell, and none at all for a piece another thread reads, see texts()).
   */
  set(buf: Uint8Array, start: number, end: number, code: number): void {
    const at = this.reserve(end - start, code) - start;
    const bytes = this.bytes;
    for (let i = start; i < end; i++) bytes[at + i] = buf[i];
    if (!this.every) this.insert(this.missedHash, code);
    this.addLater(code);
  }

  private addLater(code: number): void {
    if (this.laterCount === this.later.length) {
      const next = new Int32Array(Math.max(64, 2 * this.later.length));
      next.set(this.later);
      this.later = next;
    }
    this.later[this.laterCount++] = code;
  }

  /**
   * The dictionary of `size` texts whose strings are `dict`'s except for the codes added by set() or setString() (their places
   * in `dict` hold '' or are past its end): one decoding of all the bytes, then a substring each.
   */
  withTexts(dict: string[], size: number): string[] {
    if (this.laterCount === 0) return dict;
    const all = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.used).toString('latin1');
    // made at its full length: pushing a million strings would copy the growing array again and again
    const out = new Array<string>(size);
    for (let k = 0, j = 0; k < size; k++) {
      if (j < this.laterCount && this.later[j] === k) {
        j++;
        const at = this.starts[k];
        out[k] = all.substring(at, at + this.lengths[k]);
      } else out[k] = dict[k];
    }
    this.laterCount = 0;
    return out;
  }

  /** The bytes of the codes added by set() or setString() whose strings are not made yet (for another thread: see ColumnBuilder.part). */
  texts(): PendingTexts | null {
    if (this.laterCount === 0) return null;
    return { bytes: this.bytes.subarray(0, this.used), starts: this.starts, lengths: this.lengths, codes: this.later.subarray(0, this.laterCount) };
  }

  /** Adds the code of an ASCII string, which the last getString() did not find; like set(), its string is made by withTexts. */
  setString(text: string, code: number): void {
    const at = this.reserve(text.length, code);
    for (let k = 0; k < text.length; k++) this.bytes[at + k] = text.charCodeAt(k);
    if (!this.every) this.insert(this.missedHash, code);
    this.addLater(code);
  }

  private reserve(len: number, code: number): number {
    if (code >= this.starts.length) {
      let n = this.starts.length * 2;
      while (n <= code) n *= 2;
      const s = new Int32Array(n);
      s.set(this.starts);
      this.starts = s;
      const l = new Int32Array(n);
      l.set(this.lengths);
      this.lengths = l;
    }
    if (this.used + len > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      b.set(this.bytes);
      this.bytes = b;
    }
    const at = this.used;
    this.starts[code] = at;
    this.lengths[code] = len;
    this.used += len;
    return at;
  }

  private insert(h: number, code: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.rehash();
    let s = h & this.mask;
    while (this.slots[2 * s] >= 0) s = (s + 1) & this.mask;
    this.slots[2 * s] = code;
    this.slots[2 * s + 1] = h;
    this.size++;
  }

  /**
   * Room for `codes` codes and `bytes` bytes of text in all (a piece of a file whose previous piece held about
   * as many; a column with a new text in most rows so far, sized for the rows expected): one allocation each
   * instead of a growth by doubling, whose every step is fresh memory (a page fault per 4 KB) and a copy.
   */
  presize(codes: number, bytes: number): void {
    if (codes > this.size && !this.every) this.expect(codes - this.size);
    if (codes > this.starts.length) {
      const s = new Int32Array(codes);
      s.set(this.starts);
      this.starts = s;
      const l = new Int32Array(codes);
      l.set(this.lengths);
      this.lengths = l;
    }
    if (bytes > this.bytes.length) {
      const b = new Uint8Array(bytes);
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    if (codes > this.later.length) {
      const later = new Int32Array(codes);
      later.set(this.later.subarray(0, this.laterCount));
      this.later = later;
    }
  }

  /** Bytes of text held (see presize). */
  get byteCount(): number {
    return this.used;
  }

  /** Room for `more` codes beyond those held, in one rehash instead of one per doubling (an appended piece's texts). */
  expect(more: number): void {
    let slots = this.mask + 1;
    while ((this.size + more) * 2 > slots) slots *= 2;
    if (slots > this.mask + 1) this.rehash(slots);
  }

  private rehash(n = 2 * (this.mask + 1)): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * n).fill(-1);
    this.mask = n - 1;
    for (let i = 0; i < old.length; i += 2) {
      const code = old[i];
      if (code < 0) continue;
      let s = old[i + 1] & this.mask;
      while (this.slots[2 * s] >= 0) s = (s + 1) & this.mask;
      this.slots[2 * s] = code;
      this.slots[2 * s + 1] = old[i + 1];
    }
  }
}

/** ASCII texts known by their bytes only: code codes[k]'s text is bytes [starts[code], starts[code] + lengths[code]). */
export interface PendingTexts {
  bytes: Uint8Array;
  starts: Int32Array;
  lengths: Int32Array;
  /** ascending */
  codes: Int32Array;
}

function asciiBytes(buf: Uint8Array, start: number, end: number): boolean {
  let high = 0;
  for (let i = start; i < end; i++) high |= buf[i];
  return (high & 0x80) === 0;
}

function asciiString(text: string): boolean {
  let high = 0;
  for (let k = 0; k < text.length; k++) high |= text.charCodeAt(k);
  return high <= 0x7f;
}
