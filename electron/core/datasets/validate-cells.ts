import type { Column, DataIssue } from '../../../shared/schemas/dataset.js';
import { parseNumber, presentCount, type RawColumn, type RawTable } from './columns.js';
import { issue } from './errors.js';
import { DISTINCT_LIMIT, distinctCounts } from './distinct.js';
import { sortFloat64 } from './radix.js';
import { matcherFor } from './cells.js';
import { spellingVariants } from './spelling-variants.js';
import { formattedNumbers } from './formatted-numbers.js';
import { shortYearDates } from './dates.js';
import { defaultMissingTokens } from '../../../shared/schemas/prep.js';

/** At most this many offending cells are named in an issue (the count is always complete). */
export const MAX_CELLS = 20;
/** A text column is "numbers with a few stray values" when at most this share of its present cells are not numbers... */
const STRAY_SHARE = 0.1;
/** ...and they take at most this many different values. */
const STRAY_DISTINCT = 10;
const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;

export interface CellRef {
  /** data row, 1-based */
  row: number;
  /** line of the file (the header is line 1); equals row when the file had no header */
  line: number;
  value: string;
}

/**
 * Checks that need the stored cells, not just the profile: numeric columns spoilt by a few stray strings
 * or inf/NaN tokens (they became categorical or text), and zeros standing for "missing" in columns where 0
 * is impossible. Each issue names the column and the offending cells (line and value).
 */
export function cellIssues(table: RawTable, columns: Column[], hasHeader = true): DataIssue[] {
  const out: DataIssue[] = [];
  const ref = (row: number, value: string): CellRef => ({ row: row + 1, line: row + (hasHeader ? 2 : 1), value });
  table.columns.forEach((col, k) => {
    const c = columns[k];
    if (!c) return;
    // a dictionary value that is one of the column's missing-value tokens (a text column keeps their text)
    const tokens = matcherFor(c.missingTokens ?? defaultMissingTokens);
    const missing = (v: string) => tokens.text(v.trim());
    if (c.role !== 'ignore' && c.type === 'categorical' && col.storage === 'dict') {
      const groups = spellingVariants(col.dict, missing);
      if (groups.length) out.push(variantsIssue(c, groups));
    }
    if (c.role === 'target' || (c.role === 'ignore' && c.type !== 'text')) return;
    if (col.storage === 'dict' && (c.type === 'categorical' || c.type === 'text')) {
      const formatted = formattedNumbers(col.dict, missing);
      if (formatted) out.push(formattedIssue(c, formatted.examples));
      const shortYears = formatted ? null : shortYearDates(col.dict, missing);
      if (shortYears) out.push(shortYearsIssue(c, shortYears));
      const stray = formatted ? null : strayValues(col, missing);
      if (stray) {
        const cells: CellRef[] = [];
        for (let i = 0; i < col.codes.length && cells.length < MAX_CELLS; i++) if (col.codes[i] >= 0 && stray.bad[col.codes[i]]) cells.push(ref(i, col.dict[col.codes[i]]));
        const values = stray.values;
        const tokens = values.every((v) => NON_FINITE.test(v));
        const where = cells
          .slice(0, 5)
          .map((x) => `line ${x.line} "${x.value}"`)
          .join(', ');
        out.push(
          issue(
            'warning',
            tokens ? 'validate.nonfinite_tokens' : 'validate.stray_values',
            c.name,
            { column: c.name, type: c.type, count: stray.count, values, cells, where, lines: linesOf(cells, stray.count), valueList: values.map((v) => `"${v}"`).join(', ') },
            `Column "${c.name}" holds numbers except ${stray.count} cell${stray.count === 1 ? '' : 's'} (${where}${stray.count > 5 ? ', ...' : ''}), so it was read as ${c.type}${c.type === 'text' ? ' and is left out of the features' : ' instead of numeric'}. Treat ${values.map((v) => `"${v}"`).join(', ')} as missing to make it numeric.`,
          ),
        );
      }
    }
    if (col.storage === 'f64' && c.type === 'numeric' && c.role === 'feature') {
      const zeros = zeroPlaceholder(col);
      if (zeros) {
        const cells: CellRef[] = [];
        for (let i = 0; i < col.values.length && cells.length < MAX_CELLS; i++) if (col.values[i] === 0) cells.push(ref(i, '0'));
        out.push(
          issue(
            'warning',
            'validate.zero_placeholder',
            c.name,
            { column: c.name, count: zeros.count, fraction: zeros.count / table.rows, smallest: zeros.smallest, cells, lines: linesOf(cells, zeros.count) },
            `Column "${c.name}" is 0 in ${zeros.count} row${zeros.count === 1 ? '' : 's'} while its other values start at ${zeros.smallest}: 0 is probably a placeholder for a missing value (a measurement that cannot be 0). Treat 0 as missing if so.`,
          ),
        );
      }
    }
  });
  return out;
}

/** Numbers written with currency or percent signs or thousands separators (formatted-numbers.ts). */
function formattedIssue(c: Column, examples: string[]): DataIssue {
  const list = examples.map((v) => `"${v}"`).join(', ');
  const read = c.type === 'text' ? 'text and is left out of the features' : 'categorical (each number a category of its own)';
  return issue(
    'warning',
    c.type === 'text' ? 'validate.formatted_numbers_text' : 'validate.formatted_numbers',
    c.name,
    { column: c.name, examples: list },
    `Column "${c.name}" holds numbers written with currency or percent signs or thousands separators (${list}), so it was read as ${read}. Ciclo reads plain numbers such as 1204.5: write them that way in the source file (in a spreadsheet, a number format without symbols) and import it again.`,
  );
}

/** Dates with two-digit years (dates.ts shortYearDates): never dates, so the column is text or categories. */
function shortYearsIssue(c: Column, examples: string[]): DataIssue {
  const list = examples.map((v) => `"${v}"`).join(', ');
  return issue(
    'warning',
    'validate.two_digit_years',
    c.name,
    { column: c.name, type: c.type, examples: list },
    `Column "${c.name}" holds dates with two-digit years (${list}), which Ciclo does not read as dates (01/02/03 could be any of three days, in either century), so it was read as ${c.type}. Write the years with four digits (in a spreadsheet, a date format such as dd/mm/yyyy) and import it again.`,
  );
}

/** Categories of a column (or the target's classes) written more than one way (spelling-variants.ts). */
function variantsIssue(c: Column, groups: string[][]): DataIssue {
  const list = groups
    .slice(0, 4)
    .map((g) => g.map((v) => `"${v}"`).join(' / '))
    .join(', ');
  const more = groups.length > 4 ? ', …' : '';
  const what = c.role === 'target' ? 'classes' : 'categories';
  return issue(
    'warning',
    c.role === 'target' ? 'validate.class_variants' : 'validate.category_variants',
    c.name,
    { column: c.name, count: groups.length, list: list + more },
    `Column "${c.name}" has values that differ only in upper and lower case or spaces: ${list}${more}. To a model they are different ${what}; if they mean the same, write them one way in the source file and import it again.`,
  );
}

/** The first lines as a short list ("7, 19, 42, ..."). */
function linesOf(cells: CellRef[], count: number): string {
  return (
    cells
      .slice(0, 5)
      .map((c) => c.line)
      .join(', ') + (count > 5 ? ', …' : '')
  );
}

/** The dictionary values of a text column that are not numbers, when they are few among many numbers. */
function strayValues(col: Extract<RawColumn, { storage: 'dict' }>, missing: (v: string) => boolean): { bad: Uint8Array; values: string[]; count: number } | null {
  const bad = new Uint8Array(col.dict.length);
  const values: string[] = [];
  for (let k = 0; k < col.dict.length; k++) {
    const s = col.dict[k];
    // a missing-value token's cells are missing already
    if (parseNumber(s) !== parseNumber(s) && !missing(s)) {
      // more than a few different words: not numbers with stray values (stop looking: an id column has millions)
      if (values.length === STRAY_DISTINCT) return null;
      bad[k] = 1;
      values.push(s);
    }
  }
  if (values.length === 0 || values.length === col.dict.length) return null;
  let count = 0;
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0 && bad[col.codes[i]]) count++;
  const present = presentCount(col);
  // a handful of numbers among words is a categorical column; it takes mostly numbers to call the rest stray
  if (count > present * STRAY_SHARE || present - count < 10) return null;
  return { bad, values: values.sort(), count };
}

/**
 * Zeros that stand for "missing": every other value is positive, and 0 sits far below them, much further
 * than the gaps between the smallest real values (a count such as 0, 1, 2 pregnancies is not flagged;
 * a blood pressure of 0 below values starting at 24 is).
 */
function zeroPlaceholder(col: Extract<RawColumn, { storage: 'f64' }>): { count: number; smallest: number } | null {
  // a cheap first pass: most columns have no zero, or negative values
  let zeros = 0;
  let positive = 0;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    if (v < 0) return null;
    if (v === 0) zeros++;
    else if (v === v) positive++;
  }
  if (zeros === 0 || positive < 20) return null;
  // the distinct positive values in order (counted when few, else a radix sort of the positives, then one of each)
  const distinct = distinctCounts(col.values, DISTINCT_LIMIT, (v) => v > 0)?.keys ?? distinctSorted(col.values, positive);
  if (distinct.length < 5) return null;
  // the largest gap between consecutive distinct values in the lower half of the real values
  const lower = distinct.slice(0, Math.max(2, Math.ceil(distinct.length / 2)));
  let gap = 0;
  for (let i = 1; i < lower.length; i++) gap = Math.max(gap, lower[i] - lower[i - 1]);
  const smallest = distinct[0];
  return smallest > 2 * gap ? { count: zeros, smallest } : null;
}

/** The distinct positive values of a column in order, by a radix sort of the `positive` positives. */
function distinctSorted(values: Float64Array, positive: number): Float64Array {
  const sorted = new Float64Array(positive);
  for (let i = 0, j = 0; i < values.length; i++) if (values[i] > 0) sorted[j++] = values[i];
  sortFloat64(sorted);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}
