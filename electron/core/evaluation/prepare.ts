/**
 * Getting the evaluated rows ready: which rows, whether the data suits the model, and the true values.
 */
import { invalid, type Issue } from '../../../shared/contract/errors.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { LoadedImages, LoadedTable } from '../datasets/types.js';
import type { ModelFeature, Predictor, PredictorInput, Rejection } from './model-source.js';
import { evalKey, keyedError, keyedIssue } from './texts.js';

/** At most this many skipped rows are listed one by one (the count is always complete). */
export const MAX_LISTED = 100;

export interface Skipped {
  /** Row index in the data set version (0-based). */
  row: number;
  message: string;
  /** The same as an i18n key (namespace-qualified) with its params. */
  key: string;
  params: Record<string, unknown>;
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

/** What a compatibility check needs to know about a model (from the run, without loading the model). */
export interface ModelSchema {
  task: 'binary' | 'multiclass' | 'regression';
  inputKind: 'tabular' | 'image';
  target: string;
  features: ModelFeature[];
}

const issue = (column: string, key: string, params: Record<string, unknown>, message: string): Issue => keyedIssue(key, params, message, ['dataset', column]);

/**
 * Every problem that stops this model from being evaluated on this data set version, each naming the
 * column: a feature it reads that is missing or of an unusable type, a missing target (or a regression
 * target that is not numeric), or the wrong kind of data (images for a table model or the reverse).
 * Read from the version's schema only, so it is cheap enough to answer before a job starts.
 */
export function compatibilityIssues(model: ModelSchema, version: DatasetVersion): Issue[] {
  const ref = `${version.name}@${version.version}`;
  if ((model.inputKind === 'image') !== (version.kind === 'images')) {
    const modelReads = model.inputKind === 'image' ? 'images' : 'table';
    return [
      {
        path: ['dataset'],
        key: evalKey('issue.wrong_kind'),
        params: { dataset: ref, model: modelReads, data: version.kind },
        message: `Data set ${ref} holds ${version.kind === 'images' ? 'images' : 'a table'}, but the model reads ${modelReads === 'images' ? 'images' : 'table rows'}.`,
      },
    ];
  }
  if (version.kind === 'images') return [];
  const issues: Issue[] = [];
  const byName = new Map(version.columns.map((c) => [c.name, c]));
  for (const f of model.features) {
    const col = byName.get(f.name);
    if (!col) {
      issues.push(issue(f.name, 'issue.missing_column', { column: f.name, dataset: ref }, `Data set ${ref} has no column "${f.name}", which the model reads.`));
    } else if (NUMERIC.has(f.type) !== NUMERIC.has(col.type)) {
      issues.push(
        issue(
          f.name,
          'issue.column_type',
          { column: f.name, dataset: ref, expected: f.type, actual: col.type },
          `Column "${f.name}" of data set ${ref} is ${col.type}, but the model was trained on it as ${f.type}.`,
        ),
      );
    }
  }
  const target = byName.get(model.target);
  if (!target) {
    issues.push(
      issue(
        model.target,
        'issue.missing_target',
        { column: model.target, dataset: ref },
        `Data set ${ref} has no column "${model.target}" (the target), so there is nothing to compare the predictions with.`,
      ),
    );
  } else if (model.task === 'regression' && !NUMERIC.has(target.type)) {
    issues.push(
      issue(
        model.target,
        'issue.target_type',
        { column: model.target, dataset: ref, actual: target.type },
        `The target "${model.target}" of data set ${ref} is ${target.type}, not numeric, so a regression model cannot be scored on it.`,
      ),
    );
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
  const skip = (row: number, key: string, params: Record<string, unknown>, message: string) => {
    skippedCount++;
    if (skipped.length < MAX_LISTED) skipped.push({ row, message, key: evalKey(key), params });
  };
  const classIndex = predictor.classes ? new Map(predictor.classes.map((c, k) => [c, k])) : null;
  for (const r of candidates) {
    const raw = target[r];
    if (raw === null || (typeof raw === 'number' && Number.isNaN(raw))) {
      skip(r, 'skip.target_missing', { column: predictor.target }, `the target "${predictor.target}" is missing`);
      continue;
    }
    if (classIndex) {
      const k = classIndex.get(String(raw));
      if (k === undefined) {
        skip(
          r,
          'skip.unknown_class',
          { column: predictor.target, value: String(raw) },
          `the target "${predictor.target}" is "${String(raw)}", a class the model never saw in training`,
        );
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
  if (!predictor.classes) throw keyedError('invalid_input', 'error.regression_on_images', {}, 'A regression model cannot be scored on an image data set.');
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
      if (skipped.length < MAX_LISTED) {
        skipped.push(
          label === undefined
            ? { row: r, message: 'the image has no class', key: evalKey('skip.no_class'), params: {} }
            : { row: r, message: `the class "${label}" is one the model never saw in training`, key: evalKey('skip.unknown_image_class'), params: { value: label } },
        );
      }
      continue;
    }
    rows.push(r);
    y.push(k);
  }
  return { rows: Int32Array.from(rows), yTrue: Int32Array.from(y), skipped, skippedCount };
}

/**
 * Leaves out (and lists) the rows the model cannot read: a cell that its own tokens and column type do not
 * accept (text in a column it reads as numbers), as `ciclo predict` would reject the same row of a file.
 */
export function dropUnreadable(truth: Truth, rejected: Rejection[]): Truth {
  if (!rejected.length) return truth;
  const gone = new Set(rejected.map((r) => r.index));
  const skipped = [...truth.skipped];
  for (const r of rejected) {
    if (skipped.length >= MAX_LISTED) break;
    const row = truth.rows[r.index];
    skipped.push({ row, message: `the model cannot read it: ${r.reason}`, key: evalKey('skip.unreadable'), params: { reason: r.reason } });
  }
  const keep = (_: number, i: number) => !gone.has(i);
  const yTrue = truth.yTrue instanceof Int32Array ? Int32Array.from(Array.from(truth.yTrue).filter(keep)) : Float64Array.from(Array.from(truth.yTrue).filter(keep));
  return { rows: Int32Array.from(Array.from(truth.rows).filter(keep)), yTrue, skipped: skipped.sort((a, b) => a.row - b.row), skippedCount: truth.skippedCount + gone.size };
}

export function inputFor(data: { kind: 'table'; table: LoadedTable } | { kind: 'images'; images: LoadedImages }, rows: Int32Array): PredictorInput {
  return data.kind === 'table' ? { kind: 'table', table: data.table, rows } : { kind: 'images', images: data.images, rows };
}

export function assertCompatible(model: ModelSchema, version: DatasetVersion): void {
  const issues = compatibilityIssues(model, version);
  if (issues.length) throw invalid(issues);
}

/** Checks a prediction output's shape and values before any metric is computed from it. */
export function checkOutput(predictor: Predictor, output: Float64Array, n: number): void {
  const K = predictor.classes?.length ?? 1;
  if (output.length !== n * K) {
    throw keyedError(
      'internal',
      'error.output_shape',
      { values: output.length, rows: n, expected: n * K },
      `The model returned ${output.length} values for ${n} rows; expected ${n * K}.`,
    );
  }
  for (let i = 0; i < output.length; i++) {
    if (!Number.isFinite(output[i])) {
      const row = Math.floor(i / K);
      throw keyedError(
        'invalid_input',
        'error.non_finite',
        { value: String(output[i]), row },
        `The model produced a non-finite prediction (${output[i]}) for evaluated row ${row}; its weights may have diverged during training.`,
      );
    }
  }
}
