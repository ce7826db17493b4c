import { describe, expect, it } from 'vitest';
import { formattedNumbers, isFormattedNumber } from '../../electron/core/datasets/formatted-numbers.js';
import { cellIssues } from '../../electron/core/datasets/validate-cells.js';
import type { Column } from '../../shared/schemas/dataset.js';

describe('numbers written for people (currency, percent, thousands separators)', () => {
  it('recognises the common spreadsheet formats, and not plain numbers, words, dates or codes', () => {
    for (const cell of ['$114.53', '$1,204.00', '-$5', '$-5', '€12', '12€', '£ 3.50', '12%', '-0.5%', '1,234', '1,234,567.89', '(1,234.00)', ' $7 '])
      expect([cell, isFormattedNumber(cell)]).toEqual([cell, true]);
    for (const cell of ['114.53', '-3', '', 'abc', '12,34', '1,2345', '2024-01-31', '31/12/2024', 'A12', '$', '%', '12%%', 'US$5', '1.234,5'])
      expect([cell, isFormattedNumber(cell)]).toEqual([cell, false]);
  });

  it('flags a column of mostly formatted numbers with a few examples, and not one of words', () => {
    expect(formattedNumbers(['$114.53', '$1,204.00', 'N/A', '$30.15', '$59.90'], (v) => v === 'N/A')).toEqual({ examples: ['$114.53', '$1,204.00', '$30.15'], count: 4 });
    expect(formattedNumbers(['0%', '5%', '10%', '15'])).toEqual({ examples: ['0%', '5%', '10%'], count: 3 });
    expect(formattedNumbers(['Basic', 'Pro', '$5'])).toBeNull();
    expect(formattedNumbers(['1', '2', '3'])).toBeNull();
  });

  it('is a warning naming the column, how it was read and how to fix the file', () => {
    const dict = (name: string, values: string[]) => ({ name, storage: 'dict' as const, dict: values, codes: Int32Array.from(values.map((_, i) => i)) });
    const table = { rows: 3, columns: [dict('charge', ['$114.53', '$1,204.00', '$30.15']), dict('discount', ['0%', '5%', '10%'])] };
    const columns = [
      { name: 'charge', type: 'text', role: 'ignore' },
      { name: 'discount', type: 'categorical', role: 'feature' },
    ] as Column[];
    const issues = cellIssues(table as never, columns);
    expect(issues.map((i) => [i.key, i.column])).toEqual([
      ['validate.formatted_numbers_text', 'charge'],
      ['validate.formatted_numbers', 'discount'],
    ]);
    expect(issues[0].message).toBe(
      'Column "charge" holds numbers written with currency or percent signs or thousands separators ("$114.53", "$1,204.00", "$30.15"), so it was read as text and is left out of the features. Ciclo reads plain numbers such as 1204.5: write them that way in the source file (in a spreadsheet, a number format without symbols) and import it again.',
    );
  });
});
