/**
 * Streaming CSV prediction with a small hand-written model (so the test is about the file handling):
 * class "hi" gets probability x / 10, clamped, for a numeric column x; a regression model returns 2x.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, dotDecimal, predictCsv } from '../../electron/core/evaluation/predict-csv.js';
import type { Predictor } from '../../electron/core/evaluation/model-source.js';
import { tempDir } from '../helpers/workspace.js';
import { CellError, matcherFor, readCell } from '../../electron/core/datasets/cells.js';

const dir = tempDir('ciclo-predict-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function model(task: 'binary' | 'regression', fail = false): Predictor {
  return {
    runId: 'run_test',
    task,
    classes: task === 'binary' ? ['lo', 'hi'] : null,
    target: 'y',
    inputKind: 'tabular',
    features: [
      { name: 'x', type: 'numeric' },
      { name: 'color', type: 'categorical' },
    ],
    paramCount: 3,
    sizeBytes: 100,
    backend: 'cpu',
    predict: () => Promise.reject(new Error('not used')),
    async predictRows(rows) {
      if (fail) throw new Error('the model broke');
      const rejected: { index: number; reason: string; code: string; params: Record<string, string> }[] = [];
      const out: number[] = [];
      rows.forEach((r, i) => {
        const x = r.x.trim() === '' ? 0 : Number(r.x);
        if (!Number.isFinite(x)) {
          rejected.push({ index: i, reason: `column "x": "${r.x}" is not a number`, code: 'row.not_number', params: { column: 'x', value: r.x } });
          out.push(...(task === 'binary' ? [NaN, NaN] : [NaN]));
        } else if (task === 'binary') {
          const p = Math.min(1, Math.max(0, x / 10));
          out.push(1 - p, p);
        } else out.push(2 * x);
      });
      return { output: Float64Array.from(out), rejected };
    },
    dispose: () => undefined,
  };
}

const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('predictCsv', () => {
  it('writes every row back, quoted as needed, with the label and one probability per class', async () => {
    const input = write('a.csv', 'id,x,color,note\n1,2,red,"has, comma"\n2,9,"bl""ue","two\nlines"\n3,oops,red,\n');
    const out = path.join(dir, 'a-out.csv');
    const r = await predictCsv(model('binary'), input, out);
    expect(r).toMatchObject({ rows: 3, scored: 2, failed: 1, addedColumns: ['predicted_y', 'proba_lo', 'proba_hi'] });
    // in English for the CLI, and as a code with params that the app translates
    expect(r.errors).toEqual([{ line: 5, message: 'a.csv line 5: column "x": "oops" is not a number', code: 'row.not_number', params: { column: 'x', value: 'oops' } }]);
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.id, x.note, x.color, x.predicted_y, x.proba_hi])).toEqual([
      ['1', 'has, comma', 'red', 'lo', '0.2'],
      ['2', 'two\nlines', 'bl"ue', 'hi', '0.9'],
      ['3', '', 'red', '', ''],
    ]);
  });

  it('gives rows with the wrong number of fields a code and the counts', async () => {
    const input = write('fields.csv', 'id,x,color\n1,2,red,extra\n2\n3,4,blue\n');
    const r = await predictCsv(model('binary'), input, path.join(dir, 'fields-out.csv'));
    expect(r).toMatchObject({ rows: 3, scored: 1, failed: 2 });
    expect(r.errors).toEqual([
      { line: 2, message: 'fields.csv line 2: the row has 4 fields but the header has 3', code: 'row.too_many_fields', params: { fields: 4, header: 3 } },
      {
        line: 3,
        message: 'fields.csv line 3: no value for column "x", "color" (the row has 1 fields, the header 3)',
        code: 'row.absent_columns',
        params: { columns: 'x, color', count: 2, fields: 1, header: 3 },
      },
    ]);
  });

  it('the cell reader names each problem with a code and params (the codes the app translates)', () => {
    const why = (value: unknown, type: 'numeric' | 'datetime' | 'boolean') => {
      try {
        readCell(value, { name: 'edad', type, missingTokens: [] }, matcherFor([]));
      } catch (err) {
        return { code: (err as CellError).code, params: (err as CellError).params };
      }
      return null;
    };
    expect(why('doce', 'numeric')).toEqual({ code: 'row.not_number', params: { column: 'edad', value: 'doce' } });
    expect(why('ayer', 'datetime')).toEqual({ code: 'row.not_date', params: { column: 'edad', value: 'ayer' } });
    expect(why('quizá', 'boolean')).toEqual({ code: 'row.not_boolean', params: { column: 'edad', value: 'quizá' } });
    expect(why({}, 'numeric')).toEqual({ code: 'row.wrong_kind', params: { column: 'edad', kind: 'object', type: 'numeric' } });
  });

  it('keeps the input delimiter and avoids clashing with existing column names', async () => {
    const input = write('b.csv', 'x;color;predicted_y\n4;red;old\n');
    const out = path.join(dir, 'b-out.csv');
    const r = await predictCsv(model('regression'), input, out);
    expect(r.addedColumns).toEqual(['predicted_y_2']);
    expect(fs.readFileSync(out, 'utf8')).toBe('x;color;predicted_y;predicted_y_2\n4;red;old;8\n');
  });

  it('reads a spreadsheet export: UTF-8 BOM, CRLF, quoted fields over several lines, ";" and decimal commas', async () => {
    const text = '\uFEFFid;x;color;note\r\n1;"2,5";red;"first\r\nsecond\r\nthird"\r\n2;oops;"bl;ue";plain\r\n\r\n3;1.234,5;red;"a\r\nb"\r\n4;x;red;\r\n';
    const input = write('excel.csv', text);
    const out = path.join(dir, 'excel-out.csv');
    const r = await predictCsv(model('regression'), input, out);
    expect(r).toMatchObject({ rows: 4, scored: 2, failed: 2, addedColumns: ['predicted_y'] });
    // the line each bad record starts on, counting the lines inside quoted fields and the empty line
    expect(r.errors).toEqual([
      { line: 5, message: 'excel.csv line 5: column "x": "oops" is not a number', code: 'row.not_number', params: { column: 'x', value: 'oops' } },
      { line: 9, message: 'excel.csv line 9: column "x": "x" is not a number', code: 'row.not_number', params: { column: 'x', value: 'x' } },
    ]);
    const written = fs.readFileSync(out, 'utf8');
    expect(written.startsWith('\uFEFFid;x;color;note;predicted_y\r\n')).toBe(true); // BOM and CRLF kept
    const rows = parse(written, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.id, x.x, x.note, x.predicted_y])).toEqual([
      ['1', '2,5', 'first\r\nsecond\r\nthird', '5'],
      ['2', 'oops', 'plain', ''],
      ['3', '1.234,5', 'a\r\nb', '2469'],
      ['4', 'x', '', ''],
    ]);
  });

  it('writes its probabilities with a decimal comma when the file writes its numbers so, with a dot otherwise', async () => {
    const comma = await predictCsv(model('binary'), write('es.csv', 'x;color\n2,5;red\n9;blue\n'), path.join(dir, 'es-out.csv'));
    expect(comma.scored).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'es-out.csv'), 'utf8')).toBe('x;color;predicted_y;proba_lo;proba_hi\n2,5;red;lo;0,75;0,25\n9;blue;hi;0,09999999999999998;0,9\n');
    // the same delimiter with whole numbers only: nothing says commas, so dots as everywhere else
    await predictCsv(model('binary'), write('semi.csv', 'x;color\n2;red\n'), path.join(dir, 'semi-out.csv'));
    expect(fs.readFileSync(path.join(dir, 'semi-out.csv'), 'utf8')).toBe('x;color;predicted_y;proba_lo;proba_hi\n2;red;lo;0.8;0.2\n');
  });

  it('reads a decimal comma only where it cannot be a delimiter', () => {
    expect(dotDecimal('7,2')).toBe('7.2');
    expect(dotDecimal(' -1.234,5 ')).toBe('-1234.5');
    expect(dotDecimal('1.5')).toBe('1.5');
    expect(dotDecimal('1,2,3')).toBe('1,2,3');
  });

  it('streams a large file in chunks', async () => {
    const n = 30_000;
    const lines = ['x,color'];
    for (let i = 0; i < n; i++) lines.push(`${i % 10},c${i % 7}`);
    const input = write('big.csv', lines.join('\n') + '\n');
    const out = path.join(dir, 'big-out.csv');
    const r = await predictCsv(model('binary'), input, out);
    expect(r).toMatchObject({ rows: n, scored: n, failed: 0 });
    const text = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(text).toHaveLength(n + 1);
    expect(text[n]).toBe(`9,c${(n - 1) % 7},hi,0.09999999999999998,0.9`);
  });

  it('leaves no output behind when scoring fails, and refuses bad files with their name', async () => {
    const input = write('c.csv', 'x,color\n1,red\n');
    const out = path.join(dir, 'c-out.csv');
    await expect(predictCsv(model('binary', true), input, out)).rejects.toThrow('the model broke');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('c-out'))).toEqual([]);
    await expect(predictCsv(model('binary'), path.join(dir, 'none.csv'), out)).rejects.toThrow(/Cannot read .*none\.csv/);
    await expect(predictCsv(model('binary'), write('d.csv', 'color\nred\n'), out)).rejects.toThrow('d.csv line 1: the header has no column "x"');
    await expect(predictCsv(model('binary'), input, input)).rejects.toThrow('The output file must differ from the input file.');
  });

  it('quotes cells the way CSV readers expect', () => {
    expect(csvCell('plain', ',')).toBe('plain');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('a;b', ',')).toBe('a;b');
    expect(csvCell('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvCell(' padded', ',')).toBe('" padded"');
  });
});
