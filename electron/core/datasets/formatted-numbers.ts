/**
 * Numbers written for people rather than for programs: with a currency sign ($114.53, 3,50 € aside: a decimal
 * comma file is read as numbers already), a percent sign (12%) or thousands separators (1,204.00). Ciclo reads
 * plain numbers only, so such a column arrives as text or categories; the data checks say why and how to fix it.
 */
import { nearlyAll } from './value-share.js';

const SIGNS = '$€£¥₹';
const NUMBER = /^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/** Is this cell a number with a currency or percent sign or thousands separators (and not a plain number)? */
export function isFormattedNumber(cell: string): boolean {
  let t = cell.trim().replace(/\s+/g, '');
  let marked = false;
  if (t.startsWith('(') && t.endsWith(')')) t = `-${t.slice(1, -1)}`; // (1,234.00): an accountant's negative
  const sign = t.replace(/^[-+]/, '')[0];
  if (sign && SIGNS.includes(sign)) {
    t = t.replace(sign, '');
    marked = true;
  } else if (t.length > 1 && SIGNS.includes(t[t.length - 1])) {
    t = t.slice(0, -1);
    marked = true;
  }
  if (!marked && t.endsWith('%')) {
    t = t.slice(0, -1);
    marked = true;
  }
  if (!NUMBER.test(t)) return false;
  return marked || t.includes(',');
}

/**
 * The formatted numbers of a column's distinct values (a few, to show), when nearly all of its values are
 * numbers and some are formatted (value-share.ts); else null.
 */
export function formattedNumbers(values: readonly string[], missing: (v: string) => boolean = () => false): { examples: string[]; count: number } | null {
  const hits = nearlyAll(values, missing, (t) => (isFormattedNumber(t) ? 'hit' : NUMBER.test(t) && !t.includes(',') ? 'fits' : null));
  return hits && { examples: hits.slice(0, 3), count: hits.length };
}
