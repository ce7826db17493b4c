import type { ColumnType } from '../../../shared/schemas/dataset.js';
import { defaultMissingTokens, type DateOrder } from '../../../shared/schemas/prep.js';
import { parseNumber, type RawColumn, type RawTable } from './columns.js';
import { parseDate } from './dates.js';
import { parseBoolean } from './infer.js';

/**
 * The one way a raw cell (text from a file, or a JSON value) becomes a column value, for every door:
 * import-time typing, training and evaluation (through the stored, typed data set), `ciclo predict`,
 * `loadPredictor().predictRows`, serving and monitoring (through the model package's copy of each
 * column's settings). Missing-value tokens are per column: a token that is a number (such as 0 or -1)
 * matches by value, any other token by its exact text after trimming spaces; an empty cell is always missing.
 */

export class MissingMatcher {
  private readonly texts: Set<string>;
  private readonly numbers: Set<number>;
  /** the longest text token: a longer text is no token (checked before any hashing) */
  private readonly longest: number = 0;

  constructor(tokens: readonly string[]) {
    this.texts = new Set(['']);
    this.numbers = new Set();
    for (const raw of tokens) {
      const t = raw.trim();
      const n = parseNumber(t);
      if (t !== '' && n === n) this.numbers.add(n);
      else {
        this.texts.add(t);
        this.longest = Math.max(this.longest, t.length);
      }
    }
  }

  /** Does this (trimmed) text mean missing? */
  text(t: string): boolean {
    if (t.length <= this.longest && this.texts.has(t)) return true;
    if (this.numbers.size === 0) return false;
    const n = parseNumber(t);
    return n === n && this.numbers.has(n);
  }

  /** Does this number mean missing (NaN always does)? */
  value(v: number): boolean {
    return v !== v || this.numbers.has(v);
  }

  /** Only text tokens (none that are numbers): the import can apply them while reading. */
  get textOnly(): boolean {
    return this.numbers.size === 0;
  }
}

export interface CellSpec {
  name: string;
  type: ColumnType;
  missingTokens: readonly string[];
  /** Categorical columns stored as numbers at import: a category is the number's shortest text (1.50 -> "1.5"). */
  numericLabels?: boolean;
  /** Datetime columns: how the dates are written (absent: ymd, ISO). */
  dateOrder?: DateOrder;
}

/** The params a row problem's code is translated with (shared/i18n/locales/rows.<lang>.json). */
export type RowProblemParams = Record<string, string | number>;

/**
 * A cell that cannot be read as its column's type: an English message (the CLI's and the logs' language)
 * and a code with params, which screens translate (`rows:<code>`).
 */
export class CellError extends Error {
  constructor(
    message: string,
    readonly code: string = 'row.unreadable',
    readonly params: RowProblemParams = {},
  ) {
    super(message);
  }
}

const matchers = new WeakMap<readonly string[], MissingMatcher>();

export function matcherFor(tokens: readonly string[]): MissingMatcher {
  let m = matchers.get(tokens);
  if (!m) matchers.set(tokens, (m = new MissingMatcher(tokens)));
  return m;
}

const DATE_LIKE: Record<DateOrder, string> = {
  ymd: 'a date (such as 2024-03-31 or 2024-03-31T14:05:00)',
  dmy: 'a day-first date (such as 31/12/2024 or 31/12/2024 14:05, or 2024-12-31)',
  mdy: 'a month-first date (such as 12/31/2024 or 12/31/2024 14:05, or 2024-12-31)',
};

/** A date cell that does not read in its column's order (row.not_date for ISO, row.not_date_dmy / _mdy otherwise). */
function notDate(spec: CellSpec, t: string): CellError {
  const order = spec.dateOrder ?? 'ymd';
  const code = order === 'ymd' ? 'row.not_date' : `row.not_date_${order}`;
  return new CellError(`column "${spec.name}": "${t}" is not ${DATE_LIKE[order]}`, code, { column: spec.name, value: t });
}

function numberOf(value: unknown, spec: CellSpec, m: MissingMatcher): number {
  let n: number;
  if (typeof value === 'number') n = Number.isFinite(value) ? value : NaN;
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (value instanceof Date) n = value.getTime();
  else if (typeof value === 'string') {
    const t = value.trim();
    if (m.text(t)) return NaN;
    if (spec.type === 'boolean') {
      n = parseBoolean(t);
      if (n !== n) {
        const k = parseNumber(t);
        if (k === 0 || k === 1) n = k;
        else throw new CellError(`column "${spec.name}": "${t}" is not a boolean (true/false, yes/no, sí/no, 0/1)`, 'row.not_boolean', { column: spec.name, value: t });
      }
    } else if (spec.type === 'datetime') {
      n = parseDate(t, spec.dateOrder);
      if (n !== n) throw notDate(spec, t);
    } else {
      n = parseNumber(t);
      if (n !== n) throw new CellError(`column "${spec.name}": "${t}" is not a number`, 'row.not_number', { column: spec.name, value: t });
    }
  } else {
    const kind = Array.isArray(value) ? 'list' : typeof value;
    throw new CellError(`column "${spec.name}": a ${kind} is not a ${spec.type} value`, 'row.wrong_kind', { column: spec.name, kind, type: spec.type });
  }
  if (spec.type === 'boolean' && n === n && n !== 0 && n !== 1)
    throw new CellError(`column "${spec.name}": ${n} is not a boolean (0 or 1)`, 'row.not_boolean', { column: spec.name, value: String(n) });
  return m.value(n) ? NaN : n;
}

function labelOf(value: unknown, spec: CellSpec, m: MissingMatcher): string | null {
  if (typeof value === 'number') return Number.isFinite(value) && !m.value(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    const t = value.trim();
    if (m.text(t)) return null;
    if (spec.numericLabels) {
      const n = parseNumber(t);
      if (n === n) return String(n);
    }
    return t;
  }
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * THE cell reader: numeric, boolean (0/1) and datetime (epoch ms) columns give a number, NaN when
 * missing; categorical and text columns a string, null when missing. Throws CellError for a cell that
 * does not fit the type (text in a numeric column, a bad date). undefined and null are missing.
 */
export function readCell(value: unknown, spec: CellSpec, m: MissingMatcher = matcherFor(spec.missingTokens)): number | string | null {
  const numeric = spec.type === 'numeric' || spec.type === 'boolean' || spec.type === 'datetime';
  if (value === undefined || value === null) return numeric ? NaN : null;
  return numeric ? numberOf(value, spec, m) : labelOf(value, spec, m);
}

/**
 * A stored column with its missing-value tokens applied (tokens added after import, or numbers such as 0):
 * matching cells become missing, and a text column whose remaining values are all numbers becomes a number
 * column, as the import would have read it. Returns the column itself when nothing matches.
 */
export function applyMissing(col: RawColumn, tokens: readonly string[]): RawColumn {
  const m = matcherFor(tokens);
  if (col.storage === 'f64') {
    if (m.textOnly) return col;
    let values: Float64Array | null = null;
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i];
      if (v === v && m.value(v)) (values ??= Float64Array.from(col.values))[i] = NaN;
    }
    return values ? { name: col.name, storage: 'f64', values } : col;
  }
  // no array per dictionary value unless one matches (an id column has a million values, and most match none)
  let gone: boolean[] | null = null;
  for (let k = 0; k < col.dict.length; k++) if (m.text(col.dict[k])) (gone ??= new Array<boolean>(col.dict.length).fill(false))[k] = true;
  if (!gone) return col;
  const drop = gone;
  const codes = col.codes.map((c) => (c >= 0 && drop[c] ? -1 : c));
  const used = new Uint8Array(col.dict.length);
  for (const c of codes) if (c >= 0) used[c] = 1;
  const nums = col.dict.map((s, k) => (used[k] ? parseNumber(s) : 0));
  if (nums.every((n) => n === n)) {
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? NaN : nums[codes[i]];
    return { name: col.name, storage: 'f64', values };
  }
  return { name: col.name, storage: 'dict', dict: col.dict, codes };
}

/** A stored table as its columns' settings read it (see applyMissing); columns without settings are as stored. */
export function effectiveTable(table: RawTable, tokens: (name: string) => readonly string[] | undefined): RawTable {
  let changed = false;
  const columns = table.columns.map((c) => {
    const t = tokens(c.name);
    const out = t ? applyMissing(c, t) : c;
    if (out !== c) changed = true;
    return out;
  });
  return changed ? { rows: table.rows, columns } : table;
}

const DEFAULT_TOKENS: readonly string[] = [...defaultMissingTokens];

/**
 * A stored table as a version's columns read it. A text column keeps the cells its tokens matched at import
 * (columns.ts pushToken), so the tokens (the default list where a column has none) apply here.
 */
export function viewOf(table: RawTable, columns: readonly { name: string; missingTokens?: string[] }[]): RawTable {
  const byName = new Map(columns.map((c) => [c.name, c.missingTokens]));
  return effectiveTable(table, (name) => byName.get(name) ?? DEFAULT_TOKENS);
}
