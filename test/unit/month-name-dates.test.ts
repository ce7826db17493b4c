import { describe, expect, it } from 'vitest';
import { dateOrderOf, parseDate, shortYearDates } from '../../electron/core/datasets/dates.js';
import { cellIssues } from '../../electron/core/datasets/validate-cells.js';
import type { Column } from '../../shared/schemas/dataset.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe('dates written with the name of their month (English and Spanish)', () => {
  it('reads day-first and month-first forms, abbreviated or whole, with an optional time, in any column order', () => {
    const cases: [string, number][] = [
      ['01-May-2024', utc(2024, 5, 1)],
      ['1 May 2024', utc(2024, 5, 1)],
      ['1/may/2024', utc(2024, 5, 1)],
      ['1 de mayo de 2024', utc(2024, 5, 1)],
      ['12 dic. 2023 09:05:30', utc(2023, 12, 12, 9, 5, 30)],
      ['1-ene-2024', utc(2024, 1, 1)],
      ['4 sept. 2024', utc(2024, 9, 4)],
      ['May 01, 2024', utc(2024, 5, 1)],
      ['Sep 4, 2024 13:45', utc(2024, 9, 4, 13, 45)],
      ['September 4th, 2024', utc(2024, 9, 4)],
      ['Mayo 3 2024', utc(2024, 5, 3)],
      ['  MAR  3,  2024', NaN], // the cell reader trims; parseDate takes the trimmed text
      ['MAR  3,  2024', utc(2024, 3, 3)],
    ];
    for (const [text, ms] of cases) for (const order of ['ymd', 'dmy', 'mdy'] as const) expect([text, order, parseDate(text, order)]).toEqual([text, order, ms]);
  });

  it('refuses days that do not exist, unknown month words, two-digit years and a month without a day', () => {
    for (const text of ['31-Feb-2024', '1 Foo 2024', '1 May 24', 'May 2024', 'May', '2024 May 1', '1 May 2024 25:00', 'Mayday 1, 2024'])
      expect([text, parseDate(text, 'dmy')]).toEqual([text, NaN]);
  });

  it('a column of them is a date column in ISO order (no order to choose: the month name says which part is which)', () => {
    expect(dateOrderOf(['07-Mar-2004', 'Mar 7, 2004', '7 Mar 2004', '2004-03-07'], false)).toEqual({ order: 'ymd', guessed: false });
    expect(dateOrderOf(['07-Mar-2004', '13/03/2004'], false)).toEqual({ order: 'dmy', guessed: false });
  });
});

describe('dates with two-digit years', () => {
  it('are not read as dates; the data checks name the column and say how to write them', () => {
    expect(shortYearDates(['01/19/24', '06/03/24', 'NA', '12.31.99 14:05'], (v) => v === 'NA')).toEqual(['01/19/24', '06/03/24', '12.31.99 14:05']);
    expect(shortYearDates(['01/19/2024', '06/03/24'])).toBeNull();
    expect(shortYearDates(['1/2/3x'])).toBeNull();
    const dict = ['01/19/24', '06/03/24', '11/30/23'];
    const table = { rows: 3, columns: [{ name: 'last visit', storage: 'dict' as const, dict, codes: Int32Array.from([0, 1, 2]) }] };
    const issues = cellIssues(table as never, [{ name: 'last visit', type: 'text', role: 'ignore' }] as Column[]);
    expect(issues.map((i) => [i.key, i.column, i.params.examples])).toEqual([['validate.two_digit_years', 'last visit', '"01/19/24", "06/03/24", "11/30/23"']]);
    expect(parseDate('01/19/24', 'mdy')).toBeNaN();
  });
});
