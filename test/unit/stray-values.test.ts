import { describe, expect, it } from 'vitest';
import { cellIssues } from '../../electron/core/datasets/validate-cells.js';
import type { Column } from '../../shared/schemas/dataset.js';

describe('numbers with a few stray values', () => {
  it('names the stray values, not the missing-value tokens a text column keeps in its dictionary', () => {
    // ages with "?" (a default missing-value token: its cells are missing, code -1) and "-" / "unknown" (stray)
    const dict = ['?', '-', 'unknown', ...Array.from({ length: 40 }, (_, i) => String(20 + i))];
    const codes = Int32Array.from([-1, 1, 2, 1, ...Array.from({ length: 40 }, (_, i) => 3 + i)]);
    const table = { rows: codes.length, columns: [{ name: 'age', storage: 'dict' as const, dict, codes }] };
    const issues = cellIssues(table as never, [{ name: 'age', type: 'categorical', role: 'feature' }] as Column[]);
    expect(issues.map((i) => [i.key, i.params.valueList, i.params.count])).toEqual([['validate.stray_values', '"-", "unknown"', 3]]);
  });
});
