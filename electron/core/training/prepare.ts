import { AppError, invalid } from '../../../shared/contract/errors.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { Hyperparameters, InputKind } from '../../../shared/schemas/training.js';
import type { DatasetAccess, SplitIndices } from '../datasets/types.js';
import {
  applyTargetOptions,
  encodeImages,
  encodeTable,
  fitImagePreprocessing,
  fitTablePreprocessing,
  targetForward,
  type Encoded,
  type Preprocessing,
  type TargetOptions,
} from './preprocess.js';
import type { TrainData } from './trainer.js';

/**
 * From a data set version and a split to the arrays the worker trains on: preprocessing learnt on the
 * training rows only, then training and validation rows encoded. Rows whose target is missing are left out.
 */

export interface Prepared {
  preprocessing: Preprocessing;
  data: TrainData;
  outputUnits: number;
  /** Rows per class in the training data (classification). */
  classCounts: number[] | null;
  droppedRows: number;
}

function keepLabelled(e: Encoded, regression: boolean, width: number): { x: Float32Array; y: Float32Array; dropped: number } {
  const keep: number[] = [];
  for (let i = 0; i < e.rows; i++) if (regression ? Number.isFinite(e.y[i]) : e.y[i] >= 0) keep.push(i);
  if (keep.length === e.rows) return { x: e.x, y: Float32Array.from(e.y), dropped: 0 };
  const x = new Float32Array(keep.length * width);
  const y = new Float32Array(keep.length);
  keep.forEach((r, i) => {
    x.set(e.x.subarray(r * width, (r + 1) * width), i * width);
    y[i] = e.y[r];
  });
  return { x, y, dropped: e.rows - keep.length };
}

/** The data set's table or images (the data set service keeps the last one loaded, so a second load is free). */
async function load(datasets: DatasetAccess, version: DatasetVersion, inputKind: InputKind) {
  if (version.kind === 'images') {
    if (inputKind !== 'image')
      throw new AppError('invalid_input', `Data set ${version.name}@${version.version} holds images; use the cnn template or a design whose inputKind is image.`);
    return { images: await datasets.loadImages(version.id) } as const;
  }
  return { table: await datasets.loadTable(version.id) } as const;
}

/**
 * The preprocessing learnt on the training rows, without encoding any row: enough to check a design
 * against the input shape and the class weights against the classes before a run is created. Encoding
 * (prepareData with this preprocessing) happens inside the training job.
 */
export async function fitPreparation(
  datasets: DatasetAccess,
  version: DatasetVersion,
  split: SplitIndices,
  task: TaskType,
  inputKind: InputKind,
  target: TargetOptions = {},
): Promise<{ preprocessing: Preprocessing; outputUnits: number }> {
  const data = await load(datasets, version, inputKind);
  const pre = data.images
    ? applyTargetOptions(fitImagePreprocessing(data.images, task), null, split.train, target)
    : applyTargetOptions(fitTablePreprocessing(data.table, split.train, task, inputKind), data.table, split.train, target);
  return { preprocessing: pre, outputUnits: task === 'regression' ? 1 : pre.target.classes!.length };
}

/** Encodes the split with a preprocessing (learnt now, or given: the run's saved one, or fitPreparation's). */
export async function prepareData(
  datasets: DatasetAccess,
  version: DatasetVersion,
  split: SplitIndices,
  task: TaskType,
  inputKind: InputKind,
  saved: Preprocessing | null = null,
  target: TargetOptions = {},
): Promise<Prepared> {
  let pre: Preprocessing;
  let train: Encoded;
  let val: Encoded;
  const data = await load(datasets, version, inputKind);
  if (data.images) {
    pre = saved ?? applyTargetOptions(fitImagePreprocessing(data.images, task), null, split.train, target);
    train = encodeImages(pre, data.images, split.train);
    val = encodeImages(pre, data.images, split.validation);
  } else {
    pre = saved ?? applyTargetOptions(fitTablePreprocessing(data.table, split.train, task, inputKind), data.table, split.train, target);
    train = encodeTable(pre, data.table, split.train);
    val = encodeTable(pre, data.table, split.validation);
  }
  const regression = task === 'regression';
  const width = pre.inputShape.reduce((a, b) => a * b, 1);
  const t = keepLabelled(train, regression, width);
  const v = keepLabelled(val, regression, width);
  if (t.y.length === 0) throw new AppError('invalid_input', `The training split of ${version.name}@${version.version} has no rows with a target value.`);
  if (regression) {
    const { mean, std } = pre.target;
    for (let i = 0; i < t.y.length; i++) t.y[i] = (targetForward(pre.target, t.y[i]) - mean) / std;
    for (let i = 0; i < v.y.length; i++) v.y[i] = (targetForward(pre.target, v.y[i]) - mean) / std;
  }
  const outputUnits = regression ? 1 : pre.target.classes!.length;
  let classCounts: number[] | null = null;
  if (!regression) {
    classCounts = new Array(outputUnits).fill(0);
    for (const y of t.y) classCounts[y]++;
  }
  return { preprocessing: pre, data: { xTrain: t.x, yTrain: t.y, xVal: v.x, yVal: v.y }, outputUnits, classCounts, droppedRows: t.dropped + v.dropped };
}

/** Class weights for the worker (per class index) from the run's setting. */
export function classWeightsFor(p: Hyperparameters, classes: string[] | null, counts: number[] | null): number[] | null {
  if (!classes || !counts || p.classWeights === 'none') return null;
  if (p.classWeights === 'balanced') {
    const n = counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => (c > 0 ? n / (classes.length * c) : 1));
  }
  const given = p.classWeights;
  const unknown = Object.keys(given).filter((k) => !classes.includes(k));
  if (unknown.length) {
    throw invalid(
      unknown.map((k) => ({
        path: ['params', 'classWeights', k],
        key: 'train:issue.unknown_class',
        params: { label: k, classes: classes.slice(0, 10).join(', ') },
        message: `Class weight for "${k}": there is no such class (classes: ${classes.slice(0, 10).join(', ')}).`,
      })),
    );
  }
  return classes.map((c) => given[c] ?? 1);
}

export function epochMetricNames(task: TaskType): string[] {
  return task === 'regression' ? ['loss', 'mae', 'rmse', 'val_loss', 'val_mae', 'val_rmse'] : ['loss', 'accuracy', 'val_loss', 'val_accuracy'];
}
