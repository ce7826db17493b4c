import { shellWord } from '../../shared/shell-word.js';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CellError, readCell } from '../../electron/core/datasets/cells.js';
import type { RawColumn } from '../../electron/core/datasets/columns.js';
import { dateOrderOf, formatDate, parseDate } from '../../electron/core/datasets/dates.js';
import { versionHash } from '../../electron/core/datasets/blob-format.js';
import { decideSchema, firstMisfit, inferType, parseBoolean } from '../../electron/core/datasets/infer.js';
import { numbersOf } from '../../electron/core/datasets/typed.js';
import { fitFeature } from '../../electron/core/training/features.js';
import type { Column } from '../../shared/schemas/dataset.js';
import { columnPrep, prepChoices } from '../../shared/schemas/prep.js';
import { prepFrom } from '../../electron/cli/commands/dataset-prep.js';
import { renderColumns } from '../../electron/cli/commands/dataset-render.js';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, m - 1, d, h, mi, s, ms);

function textColumn(name: string, values: string[]): RawColumn {
  const dict = [...new Set(values)];
  return { name, storage: 'dict', dict, codes: Int32Array.from(values, (v) => dict.indexOf(v)) };
}

describe('parseDate per order', () => {
  it('ymd (the default) reads ISO dates as before and nothing day first', () => {
    expect(parseDate('2024-03-31')).toBe(utc(2024, 3, 31));
    expect(parseDate('2024-03-31 14:05')).toBe(utc(2024, 3, 31, 14, 5));
    expect(parseDate('2024-03-31T14:05:09.250Z')).toBe(utc(2024, 3, 31, 14, 5, 9, 250));
    expect(parseDate('2024-03-31T14:05:00+02:00')).toBe(utc(2024, 3, 31, 12, 5));
    expect(parseDate('31/03/2024')).toBeNaN();
    expect(parseDate('2024-02-30')).toBeNaN();
  });

  it('dmy reads D/M/YYYY and DD/MM/YYYY with /, - or ., with an optional time and zone', () => {
    expect(parseDate('31/12/1970', 'dmy')).toBe(utc(1970, 12, 31));
    expect(parseDate('1/2/2024', 'dmy')).toBe(utc(2024, 2, 1));
    expect(parseDate('01-02-2024', 'dmy')).toBe(utc(2024, 2, 1));
    expect(parseDate('01.02.2024', 'dmy')).toBe(utc(2024, 2, 1));
    expect(parseDate('31/12/2024 14:05', 'dmy')).toBe(utc(2024, 12, 31, 14, 5));
    expect(parseDate('31/12/2024 9:05:30', 'dmy')).toBe(utc(2024, 12, 31, 9, 5, 30));
    expect(parseDate('31/12/2024T14:05:00.5Z', 'dmy')).toBe(utc(2024, 12, 31, 14, 5, 0, 500));
    expect(parseDate('31/12/2024 14:05+01:00', 'dmy')).toBe(utc(2024, 12, 31, 13, 5));
  });

  it('dmy refuses days that do not exist, two-digit years and mixed separators', () => {
    for (const bad of ['31/02/2024', '29/02/2023', '32/01/2024', '00/01/2024', '12/13/2024', '31/12/70', '31/12-2024', '2024-31-12', '31/12/2024 24:00', '31/12/2024 14:60'])
      expect(parseDate(bad, 'dmy'), bad).toBeNaN();
    expect(parseDate('29/02/2024', 'dmy')).toBe(utc(2024, 2, 29));
  });

  it('a day- or month-first column reads an ISO date too (year first: it cannot be mistaken), as a program calling the server sends it', () => {
    expect(parseDate('2024-12-31', 'dmy')).toBe(utc(2024, 12, 31));
    expect(parseDate('2024-12-31T14:05:00Z', 'mdy')).toBe(utc(2024, 12, 31, 14, 5));
    expect(parseDate('31/12/2024', 'ymd')).toBeNaN();
  });

  it('mdy reads the month first', () => {
    expect(parseDate('12/31/1970', 'mdy')).toBe(utc(1970, 12, 31));
    expect(parseDate('2/1/2024 08:30', 'mdy')).toBe(utc(2024, 2, 1, 8, 30));
    expect(parseDate('31/12/1970', 'mdy')).toBeNaN();
    expect(parseDate('02/30/2024', 'mdy')).toBeNaN();
  });

  it('formatDate writes dates that read back in their order', () => {
    for (const ms of [utc(1970, 12, 31), utc(2024, 2, 29, 14, 5, 9, 250)])
      for (const order of ['ymd', 'dmy', 'mdy'] as const) expect(parseDate(formatDate(ms, order), order)).toBe(ms);
    expect(formatDate(utc(1970, 12, 31), 'dmy')).toBe('31/12/1970');
    expect(formatDate(utc(1970, 12, 31), 'ymd')).toBe('1970-12-31T00:00:00.000Z');
  });
});

describe('the import infers a date order', () => {
  it('a first part above 12 means day first; a second part above 12 means month first', () => {
    expect(dateOrderOf(['31/12/2024', '01/02/2024'], false)).toEqual({ order: 'dmy', guessed: false });
    expect(dateOrderOf(['12/31/2024', '01/02/2024'], true)).toEqual({ order: 'mdy', guessed: false });
  });

  it('when every value reads both ways, day first for a decimal-comma file, else month first, as a guess', () => {
    expect(dateOrderOf(['01/02/2024', '03/04/2024'], true)).toEqual({ order: 'dmy', guessed: true });
    expect(dateOrderOf(['01/02/2024', '03/04/2024'], false)).toEqual({ order: 'mdy', guessed: true });
  });

  it('ISO stays ISO; ISO beside day-first dates is day first; mixed orders and impossible dates are not dates', () => {
    expect(dateOrderOf(['2024-01-02', '2024-12-31'], true)).toEqual({ order: 'ymd', guessed: false });
    expect(dateOrderOf(['2024-01-02', '31/12/2024'], true)).toEqual({ order: 'dmy', guessed: false });
    expect(dateOrderOf(['31/12/2024', '12/31/2024'], true)).toBeNull();
    expect(dateOrderOf(['31/02/2024'], true)).toBeNull();
    expect(inferType(textColumn('d', ['2024-01-02', '31/12/2024']))).toBe('datetime');
    expect(inferType(textColumn('d', ['2024-01-02', 'soon']))).toBe('categorical');
    expect(inferType(textColumn('d', ['31/12/2024', '01/01/2025']))).toBe('datetime');
  });

  it('decideSchema makes the column datetime with its order and a note naming it (and saying when it was assumed)', () => {
    const table = { rows: 3, columns: [textColumn('fecha', ['31/12/1970', '01/02/2024', '15/06/2000']), textColumn('iso', ['2024-01-02', '2024-01-03', '2024-01-04'])] };
    const s = decideSchema(table, { source: 'ventas.csv', target: null });
    expect(s.columns[0]).toMatchObject({ type: 'datetime', dateOrder: 'dmy' });
    expect(s.columns[1].type).toBe('datetime');
    expect('dateOrder' in s.columns[1]).toBe(false);
    expect(s.warnings.map((w) => w.key)).toEqual(['import.date_order_dmy']);
    expect(s.warnings[0].message).toContain('"fecha"');

    const ambiguous = { rows: 2, columns: [textColumn('fecha', ['01/02/2024', '03/04/2024'])] };
    const es = decideSchema(ambiguous, { source: 'a.csv', target: null, decimalComma: true });
    expect(es.columns[0].dateOrder).toBe('dmy');
    expect(es.warnings[0]).toMatchObject({ key: 'import.date_order_dmy_assumed', params: { column: 'fecha', other: 'mdy' } });
    expect(es.warnings[0].message).toContain('--date-order fecha=mdy');
    const us = decideSchema(ambiguous, { source: 'a.csv', target: null });
    expect(us.columns[0].dateOrder).toBe('mdy');
    expect(us.warnings[0].key).toBe('import.date_order_mdy_assumed');
    const spaced = decideSchema({ rows: 2, columns: [textColumn('Fecha de alta', ['01/02/2024', '03/04/2024'])] }, { source: 'a.csv', target: null, decimalComma: true });
    expect(spaced.warnings[0].params.option).toBe('"Fecha de alta=mdy"');
    expect(spaced.warnings[0].message).toContain('--date-order "Fecha de alta=mdy"');
  });

  it('the user names the order (a date order alone makes the column a date); a value that does not fit names the expected format', () => {
    const table = { rows: 2, columns: [textColumn('fecha', ['01/02/2024', '03/04/2024'])] };
    const s = decideSchema(table, { source: 'a.csv', target: null, prep: { fecha: { dateOrder: 'dmy' } } });
    expect(s.columns[0]).toMatchObject({ type: 'datetime', dateOrder: 'dmy' });
    expect(s.warnings).toEqual([]);
    const bad = { rows: 2, columns: [textColumn('fecha', ['31/12/2024', '12/31/2024'])] };
    expect(() => decideSchema(bad, { source: 'a.csv', target: null, types: { fecha: 'datetime' }, prep: { fecha: { dateOrder: 'dmy' } } })).toThrow(
      /data row 2 of a.csv holds "12\/31\/2024", which is not a day-first date such as 31\/12\/2024/,
    );
    expect(firstMisfit(bad.columns[0], 'datetime', 'mdy')).toEqual({ row: 0, value: '31/12/2024' });
    expect(() => decideSchema(table, { source: 'a.csv', target: null, types: { fecha: 'categorical' }, prep: { fecha: { dateOrder: 'dmy' } } })).toThrow(/not a date/);
  });

  it('a new version keeps the previous order while it fits', () => {
    const table = { rows: 2, columns: [textColumn('fecha', ['01/02/2024', '03/04/2024'])] };
    const previous: Column = { name: 'fecha', type: 'datetime', role: 'feature', missing: 0, dateOrder: 'dmy' };
    const s = decideSchema(table, { source: 'a.csv', target: null, previous: { columns: [previous], target: null } });
    expect(s.columns[0].dateOrder).toBe('dmy');
    expect(s.warnings).toEqual([]);
  });
});

describe('the one cell reader and typed values read the order', () => {
  it('readCell reads a dmy cell, and names the expected format when it does not fit', () => {
    const spec = { name: 'fecha', type: 'datetime' as const, missingTokens: ['NA'], dateOrder: 'dmy' as const };
    expect(readCell('31/12/1970', spec)).toBe(utc(1970, 12, 31));
    expect(readCell(' NA ', spec)).toBeNaN();
    expect(readCell('1970-12-31', spec)).toBe(utc(1970, 12, 31));
    expect(() => readCell('12/31/1970', spec)).toThrow(CellError);
    try {
      readCell('12/31/1970', spec);
    } catch (err) {
      expect(err).toMatchObject({ code: 'row.not_date_dmy', params: { column: 'fecha', value: '12/31/1970' } });
      expect((err as Error).message).toContain('day-first date (such as 31/12/2024');
    }
    expect(readCell('1970-12-31', { ...spec, dateOrder: undefined })).toBe(utc(1970, 12, 31));
  });

  it('numbersOf gives epoch ms for the column order', () => {
    expect(Array.from(numbersOf(textColumn('f', ['31/12/1970', '01/01/1971']), 'datetime', false, 'dmy'))).toEqual([utc(1970, 12, 31), utc(1971, 1, 1)]);
  });
});

describe('Spanish boolean words', () => {
  it('sí, si, verdadero and falso, in any case; no stays false; other letters are not booleans', () => {
    for (const t of ['sí', 'Sí', 'SÍ', 'si', 'SI', 'verdadero', 'Verdadero', 'yes', 'true']) expect(parseBoolean(t), t).toBe(1);
    for (const t of ['no', 'No', 'falso', 'FALSO', 'n', 'false']) expect(parseBoolean(t), t).toBe(0);
    for (const t of ['s', 'v', 'nope', 'sip']) expect(parseBoolean(t), t).toBeNaN();
    expect(inferType(textColumn('vip', ['sí', 'no', 'no']))).toBe('boolean');
    expect(readCell('Sí', { name: 'vip', type: 'boolean', missingTokens: [] })).toBe(1);
  });
});

describe('versions and hashes without a date order are unchanged', () => {
  it('an ISO date column has no date order in its preparation choices or its version hash', () => {
    const iso: Column = { name: 'd', type: 'datetime', role: 'feature', missing: 0, dateHandling: 'parts' };
    expect(columnPrep(iso).dateOrder).toBe('ymd');
    expect(prepChoices(iso)).toBeNull();
    expect(prepChoices({ ...iso, dateOrder: 'ymd' })).toBeNull();
    expect(prepChoices({ ...iso, dateOrder: 'dmy' })).toEqual({ dateOrder: 'dmy' });
    // the hash as it was computed before date orders existed
    const before = crypto
      .createHash('sha256')
      .update(JSON.stringify({ data: 'abc', schema: [['d', 'datetime', 'feature']], target: null }))
      .digest('hex');
    expect(versionHash('abc', [iso], null)).toBe(before);
    expect(versionHash('abc', [{ ...iso, dateOrder: 'ymd' }], null)).toBe(before);
    expect(versionHash('abc', [{ ...iso, dateOrder: 'dmy' }], null)).not.toBe(before);
  });

  it("a model package's ISO date feature has no date order (packages as before); a day-first one keeps it", () => {
    const values = Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1)]);
    const train = Int32Array.from([0, 1]);
    const iso: Column = { name: 'd', type: 'datetime', role: 'feature', missing: 0, dateHandling: 'parts' };
    expect('dateOrder' in fitFeature(iso, values, train)).toBe(false);
    expect(fitFeature({ ...iso, dateOrder: 'dmy' }, values, train)).toMatchObject({ kind: 'date', dateOrder: 'dmy' });
    expect(fitFeature({ ...iso, dateOrder: 'mdy', dateHandling: 'raw' }, values, train)).toMatchObject({ kind: 'numeric', dateOrder: 'mdy' });
  });
});

describe('the CLI and the Data phase say the order', () => {
  it('--date-order COL=dmy|mdy|ymd, with the error style of --date', () => {
    expect(prepFrom({ dateOrder: ['fecha=dmy', 'when=MDY'] })).toEqual({ fecha: { dateOrder: 'dmy' }, when: { dateOrder: 'mdy' } });
    expect(() => prepFrom({ dateOrder: ['fecha=dd/mm', 'x'] })).toThrow(
      /--date-order "fecha=dd\/mm": VALUE must be one of ymd, dmy, mdy[\s\S]*--date-order "x" must look like COLUMN=VALUE/,
    );
  });

  it('the schema table shows a day-first column beside its handling, and nothing more for ISO', () => {
    const fecha: Column = { name: 'fecha', type: 'datetime', role: 'feature', missing: 0, dateHandling: 'parts', dateOrder: 'dmy' };
    const iso: Column = { name: 'iso', type: 'datetime', role: 'feature', missing: 0, dateHandling: 'parts' };
    const shown = renderColumns({ columns: [fecha, iso] } as never);
    expect(shown).toContain('parts, day/month/year');
    expect(
      shown
        .split('\n')
        .find((l) => l.startsWith('iso'))
        ?.trimEnd(),
    ).toMatch(/parts$/);
  });
});

describe('suggested command lines', () => {
  it('quote a name with spaces so that the hint can be copied as it is', () => {
    expect(shellWord('visited')).toBe('visited');
    expect(shellWord('Fecha de alta=mdy')).toBe('"Fecha de alta=mdy"');
    expect(shellWord('say "hi" $HOME')).toBe('"say \\"hi\\" \\$HOME"');
  });
});
