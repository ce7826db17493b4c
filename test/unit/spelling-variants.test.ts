import { describe, expect, it } from 'vitest';
import { spellingVariants } from '../../electron/core/datasets/spelling-variants.js';
import { cellIssues } from '../../electron/core/datasets/validate-cells.js';
import type { Column } from '../../shared/schemas/dataset.js';

describe('categories written more than one way', () => {
  it('groups values that differ only in case or spaces, not in accents', () => {
    expect(spellingVariants(['Basic', 'Pro', 'basic', 'PRO', 'Enterprise', ' basic ', 'São  Paulo', 'são paulo', 'si', 'sí'])).toEqual([
      ['Basic', 'basic', ' basic '],
      ['Pro', 'PRO'],
      ['São  Paulo', 'são paulo'],
    ]);
    expect(spellingVariants(['a', 'b', 'c'])).toEqual([]);
    // missing-value tokens are not categories
    expect(spellingVariants(['NA', 'na', 'x'], (v) => v === 'NA' || v === 'na')).toEqual([]);
  });

  it('is a warning naming the column and its spellings; for the target it speaks of classes', () => {
    const dict = (name: string, values: string[], codes: number[]) => ({ name, storage: 'dict' as const, dict: values, codes: Int32Array.from(codes) });
    const table = {
      rows: 4,
      columns: [dict('plan', ['Basic', 'basic', 'Pro'], [0, 1, 2, 0]), dict('churned', ['Yes', 'yes', 'No', 'NA'], [0, 1, 2, 3]), dict('city', ['Lima', 'LIMA'], [0, 1, 0, 1])],
    };
    const columns = [
      { name: 'plan', type: 'categorical', role: 'feature' },
      { name: 'churned', type: 'categorical', role: 'target' },
      { name: 'city', type: 'categorical', role: 'ignore' },
    ] as Column[];
    const issues = cellIssues(table as never, columns).filter((i) => i.key.endsWith('_variants'));
    expect(issues.map((i) => [i.key, i.column, i.params.list])).toEqual([
      ['validate.category_variants', 'plan', '"Basic" / "basic"'],
      ['validate.class_variants', 'churned', '"Yes" / "yes"'],
    ]);
    expect(issues[1].message).toBe(
      'Column "churned" has values that differ only in upper and lower case or spaces: "Yes" / "yes". To a model they are different classes; if they mean the same, write them one way in the source file and import it again.',
    );
  });
});
