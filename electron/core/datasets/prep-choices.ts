import type { Column, ColumnType } from '../../../shared/schemas/dataset.js';
import { columnPrep, defaultMissingTokens, strategiesFor, type ColumnPrep, type DateHandling, type DateOrder, type MissingStrategy } from '../../../shared/schemas/prep.js';
import { parseNumber, type RawColumn } from './columns.js';
import { importError } from './errors.js';
import { parseDate } from './infer.js';
import { shellWord } from '../../../shared/shell-word.js';

/** What the user asks for one column: any of its preparation settings (the rest stay as they were). */
export interface PrepChoice {
  missingTokens?: string[];
  missingStrategy?: MissingStrategy;
  missingConstant?: string;
  missingIndicator?: boolean;
  dateHandling?: DateHandling;
  /** How the dates are written (datetime columns): ymd (ISO), dmy or mdy. */
  dateOrder?: DateOrder;
}

const isNumericType = (t: ColumnType) => t === 'numeric' || t === 'boolean' || t === 'datetime';

/** Cleans a token list: trimmed, no empty token (an empty cell is always missing), no repeats. */
export function cleanTokens(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map((t) => t.trim()).filter((t) => t !== ''))];
}

/**
 * A column's preparation settings for its (new) type: the user's choice, else what the previous version
 * said (the strategy only while the type is the same), else the defaults. Refuses what cannot apply.
 */
export function decidePrep(name: string, type: ColumnType, choice: PrepChoice | undefined, before: Column | undefined, source: string): Partial<Column> {
  const keep = before && before.type === type ? before : undefined;
  const tokens = cleanTokens(choice?.missingTokens ?? before?.missingTokens ?? defaultMissingTokens);
  const strategy = choice?.missingStrategy ?? (keep ? columnPrep(keep).missingStrategy : columnPrep({ type }).missingStrategy);
  const allowed = strategiesFor(type);
  if (!allowed.includes(strategy)) {
    throw importError(
      'import.bad_strategy',
      { column: name, type, strategy, allowed: allowed.join(', ') },
      `Column "${name}" is ${type}: its missing values can be filled with ${allowed.join(', ')}, not ${strategy}.`,
    );
  }
  const out: Partial<Column> = { missingTokens: tokens, missingStrategy: strategy };
  if (strategy === 'constant') {
    const value = (choice?.missingConstant ?? keep?.missingConstant ?? '').trim();
    const fits = !isNumericType(type)
      ? value !== ''
      : type === 'datetime'
        ? parseDate(value, choice?.dateOrder) === parseDate(value, choice?.dateOrder) || parseDate(value) === parseDate(value)
        : type === 'boolean'
          ? value === '0' || value === '1'
          : parseNumber(value) === parseNumber(value);
    if (!fits) {
      const need = type === 'datetime' ? 'a date such as 2024-01-31' : type === 'boolean' ? '0 or 1' : isNumericType(type) ? 'a number' : 'a value';
      throw importError(
        'import.bad_constant',
        { column: name, type, value },
        `The constant that fills missing values of column "${name}" must be ${need}${value ? `, not "${value}"` : ' (write it as constant:VALUE)'}.`,
      );
    }
    out.missingConstant = value;
  }
  out.missingIndicator =
    choice?.missingIndicator ?? (keep && keep.missingIndicator !== undefined && choice?.missingStrategy === undefined ? keep.missingIndicator : strategy !== 'category');
  if (type === 'datetime') {
    out.dateHandling = choice?.dateHandling ?? before?.dateHandling ?? 'parts';
    // stored only when not ISO: versions and packages of ISO dates stay exactly as before
    const order = choice?.dateOrder ?? 'ymd';
    if (order !== 'ymd') out.dateOrder = order;
  } else if (choice?.dateHandling || choice?.dateOrder) {
    throw importError(
      'import.date_not_date',
      { column: name, type },
      `Column "${name}" is ${type}, not a date: only a datetime column has a date handling (parts, raw or ignore) or a date order (ymd, dmy, mdy).`,
    );
  }
  return out;
}

/**
 * Refuses to drop a text token whose cells were already read as missing when the file was imported
 * (the stored data no longer holds them, so the values cannot come back without importing again).
 */
export function assertTokensRemovable(col: RawColumn, before: readonly string[], after: readonly string[], source: string): void {
  const kept = new Set(after.map((t) => t.trim()));
  const dict = col.storage === 'dict' ? new Set(col.dict) : new Set<string>();
  for (const t of before) {
    const token = t.trim();
    if (kept.has(token) || parseNumber(token) === parseNumber(token)) continue;
    if (!dict.has(token)) {
      throw importError(
        'import.token_not_removable',
        { column: col.name, token, file: source },
        `"${token}" cells of column "${col.name}" were read as missing when ${source} was imported, so they cannot become values now; import the file again with --missing-tokens ${shellWord(`${col.name}=...`)} leaving "${token}" out.`,
      );
    }
  }
}

export type { ColumnPrep };
