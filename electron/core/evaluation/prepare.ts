/**
 * Getting the evaluated rows ready: which rows, whether the data suits the model, and the true values.
 */
import { AppError, invalid, type Issue } from '../../../shared/contract/errors.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { LoadedImages, LoadedTable } from '../datasets/types.js';
import type { Predictor, PredictorInput } from './predictor.js';

/** At most this many skipped rows are listed one by one (the count is always complete). */
export const MAX_LISTED = 100;

export interface Skipped {
  /** Row index in the data set version (0-based). */
  row: number;
  message: string;
}

export interface Truth {
  /** Rows of the data set version that are evaluated, in order. */
  rows: Int32Array;
  /** Classification: class index per evaluated row; regression: true value. */
  yTrue: Int32Array | Float64Array;
  skipped: Skipped[];
  skippedCount: number;
}

const NUMERIC = new Set(['numeric', 'boolean', 'datetime']);

/** Every problem that stops this model from scoring this table, each naming the column. */
export function compatibilityIssues(predictor: Predictor, version: DatasetVersion, table: LoadedTable): Issue[] {
  const issues: Issue[] = [];
  const ref = `${version.name}@${version.version}`;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const f of predictor.features) {
    const col = byName.get(f.name);
    if (!col) {
      issues.push({ path: ['dataset', f.name], key: 'evaluate.missing_column', params: { column: f.name, dataset: ref }, message: `Data set ${ref} has no column "${f.name}", which the model reads.` });
      continue;
    }
    const wantNumber = NUMERIC.has(f.type);
    const isNumber = table.values[f.name] instanceof Float64Array;
    if (wantNumber !== isNumber) {
      issues.push({
        path: ['dataset', f.name],
        key: 'evaluate.column_type',
        params: { column: f.name, dataset: ref, expected: f.type, actual: col.type },
        message: `Column "${f.name}" of data set ${ref} is ${col.type}, but the model was trained on it as ${f.type}.`,
      });
    }
  }
  if (!byName.has(predictor.target) || !table.values[predictor.target]) {
    issues.push({
      path: ['dataset', predictor.target],
      key: 'evaluate.missing_target',
      params: { column: predictor.target, dataset: ref },
      message: `Data set ${ref} has no column "${predictor.target}" (the target), so there is nothing to compare the predictions with.`,
    });
  } else if (predictor.task === 'regression' && !(table.values[predictor.target] instanceof Float64Array)) {
    issues.push({ path: ['dataset', predictor.target], key: 'evaluate.target_type', params: { column: predictor.target }, message: `The target "${predictor.target}" of data set ${ref} is not numeric, so a regression model cannot be scored on it.` });
  }
  return issues;
}

/** True values of a table's target for the given rows, leaving out (and listing) rows without a usable one. */
export function tableTruth(predictor: Predictor, table: LoadedTable, candidates: Int32Array): Truth {
  const target = table.values[predictor.target];
  const rows: number[] = [];
  const y: number[] = [];
  const skipped: Skipped[] = [];
  let skippedCount = 0;
  const skip = (row: number, message: string) => {
    skippedCount++;
    if (skipped.length < MAX_LISTED) skipped.push({ row, message });
  };
  const classIndex = predictor.classes ? new Map(predictor.classes.map((c, k) => [c, k])) : null;
  for (const r of candidates) {
    const raw = target[r];
    if (raw === null || (typeof raw === 'number' && Number.isNaN(raw))) {
      skip(r, `the target "${predictor.target}" is missing`);
      continue;
    }
    if (classIndex) {
      const k = classIndex.get(String(raw));
      if (k === undefined) {
        skip(r, `the target "${predictor.target}" is "${String(raw)}", a class the model never saw in training`);
        continue;
      }
      y.push(k);
    } else y.push(raw as number);
    rows.push(r);
  }
  return { rows: Int32Array.from(rows), yTrue: classIndex ? Int32Array.from(y) : Float64Array.from(y), skipped, skippedCount };
}

/** True values of an image data set for the given rows. */
export function imageTruth(predictor: Predictor, images: LoadedImages, candidates: Int32Array): Truth {
  if (!predictor.classes) throw new AppError('invalid_input', 'A regression model cannot be scored on an image data set.');
  const classIndex = new Map(predictor.classes.map((c, k) => [c, k]));
  const rows: number[] = [];
  const y: number[] = [];
  const skipped: Skipped[] = [];
  let skippedCount = 0;
  for (const r of candidates) {
    const label = images.classes[images.labels[r]];
    const k = label === undefined ? undefined : classIndex.get(label);
    if (k === undefined) {
      skippedCount++;
      if (skipped.length < MAX_LISTED) skipped.push({ row: r, message: label === undefined ? 'the image has no class' : `the class "${label}" is one the model never saw in training` });
      continue;
    }
    rows.push(r);
    y.push(k);
  }
  return { rows: Int32Array.from(rows), yTrue: Int32Array.from(y), skipped, skippedCount };
}

export function inputFor(data: { kind: 'table'; table: LoadedTable } | { kind: 'images'; images: LoadedImages }, rows: Int32Array): PredictorInput {
  return data.kind === 'table' ? { kind: 'table', table: data.table, rows } : { kind: 'images', images: data.images, rows };
}

export function assertCompatible(predictor: Predictor, version: DatasetVersion, table: LoadedTable): void {
  const issues = compatibilityIssues(predictor, version, table);
  if (issues.length) throw invalid(issues);
}

/** Checks a prediction output's shape and values before any metric is computed from it. */
export function checkOutput(predictor: Predictor, output: Float64Array, n: number): void {
  const K = predictor.classes?.length ?? 1;
  if (output.length !== n * K) {
    throw new AppError('internal', `The model returned ${output.length} values for ${n} rows; expected ${n * K}.`);
  }
  for (let i = 0; i < output.length; i++) {
    if (!Number.isFinite(output[i])) {
      throw new AppError('invalid_input', `The model produced a non-finite prediction (${output[i]}) for evaluated row ${Math.floor(i / K)}; its weights may have diverged during training.`);
    }
  }
}
