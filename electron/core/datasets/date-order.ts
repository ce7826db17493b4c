import type { Column, DataIssue } from '../../../shared/schemas/dataset.js';
import type { DateOrder } from '../../../shared/schemas/prep.js';
import type { RawColumn } from './columns.js';
import { allDates, dateOrderOf } from './dates.js';
import { issue } from './errors.js';
import { shellWord } from '../../../shared/shell-word.js';

const EXAMPLE: Record<DateOrder, string> = { ymd: '2024-12-31', dmy: '31/12/2024', mdy: '12/31/2024' };
const NAME: Record<DateOrder, string> = { ymd: 'year first', dmy: 'day first (day/month/year)', mdy: 'month first (month/day/year)' };

export interface DateOrderDecision {
  order: DateOrder;
  /** The user named the order (it must then fit every value). */
  chosen: boolean;
  /** An import note when the order was read from the values and is not ISO; null otherwise. */
  note: DataIssue | null;
}

/**
 * How a column writes its dates (used only if the column ends up datetime): the user's choice, else the
 * previous version's order while every value still fits it, else what the values say (dates.ts dateOrderOf).
 * A day-first or month-first order read from the values comes with a note naming it, and saying it was
 * assumed when every value fitted both (01/02/2024) and how to change it.
 */
export function decideDateOrder(col: RawColumn, choice: DateOrder | undefined, before: Column | undefined, decimalComma: boolean): DateOrderDecision {
  if (choice) return { order: choice, chosen: true, note: null };
  const texts = col.storage === 'dict' ? col.dict : [];
  if (before?.type === 'datetime') {
    const kept = before.dateOrder ?? 'ymd';
    if (allDates(texts, kept)) return { order: kept, chosen: false, note: null };
  }
  const read = dateOrderOf(texts, decimalComma);
  if (!read || read.order === 'ymd') return { order: 'ymd', chosen: false, note: null };
  const { order, guessed } = read;
  const other: DateOrder = order === 'dmy' ? 'mdy' : 'dmy';
  const params = { column: col.name, order, example: EXAMPLE[order], other, sample: texts[0], option: shellWord(`${col.name}=${other}`) };
  const note = guessed
    ? issue(
        'info',
        `import.date_order_${order}_assumed`,
        col.name,
        params,
        `Column "${col.name}" holds dates such as ${params.sample} that read both day first and month first; they were taken as ${NAME[order]}, like ${EXAMPLE[order]}${decimalComma ? ', as the file writes numbers with a decimal comma' : ''}. If that is wrong, set the column's date order to ${other} (--date-order ${params.option}).`,
      )
    : issue('info', `import.date_order_${order}`, col.name, params, `Column "${col.name}" holds dates written ${NAME[order]}, like ${EXAMPLE[order]}, so it was read as datetime.`);
  return { order, chosen: false, note };
}
