import type { DateOrder } from '../../../shared/schemas/prep.js';
import { nearlyAll } from './value-share.js';

/**
 * Dates as text, read the one way every door reads them (import typing, training, predict, serving and
 * monitoring all come here through cells.ts readCell). A column's dateOrder says how its dates are written:
 * 'ymd' (ISO, the default), 'dmy' (31/12/2024) or 'mdy' (12/31/2024).
 */

const ISO_RE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** D/M/YYYY or M/D/YYYY with /, - or . (the same both times), optionally a time as in ISO (the hour may have one digit, as spreadsheets write 9:05). */
const DAY_FIRST_RE = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Month names and their usual abbreviations, in English and Spanish (matched without case, a final dot allowed). */
const MONTHS: Record<string, number> = {};
[
  'jan january ene enero',
  'feb february febrero',
  'mar march marzo',
  'apr april abr abril',
  'may mayo',
  'jun june junio',
  'jul july julio',
  'aug august ago agosto',
  'sep sept september set septiembre setiembre',
  'oct october octubre',
  'nov november noviembre',
  'dec december dic diciembre',
].forEach((names, i) => names.split(' ').forEach((n) => (MONTHS[n] = i + 1)));
const TIME = '(?:T|\\s+|,\\s*)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
/** 1 May 2024, 01-May-2024, 1 de mayo de 2024 (and a time as 13:45 or 13:45:10). */
const DAY_MONTH_RE = new RegExp(`^(\\d{1,2})(?:[-/]|\\s+(?:de\\s+)?)([a-z]+)\\.?(?:[-/]|\\s+(?:de\\s+)?|,\\s*)(\\d{4})(?:${TIME})?$`, 'i');
/** May 1, 2024, May 01 2024, September 4th, 2024 (and a time). */
const MONTH_DAY_RE = new RegExp(`^([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:${TIME})?$`, 'i');

/** A date written with its month's name (which no order can mistake), or NaN. */
function namedMonthDate(text: string): number {
  const c = text.charCodeAt(0);
  const dayFirst = c >= 48 && c <= 57;
  const m = (dayFirst ? DAY_MONTH_RE : MONTH_DAY_RE).exec(text);
  if (!m) return NaN;
  const month = MONTHS[(dayFirst ? m[2] : m[1]).toLowerCase()];
  if (!month) return NaN;
  return epoch(+m[3], month, +(dayFirst ? m[1] : m[2]), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), undefined, undefined);
}

/** Epoch milliseconds of a calendar date and time (UTC, then shifted by the zone), or NaN when the date does not exist (31/02). */
function epoch(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string | undefined, zone: string | undefined): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  let ms = Date.UTC(y, mo - 1, d, h, mi, s, frac ? Math.round(Number(frac) * 1000) : 0);
  if (new Date(ms).getUTCDate() !== d) return NaN;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/**
 * A date or date-time as epoch milliseconds (UTC when no zone), or NaN. 'ymd': YYYY-MM-DD[ HH:MM[:SS[.fff]]][zone]
 * (also with /). 'dmy' and 'mdy': D/M/YYYY or DD/MM/YYYY (M/D for mdy) with /, - or ., and the same optional time;
 * an ISO date too. In any order, a date with its month's name in English or Spanish: 1 May 2024, 01-May-2024,
 * 1 de mayo de 2024, May 1, 2024 (optionally with a time).
 * A two-digit year is never a date here: 01/02/03 could be any of three days.
 */
export function parseDate(text: string, order: DateOrder = 'ymd'): number {
  const iso = ISO_RE.exec(text);
  if (iso) return epoch(+iso[1], +iso[2], +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0), iso[7], iso[8]);
  const named = namedMonthDate(text);
  if (named === named || order === 'ymd') return named;
  // an ISO date (year first, four digits) cannot be mistaken for a day- or month-first one, so a column of
  // either order reads it too: a program calling the server sends ISO dates whatever the spreadsheet wrote
  const m = DAY_FIRST_RE.exec(text);
  if (!m) return NaN;
  const [first, second] = [+m[1], +m[3]];
  const [d, mo] = order === 'dmy' ? [first, second] : [second, first];
  return epoch(+m[4], mo, d, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0), m[8], m[9]);
}

const SHORT_YEAR_RE = /^\d{1,2}([-/.])\d{1,2}\1\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * The values of a column that look like dates with a two-digit year (01/19/24, a few to show), when nearly all
 * of its values do (value-share.ts); else null. Such a column is read as text: the data checks say why.
 */
export function shortYearDates(texts: readonly string[], missing: (v: string) => boolean = () => false): string[] | null {
  return nearlyAll(texts, missing, (t) => (SHORT_YEAR_RE.test(t) ? 'hit' : null))?.slice(0, 3) ?? null;
}

/** Answers of allDates per dictionary (a column's distinct texts never change once read): import typing asks more than once. */
const answers = new WeakMap<readonly string[], Partial<Record<DateOrder, boolean>>>();

/** Does every text read as a date in this order? */
export function allDates(texts: readonly string[], order: DateOrder): boolean {
  let known = answers.get(texts);
  if (known?.[order] !== undefined) return known[order];
  let all = true;
  for (const s of texts) {
    const t = parseDate(s, order);
    if (t !== t) {
      all = false;
      break;
    }
  }
  if (!known) answers.set(texts, (known = {}));
  known[order] = all;
  return all;
}

/**
 * How a column of texts writes its dates, or null when they are not all dates in one order. ISO first (as
 * before day-first dates were read). Otherwise day first or month first, whichever alone reads every value
 * (a day above 12 decides it); when both read every value (no part above 12), the order is a guess: day first
 * if the file writes numbers with a decimal comma (a European spreadsheet), else month first.
 */
export function dateOrderOf(texts: readonly string[], decimalComma: boolean): { order: DateOrder; guessed: boolean } | null {
  if (texts.length === 0) return null;
  if (allDates(texts, 'ymd')) return { order: 'ymd', guessed: false };
  const dmy = allDates(texts, 'dmy');
  const mdy = allDates(texts, 'mdy');
  if (dmy && mdy) return { order: decimalComma ? 'dmy' : 'mdy', guessed: true };
  if (dmy) return { order: 'dmy', guessed: false };
  if (mdy) return { order: 'mdy', guessed: false };
  return null;
}

/** The format a date column of this order expects, for messages. */
export function dateExample(order: DateOrder): string {
  if (order === 'dmy') return 'a day-first date such as 31/12/2024 or 31/12/2024 14:05 (or 2024-12-31)';
  if (order === 'mdy') return 'a month-first date such as 12/31/2024 or 12/31/2024 14:05 (or 2024-12-31)';
  return 'a date such as 2024-03-31 or 2024-03-31T14:05:00';
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Epoch milliseconds as text that reads back in `order` (for rows Ciclo writes itself: examples, simulated
 * traffic, exported samples). ISO is the Date's own toISOString; day- and month-first dates give the date,
 * then the UTC time with its milliseconds and Z unless it is midnight.
 */
export function formatDate(ms: number, order: DateOrder = 'ymd'): string {
  const d = new Date(ms);
  if (order === 'ymd') return d.toISOString();
  const [day, month] = [two(d.getUTCDate()), two(d.getUTCMonth() + 1)];
  const date = `${order === 'dmy' ? day : month}/${order === 'dmy' ? month : day}/${d.getUTCFullYear()}`;
  if (ms % 86_400_000 === 0) return date;
  return `${date} ${d.toISOString().slice(11)}`;
}
