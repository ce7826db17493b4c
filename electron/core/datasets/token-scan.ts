import type { ImportFormat } from '../../../shared/schemas/dataset.js';
import { defaultMissingTokens } from '../../../shared/schemas/prep.js';
import { parseNumber } from './columns.js';
import { checkSource } from './importer.js';
import { readCsv } from './parse-csv.js';
import { readJsonLines } from './parse-jsonl.js';
import type { Delimiter } from './sniff.js';

/**
 * Before an import is stored: which cells of each column look like missing-value tokens, so the user can
 * decide each column's tokens (the import's `prep.<column>.missingTokens`). The file is read by the import's
 * own readers with no token applied, so every cell keeps its text. Per column:
 * - found: default tokens (NA, null, ?...) present in it, with their counts (they will be missing unless removed);
 * - suggestions: other cells that look like placeholders: a few words in a column of numbers (such as "none"
 *   or "-" among numbers), or a usual placeholder word in any column (unknown, missing, -, n.a., #N/A...).
 */

export interface TokenCount {
  token: string;
  count: number;
}
export interface ColumnTokens {
  name: string;
  found: TokenCount[];
  suggestions: TokenCount[];
}
export interface TokenScan {
  defaults: string[];
  columns: ColumnTokens[];
}

const PLACEHOLDERS = new Set(['none', 'unknown', 'missing', '-', '--', '---', 'n.a.', '#n/a', 'nil', 'undefined', 'empty', 'not available', 'not known', '.', 'x']);
/** A column is "of numbers" when at least this share of its other cells are numbers. */
const NUMBERS_SHARE = 0.8;
const MAX_STRAYS = 5;
const MAX_SUGGESTIONS = 8;

/** Every column read without tokens: both readers look a column's tokens up by name, and find none. */
const noTokens = new Proxy({} as Record<string, string[]>, { get: (_, key) => (typeof key === 'string' ? [] : undefined) });

export async function scanTokens(file: string, options: { format?: ImportFormat; delimiter?: Delimiter; header?: boolean; encoding?: 'utf-8' | 'latin1' }): Promise<TokenScan> {
  const defaults = [...defaultMissingTokens];
  const format = checkSource(file, options.format);
  if (format === 'images' || format === 'idx') return { defaults, columns: [] };
  const parsed = format === 'jsonl' ? await readJsonLines(file, {}, noTokens) : await readCsv(file, { ...options, missingTokens: noTokens }, {});
  const isDefault = new Set<string>(defaults);
  const columns: ColumnTokens[] = [];
  for (const col of parsed.table.columns) {
    if (col.storage !== 'dict') continue; // only numbers (and empty cells): nothing to decide
    const counts = new Int32Array(col.dict.length);
    for (const c of col.codes) if (c >= 0) counts[c]++;
    const found: TokenCount[] = [];
    const words: TokenCount[] = [];
    let numbers = 0,
      others = 0;
    col.dict.forEach((token, k) => {
      if (!counts[k]) return;
      if (isDefault.has(token)) return void found.push({ token, count: counts[k] });
      if (parseNumber(token) === parseNumber(token)) numbers += counts[k];
      else {
        others += counts[k];
        words.push({ token, count: counts[k] });
      }
    });
    const ofNumbers = numbers > 0 && numbers / (numbers + others) >= NUMBERS_SHARE && words.length <= MAX_STRAYS;
    const suggestions = words.filter((w) => ofNumbers || PLACEHOLDERS.has(w.token.toLowerCase()));
    const byCount = (a: TokenCount, b: TokenCount) => b.count - a.count || (a.token < b.token ? -1 : 1);
    if (found.length || suggestions.length) columns.push({ name: col.name, found: found.sort(byCount), suggestions: suggestions.sort(byCount).slice(0, MAX_SUGGESTIONS) });
  }
  return { defaults, columns };
}
