import { missingTokens } from '../../../shared/schemas/dataset.js';
import { MissingMatcher } from './cells.js';
import { AsciiIndex, isMissingBytes, plainNumber, type PendingTexts } from './cell-bytes.js';
import { decimalCommaValues } from './decimal-comma.js';
import { keepDictBytes } from './table-chunks.js';
import { floats, grow, hasDot } from './raw-column.js';

export { cellText, presentCount, rawLength } from './raw-column.js';

/**
 * How a column's cells are kept, in memory and in the store, before any type is applied:
 * - 'f64': every present value is a finite number (NaN where missing);
 * - 'dict': text values, as a dictionary of distinct strings (first-seen order) and one code per row
 *   (-1 where missing).
 */
export type RawColumn = { name: string; storage: 'f64'; values: Float64Array } | { name: string; storage: 'dict'; dict: string[]; codes: Int32Array };

/** A builder's state after a piece of a file: what another thread sends back (see ColumnBuilder.part and appendPart). */
export interface ColumnPart {
  storage: 'f64' | 'dict';
  length: number;
  values: Float64Array;
  codes: Int32Array;
  /** `dictSize` codes; the text of those in `texts` is not here ('' or past the end: see appendPart) */
  dict: string[];
  dictSize: number;
  texts: PendingTexts | null;
  sawDot: boolean;
  /** the column turned to text after holding a number (those numbers became their shortest text) */
  numbersBeforeText: boolean;
  tokenCells: (number | string)[] | null;
}

/** A column of a piece of a file as the previous piece left it: text or not, and its distinct ASCII texts and their bytes. */
export interface PieceHint {
  text: boolean;
  distinct: number;
  bytes: number;
  /** a new text in nearly every row: every text its own code, no lookups (AsciiIndex.keepEvery) */
  every?: boolean;
}

export interface RawTable {
  rows: number;
  columns: RawColumn[];
}

const MISSING = new Set<string>(missingTokens);

/** After this many distinct texts a column may have its texts' room sized at once (ColumnBuilder.sizeForNewTexts). */
const MOSTLY_NEW = 1 << 16;

/** Is this (trimmed) cell missing? Checks the first character before any hashing: most cells are not. */
export function isMissingToken(token: string): boolean {
  if (token.length === 0) return true;
  if (token.length > 4) return false;
  const c = token.charCodeAt(0);
  return (c === 78 || c === 110 || c === 63) && MISSING.has(token);
}

/** A finite number written the usual way (no hex, no "Infinity"), or NaN. */
export function parseNumber(token: string): number {
  const c = token.charCodeAt(0);
  // digits, sign or dot first: cheap rejection of most words before Number() runs
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return NaN;
  const n = Number(token);
  if (!Number.isFinite(n)) return NaN;
  if (token.length > 1 && (token[1] === 'x' || token[1] === 'X' || token[1] === 'o' || token[1] === 'b')) return NaN;
  return n;
}

/**
 * Builds one column while rows stream in: starts as numbers and switches to a dictionary of strings
 * the first time a present value is not a number (earlier numbers become their shortest text form).
 */
export class ColumnBuilder {
  storage: 'f64' | 'dict' = 'f64';
  values: Float64Array;
  codes: Int32Array = new Int32Array(0);
  /**
   * The distinct texts in first-seen order (dictSize of them); only the non-ASCII ones have their string here,
   * the ASCII ones ('' or past the end) are made by finish() from their bytes (AsciiIndex.withTexts).
   */
  private dict: string[] = [];
  private dictSize = 0;
  /** codes of non-ASCII strings; ASCII ones are in `ascii` */
  private index = new Map<string, number>();
  private ascii = new AsciiIndex();
  length = 0;
  /** a number written with a dot was read while the column was still numbers (see decimalComma) */
  private sawDot = false;
  /** the column turned to text after holding a number (see ColumnPart) */
  private numbersBeforeText = false;
  /** set by finish(): the column was read as decimal-comma numbers */
  readDecimalComma = false;

  /**
   * `capacity`: the expected number of rows, so large imports do not grow their arrays again and again.
   * `decimalComma`: the file's delimiter is not a comma, so a column of values such as 1,5 or 1.234,5
   * is read as numbers at the end (see finish).
   */
  constructor(
    readonly name: string,
    capacity = 1024,
    readonly decimalComma = false,
    /**
     * The column's own missing-value tokens (text ones only: a number token such as 0 is applied when the
     * stored column is read, so it can be changed later); null for the default list.
     */
    readonly tokens: readonly string[] | null = null,
    /** numbers and codes in shared memory: the import's second thread reads them uncopied (profile, data blob) */
    private readonly shared = false,
    /** what the same column held in the previous piece of the file, to size its arrays once (csv-piece.ts) */
    hint: PieceHint | null = null,
  ) {
    // a column that was text has its room for codes instead (toDict); nothing else depends on the sizes
    this.values = floats(hint?.text ? 16 : Math.max(16, capacity), shared);
    this.textRows = capacity;
    if (hint?.text) {
      this.textCapacity = capacity;
      if (hint.every) this.ascii.keepEvery();
      this.ascii.presize(hint.distinct, hint.bytes);
    }
    if (tokens) {
      const m = new MissingMatcher(tokens.filter((t) => !(parseNumber(t.trim()) === parseNumber(t.trim()))));
      this.missing = (t) => m.text(t);
    }
  }

  /** room for codes when the column turns to text (see hint) */
  private textCapacity = 0;
  /** the rows expected (the constructor's capacity), for sizeForNewTexts */
  private readonly textRows: number;

  /** Is this trimmed cell missing? The default tokens unless the column has its own. */
  private missing: (token: string) => boolean = isMissingToken;

  /** Token cells read while the column was still numbers: [row, text, row, text, ...] (see pushToken). */
  private tokenCells: (number | string)[] | null = null;

  /**
   * A cell that is a missing-value token (not the empty cell). A text column keeps its text, so a model whose
   * tokens differ from this version's can still read the cell as it reads the same cell of a file (the
   * version's tokens apply when the stored column is read: cells.ts viewOf). A column of numbers stores it as
   * missing, and gives the text back if the column becomes text later.
   */
  private pushToken(token: string): void {
    if (token === '') return this.pushMissing();
    if (this.storage === 'dict') return this.pushString(token);
    (this.tokenCells ??= []).push(this.length, token);
    this.pushMissing();
  }

  /** Adds a text cell (from CSV); surrounding spaces are ignored. */
  pushText(raw: string): void {
    let token = raw;
    if (token.length && (token.charCodeAt(0) === 32 || token.charCodeAt(token.length - 1) === 32)) token = token.trim();
    if (this.missing(token)) return this.pushToken(token);
    if (this.storage === 'f64') {
      const n = parseNumber(token);
      if (n === n) {
        if (this.decimalComma && !this.sawDot && token.includes('.')) this.sawDot = true;
        if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
        this.values[this.length++] = n;
        return;
      }
      this.toDict();
    }
    this.pushString(token);
  }

  /**
   * Adds a cell given as bytes [start, end) of a buffer in an ASCII-compatible encoding: the same result
   * as pushText of its text, without making a string for plain numbers and repeated ASCII values.
   */
  pushBytes(buf: Buffer, start: number, end: number, encoding: 'utf8' | 'latin1'): void {
    if (start === end) return this.pushMissing();
    if (this.missing !== isMissingToken) return this.pushText(buf.toString(encoding, start, end));
    if (buf[start] !== 32 && buf[end - 1] !== 32) {
      if (this.storage === 'f64') {
        const n = plainNumber(buf, start, end);
        if (n === n) {
          if (this.decimalComma && !this.sawDot && hasDot(buf, start, end)) this.sawDot = true;
          if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
          this.values[this.length++] = n;
          return;
        }
        if (isMissingBytes(buf, start, end)) return this.pushToken(buf.toString('latin1', start, end));
      } else if (isMissingBytes(buf, start, end)) {
        return this.pushToken(buf.toString('latin1', start, end));
      } else {
        let code = this.ascii.get(buf, start, end);
        if (code !== -2) {
          if (code === -1) {
            // ASCII bytes: the same text in UTF-8 and Latin-1
            code = this.dictSize++;
            this.ascii.set(buf, start, end, code);
            if (code === MOSTLY_NEW) this.sizeForNewTexts();
          }
          if (this.length === this.codes.length) this.codes = grow(this.codes, this.length + 1);
          this.codes[this.length++] = code;
          return;
        }
      }
    }
    this.pushText(buf.toString(encoding, start, end));
  }

  /**
   * At MOSTLY_NEW texts: when most rows so far brought a new one (an id column), the texts' index and bytes are
   * sized once for the rows expected (the constructor's capacity) rather than doubled again and again.
   */
  private sizeForNewTexts(): void {
    if (this.dictSize * 2 <= this.length || this.textRows <= this.length) return;
    const perText = this.ascii.byteCount / this.dictSize;
    // (the capacity has a 5 % margin over the rows expected: the index is sized for those, at most half full)
    const rows = Math.ceil(this.textRows / 1.05);
    this.ascii.presize(rows, Math.ceil(rows * perText * 1.05));
  }

  /** Adds a JSON value (from JSON Lines): numbers stay numbers, objects become their JSON text. */
  pushValue(value: unknown): void {
    if (value === null || value === undefined) return this.pushMissing();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return this.pushMissing();
      if (this.storage === 'f64') {
        if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
        this.values[this.length++] = value;
        return;
      }
      return this.pushString(String(value));
    }
    if (typeof value === 'string') return this.pushText(value);
    if (typeof value === 'boolean') {
      if (this.storage === 'f64') this.toDict();
      return this.pushString(value ? 'true' : 'false');
    }
    if (this.storage === 'f64') this.toDict();
    this.pushString(JSON.stringify(value));
  }

  pushMissing(): void {
    if (this.storage === 'f64') {
      if (this.length === this.values.length) this.values = grow(this.values, this.length + 1);
      this.values[this.length++] = NaN;
    } else {
      if (this.length === this.codes.length) this.codes = grow(this.codes, this.length + 1);
      this.codes[this.length++] = -1;
    }
  }

  /** Pads with missing cells up to `rows` (a JSON Lines key that appears late). */
  padTo(rows: number): void {
    while (this.length < rows) this.pushMissing();
  }

  private codeOf(token: string): number {
    let code: number | undefined = this.ascii.getString(token);
    if (code !== -2) {
      if (code === -1) {
        code = this.dictSize++;
        this.ascii.setString(token, code);
      }
      return code;
    }
    code = this.index.get(token);
    if (code === undefined) {
      code = this.addText(token);
      this.index.set(token, code);
    }
    return code;
  }

  /** A new code whose text is known as a string. */
  private addText(token: string): number {
    const code = this.dictSize++;
    while (this.dict.length < code) this.dict.push('');
    this.dict.push(token);
    return code;
  }

  /** The code of ASCII bytes (its string made at finish). */
  private codeOfBytes(buf: Uint8Array, start: number, end: number): number {
    let code = this.ascii.get(buf, start, end);
    if (code === -1) {
      code = this.dictSize++;
      this.ascii.set(buf, start, end, code);
    }
    return code;
  }

  private pushString(token: string): void {
    const code = this.codeOf(token);
    if (this.length === this.codes.length) this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length++] = code;
  }

  private toDict(): void {
    this.storage = 'dict';
    const n0 = Math.max(1024, this.values.length, this.textCapacity);
    this.codes = this.shared ? new Int32Array(new SharedArrayBuffer(4 * n0)) : new Int32Array(n0);
    const n = this.length;
    this.length = 0;
    const values = this.values;
    this.values = new Float64Array(0);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) this.pushMissing();
      else {
        this.numbersBeforeText = true;
        this.pushString(String(v));
      }
    }
    const cells = this.tokenCells;
    this.tokenCells = null;
    for (let k = 0; cells && k < cells.length; k += 2) this.codes[cells[k] as number] = this.codeOf(cells[k + 1] as string);
  }

  /** This builder's state, for another thread to append (arrays are views: transfer or copy them). */
  part(): ColumnPart {
    const { storage, length, sawDot, numbersBeforeText, tokenCells, dict, dictSize } = this;
    const texts = this.ascii.texts();
    return { storage, length, values: this.values.subarray(0, length), codes: this.codes.subarray(0, length), dict, dictSize, texts, sawDot, numbersBeforeText, tokenCells };
  }

  /**
   * Can the cells of the next piece of the file, read by a fresh builder of this column, be appended
   * (appendPart) with provably the result that pushing them here would give? Numbers after numbers can;
   * text after text too, its values coded in first-seen order, unless the piece's builder turned numbers
   * into text (their text is lost) or this column is numbers and the piece text (the switch would have
   * changed earlier cells). Otherwise the caller reads the piece here.
   */
  canAppend(p: ColumnPart): boolean {
    if (this.storage === 'f64') return p.storage === 'f64';
    if (p.storage === 'dict') return !p.numbersBeforeText;
    // numbers would have been kept as their text here: only a piece without any number can be appended
    for (let i = 0; i < p.length; i++) if (p.values[i] === p.values[i]) return false;
    return true;
  }

  /** Appends a piece that canAppend accepted. */
  appendPart(p: ColumnPart): void {
    const at = this.length;
    if (this.storage === 'f64') {
      if (at + p.length > this.values.length) this.values = grow(this.values, at + p.length);
      this.values.set(p.values.subarray(0, p.length), at);
      if (p.tokenCells) for (let k = 0; k < p.tokenCells.length; k += 2) (this.tokenCells ??= []).push((p.tokenCells[k] as number) + at, p.tokenCells[k + 1]);
      this.sawDot ||= p.sawDot;
      this.length += p.length;
      return;
    }
    if (at + p.length > this.codes.length) this.codes = grow(this.codes, at + p.length);
    if (p.storage === 'dict') {
      const map = new Int32Array(p.dictSize);
      const later = p.texts?.codes;
      if (later) this.ascii.expect(later.length);
      for (let k = 0, j = 0; k < p.dictSize; k++) {
        if (later && j < later.length && later[j] === k) {
          j++;
          map[k] = this.codeOfBytes(p.texts!.bytes, p.texts!.starts[k], p.texts!.starts[k] + p.texts!.lengths[k]);
        } else map[k] = this.codeOf(p.dict[k]);
      }
      for (let i = 0; i < p.length; i++) {
        const c = p.codes[i];
        this.codes[at + i] = c < 0 ? -1 : map[c];
      }
    } else {
      this.codes.fill(-1, at, at + p.length);
      if (p.tokenCells) for (let k = 0; k < p.tokenCells.length; k += 2) this.codes[(p.tokenCells[k] as number) + at] = this.codeOf(p.tokenCells[k + 1] as string);
    }
    this.length += p.length;
  }

  finish(): RawColumn {
    const texts = this.ascii.texts();
    this.dict = this.ascii.withTexts(this.dict, this.dictSize);
    this.tokenCells = null;
    this.index = new Map();
    this.ascii = new AsciiIndex();
    // a view when little capacity is unused (no copy of a large array), else a tight copy
    const fit = <T extends Float64Array | Int32Array>(a: T): T => (a.length - this.length <= this.length / 4 ? (a.subarray(0, this.length) as T) : (a.slice(0, this.length) as T));
    if (this.storage === 'f64') return { name: this.name, storage: 'f64', values: fit(this.values) };
    // a number read with a dot before the first comma (1.234 before 2,5) makes the column ambiguous
    // (token cells are missing in the numbers: their text cannot come back in a column of numbers)
    const commaNumbers = this.decimalComma && !this.sawDot ? decimalCommaValues(this.dict, this.missing) : null;
    if (commaNumbers) {
      this.readDecimalComma = true;
      const values = new Float64Array(this.length);
      for (let i = 0; i < this.length; i++) values[i] = this.codes[i] < 0 ? NaN : commaNumbers[this.codes[i]];
      return { name: this.name, storage: 'f64', values };
    }
    if (texts) keepDictBytes(this.dict, texts);
    return { name: this.name, storage: 'dict', dict: this.dict, codes: fit(this.codes) };
  }
}
