/**
 * Whether a model can be evaluated on a data set version, read from the version's schema alone (so
 * eval.start and eval.candidates answer before any job starts): every problem named by column.
 */
import { describe, expect, it } from 'vitest';
import { compatibilityIssues, type ModelSchema } from '../../electron/core/evaluation/prepare.js';
import type { Column, DatasetVersion } from '../../shared/schemas/dataset.js';

const col = (name: string, type: Column['type'], role: Column['role'] = 'feature'): Column => ({ name, type, role, missing: 0 });

function version(columns: Column[], kind: 'table' | 'images' = 'table'): DatasetVersion {
  return {
    id: 'dsv_1',
    datasetId: 'ds_1',
    projectId: 'prj_1',
    name: 'houses',
    version: 2,
    hash: 'h',
    kind,
    rows: 10,
    columns,
    target: null,
    source: 'x.csv',
    createdAt: '2024-01-01T00:00:00Z',
  };
}

const regression: ModelSchema = {
  task: 'regression',
  inputKind: 'tabular',
  target: 'price',
  features: [
    { name: 'rooms', type: 'numeric' },
    { name: 'built', type: 'datetime' },
    { name: 'garden', type: 'boolean' },
    { name: 'town', type: 'categorical' },
  ],
};

describe('compatibilityIssues', () => {
  it('accepts a version whose columns carry the same kind of values (numbers for numeric, boolean and dates; text for categories)', () => {
    const v = version([
      col('id', 'text', 'ignore'),
      col('rooms', 'numeric'),
      col('built', 'numeric'),
      col('garden', 'boolean'),
      col('town', 'text'),
      col('price', 'numeric', 'target'),
    ]);
    expect(compatibilityIssues(regression, v)).toEqual([]);
  });

  it('names every missing or mistyped feature, and a target that is missing', () => {
    const v = version([col('rooms', 'categorical'), col('garden', 'boolean'), col('town', 'numeric')]);
    const issues = compatibilityIssues(regression, v);
    expect(issues.map((i) => [i.key, i.params?.column])).toEqual([
      ['evaluate:issue.column_type', 'rooms'],
      ['evaluate:issue.missing_column', 'built'],
      ['evaluate:issue.column_type', 'town'],
      ['evaluate:issue.missing_target', 'price'],
    ]);
    expect(issues[0]).toMatchObject({
      params: { dataset: 'houses@2', expected: 'numeric', actual: 'categorical' },
      message: 'Column "rooms" of data set houses@2 is categorical, but the model was trained on it as numeric.',
    });
    expect(issues[3].message).toBe('Data set houses@2 has no column "price" (the target), so there is nothing to compare the predictions with.');
  });

  it('refuses a text target for a regression model but takes any target type for a classifier', () => {
    const v = version([col('rooms', 'numeric'), col('built', 'datetime'), col('garden', 'boolean'), col('town', 'categorical'), col('price', 'categorical', 'target')]);
    expect(compatibilityIssues(regression, v)).toEqual([
      expect.objectContaining({ key: 'evaluate:issue.target_type', params: { column: 'price', dataset: 'houses@2', actual: 'categorical' } }),
    ]);
    expect(compatibilityIssues({ ...regression, task: 'multiclass' }, v)).toEqual([]);
  });

  it('refuses images for a table model and a table for an image model', () => {
    const images = version([col('label', 'categorical', 'target')], 'images');
    expect(compatibilityIssues(regression, images)).toEqual([
      expect.objectContaining({ key: 'evaluate:issue.wrong_kind', params: { dataset: 'houses@2', model: 'table', data: 'images' } }),
    ]);
    const imageModel: ModelSchema = { task: 'multiclass', inputKind: 'image', target: 'class', features: [] };
    expect(compatibilityIssues(imageModel, images)).toEqual([]);
    expect(compatibilityIssues(imageModel, version([col('rooms', 'numeric')]))[0]).toMatchObject({ key: 'evaluate:issue.wrong_kind', params: { model: 'images', data: 'table' } });
  });
});
