import { AppError } from '../../../shared/contract/errors.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { InputKind } from '../../../shared/schemas/training.js';
import type { LoadedImages, LoadedTable } from '../datasets/types.js';
import { encodeColumn, featureWidth, fitFeature, type FeatureSpec2 } from './features.js';

/**
 * Preprocessing learnt on the training rows only and saved in the model package, so a model scores raw
 * rows. Tables train with format ciclo-preprocessing/2 (features.ts): each column's missing-value tokens,
 * fill strategy and missing indicator, dates as calendar parts. Format /1, still read for packages trained
 * before it: numeric columns (and booleans, datetimes) imputed with the training mean then standardised;
 * categorical columns imputed with the most frequent training value then one-hot encoded with an extra
 * "unknown" slot for values never seen in training. Images are scaled to 0..1 (format /1).
 */

export interface NumericFeature {
  kind: 'numeric';
  name: string;
  /** The column's type: booleans are 0/1, datetimes epoch milliseconds. */
  type: 'numeric' | 'boolean' | 'datetime';
  mean: number;
  std: number;
}
export interface CategoricalFeature {
  kind: 'categorical';
  name: string;
  categories: string[];
  /** Most frequent training value, used for missing values. */
  fill: string | null;
}
/** Format /1 features (packages trained before /2). */
export type FeatureSpec = NumericFeature | CategoricalFeature;
export type { FeatureSpec2 } from './features.js';

export interface TargetSpec {
  name: string;
  task: TaskType;
  /** Classification: the class labels, index = output unit. */
  classes: string[] | null;
  /** Regression: the model learns (t(y) - mean) / std, where t is `transform` (identity when absent). */
  mean: number;
  std: number;
  /** Binary: the charter's positive class when training started (absent in packages made before it existed). */
  positiveClass?: string | null;
  /** Regression: 'log1p' learns log(1 + y) (a skewed, non-negative target); predictions are turned back with expm1. */
  transform?: 'log1p' | null;
  /** Regression: the sample skewness of the training target on its original scale. */
  skewness?: number;
}

/** A regression target's value as the model learns it (before standardisation). */
export function targetForward(t: Pick<TargetSpec, 'transform'>, y: number): number {
  return t.transform === 'log1p' ? Math.log1p(y) : y;
}

/** A model output (after de-standardisation) back on the target's original scale. */
export function targetInverse(t: Pick<TargetSpec, 'transform'>, v: number): number {
  return t.transform === 'log1p' ? Math.expm1(v) : v;
}

/** Above this skewness a non-negative target is "heavily skewed": Ciclo suggests the log transform. */
export const SKEWED = 1;

export interface TargetOptions {
  positiveClass?: string | null;
  transform?: 'none' | 'log1p';
}

/**
 * Applies the run's target choices to a freshly learnt preprocessing: the positive class (checked to be a
 * class) and, for regression, the skewness and an optional log1p transform (mean and std then describe
 * log1p(y) on the training rows). Throws invalid_input when the choice does not fit the data.
 */
export function applyTargetOptions(p: Preprocessing, table: LoadedTable | null, train: Int32Array, options: TargetOptions): Preprocessing {
  const t = { ...p.target };
  if (t.task === 'binary' && options.positiveClass) {
    if (!t.classes!.includes(options.positiveClass)) {
      const list = t.classes!.map((c) => `"${c}"`).join(', ');
      throw fail(`The positive class "${options.positiveClass}" is not a class of the target "${t.name}" (its classes: ${list}); change it in the charter.`, {
        positiveClass: options.positiveClass,
        classes: t.classes,
      });
    }
    t.positiveClass = options.positiveClass;
  }
  if (t.task === 'regression' && table) {
    const values = table.values[t.name] as Float64Array;
    const ys: number[] = [];
    for (const r of train) if (Number.isFinite(values[r])) ys.push(values[r]);
    t.skewness = skewness(ys);
    if (options.transform === 'log1p') {
      const min = Math.min(...ys);
      if (min < 0) throw fail(`A log transform needs a target that is never negative, but "${t.name}" goes down to ${min} in the training rows.`, { target: t.name, min });
      const logs = ys.map((y) => Math.log1p(y));
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length) || 1;
      Object.assign(t, { transform: 'log1p', mean, std });
    }
  }
  return { ...p, target: t };
}

/** Sample skewness (Fisher-Pearson, as scipy.stats.skew with bias=True); 0 for fewer than 3 values or no spread. */
export function skewness(ys: number[]): number {
  const n = ys.length;
  if (n < 3) return 0;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  let m2 = 0,
    m3 = 0;
  for (const y of ys) {
    const d = y - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
}

export interface Preprocessing {
  format: 'ciclo-preprocessing/1' | 'ciclo-preprocessing/2';
  inputKind: InputKind;
  inputShape: number[];
  /** Raw feature columns in the order the model reads them. */
  featureNames: string[];
  /** Tabular input: one spec per feature column (FeatureSpec2 in format /2). */
  features: FeatureSpec[] | FeatureSpec2[];
  /** Image input: from pixel columns of a table (`columns`) or from an image data set. */
  image: { height: number; width: number; channels: number; scale: number; source: 'columns' | 'images' } | null;
  target: TargetSpec;
}

/** Format /1 only: the cells its raw-row reader took as missing (lower-cased). */
export const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'null', '?', 'nan', 'none']);

const isNumericType = (t: string) => t === 'numeric' || t === 'boolean' || t === 'datetime';

function fail(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_input', message, details);
}

/** The target's classes (classification) or scale (regression), from the target column. */
function targetSpec(table: LoadedTable, target: string, task: TaskType, train: Int32Array): TargetSpec {
  const col = table.columns.find((c) => c.name === target);
  const values = table.values[target];
  if (!col || !values) throw fail(`The target column "${target}" is not in data set ${table.version.name}@${table.version.version}.`, { target });
  if (task === 'regression') {
    if (!(values instanceof Float64Array)) throw fail(`A regression project needs a numeric target, but "${target}" is ${col.type}.`, { target, type: col.type });
    let sum = 0,
      sq = 0,
      n = 0;
    for (const r of train) {
      const v = values[r];
      if (Number.isFinite(v)) ((sum += v), (sq += v * v), n++);
    }
    if (n < 2) throw fail(`The training rows have fewer than 2 values of the target "${target}".`, { target });
    const mean = sum / n;
    const std = Math.sqrt(Math.max(sq / n - mean * mean, 0)) || 1;
    return { name: target, task, classes: null, mean, std };
  }
  const seen = new Set<string>();
  const numeric = values instanceof Float64Array;
  for (let i = 0; i < table.rowCount; i++) {
    const v = values[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    seen.add(String(v));
  }
  const classes = [...seen].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (classes.length < 2) throw fail(`The target "${target}" has ${classes.length} class; a classification model needs at least 2.`, { target });
  if (task === 'binary' && classes.length !== 2)
    throw fail(
      `This is a binary project, but the target "${target}" has ${classes.length} classes (${classes.slice(0, 5).join(', ')}${classes.length > 5 ? ', ...' : ''}); make the project multiclass or pick another target.`,
      { target, classes: classes.length },
    );
  if (classes.length > 1000) throw fail(`The target "${target}" has ${classes.length} distinct values, too many classes; is this a regression task?`, { target });
  return { name: target, task, classes, mean: 0, std: 1 };
}

/** Which table columns feed the model: features that are not free text, nor dates set to be ignored. */
export function featureColumns(table: LoadedTable): string[] {
  return table.columns.filter((c) => c.role === 'feature' && c.type !== 'text' && !(c.type === 'datetime' && c.dateHandling === 'ignore')).map((c) => c.name);
}

/** Learns the preprocessing of a table from its training rows. */
export function fitTablePreprocessing(table: LoadedTable, train: Int32Array, task: TaskType, inputKind: InputKind): Preprocessing {
  const target = table.version.target ?? table.columns.find((c) => c.role === 'target')?.name;
  if (!target) throw fail(`Data set ${table.version.name}@${table.version.version} has no target column; set one (for example with --target) before training.`);
  const names = featureColumns(table).filter((n) => n !== target);
  if (!names.length) throw fail(`Data set ${table.version.name}@${table.version.version} has no usable feature columns (text columns are left out).`);
  const spec = targetSpec(table, target, task, train);
  if (inputKind === 'image') {
    const cols = table.columns.filter((c) => names.includes(c.name));
    const side = Math.round(Math.sqrt(cols.length));
    if (side * side !== cols.length || cols.some((c) => c.type !== 'numeric'))
      throw fail(
        `An image model reads square images, but data set ${table.version.name} has ${cols.length} feature columns${cols.some((c) => c.type !== 'numeric') ? ' and some are not numeric' : ''}; it needs N x N numeric pixel columns (for example 64 for 8x8). Use the mlp template instead.`,
        { features: cols.length },
      );
    let max = 0;
    for (const n of names) {
      const v = table.values[n] as Float64Array;
      for (const r of train) if (v[r] > max) max = v[r];
    }
    return {
      format: 'ciclo-preprocessing/1',
      inputKind,
      inputShape: [side, side, 1],
      featureNames: names,
      features: [],
      image: { height: side, width: side, channels: 1, scale: max > 0 ? max : 1, source: 'columns' },
      target: spec,
    };
  }
  const features = names.map((name) =>
    fitFeature(
      table.columns.find((c) => c.name === name)!,
      table.values[name],
      train,
    ),
  );
  const width = features.reduce((a, f) => a + featureWidth(f), 0);
  return { format: 'ciclo-preprocessing/2', inputKind, inputShape: [width], featureNames: names, features, image: null, target: spec };
}

/** Preprocessing of an image data set: pixels scaled from 0..255 to 0..1. */
export function fitImagePreprocessing(images: LoadedImages, task: TaskType): Preprocessing {
  if (task === 'regression') throw fail('Image data sets hold classes; a regression project cannot train on them.');
  if (task === 'binary' && images.classes.length !== 2) throw fail(`This is a binary project, but the image data set has ${images.classes.length} classes.`);
  return {
    format: 'ciclo-preprocessing/1',
    inputKind: 'image',
    inputShape: [images.height, images.width, images.channels],
    featureNames: ['pixels'],
    features: [],
    image: { height: images.height, width: images.width, channels: images.channels, scale: 255, source: 'images' },
    target: { name: 'class', task, classes: [...images.classes], mean: 0, std: 1 },
  };
}

export function inputWidth(p: Preprocessing): number {
  return p.inputShape.reduce((a, b) => a * b, 1);
}

export interface Encoded {
  x: Float32Array;
  /** One value per row: class index (classification; -1 when missing) or raw target (NaN when missing). */
  y: Float64Array;
  rows: number;
}

/** Encodes rows of a loaded table (all rows when `rows` is null): features and, when present, the target. */
export function encodeTable(p: Preprocessing, table: LoadedTable, rows: Int32Array | null): Encoded {
  const n = rows ? rows.length : table.rowCount;
  const width = inputWidth(p);
  const x = new Float32Array(n * width);
  const idx = (i: number) => (rows ? rows[i] : i);
  if (p.image) {
    p.featureNames.forEach((name, j) => {
      const v = table.values[name] as Float64Array | undefined;
      if (!v) throw fail(`Column "${name}" is missing from the data.`, { column: name });
      for (let i = 0; i < n; i++) {
        const raw = v[idx(i)];
        x[i * width + j] = Number.isFinite(raw) ? raw / p.image!.scale : 0;
      }
    });
  } else if (p.format === 'ciclo-preprocessing/2') {
    let offset = 0;
    for (const f of p.features as FeatureSpec2[]) {
      const v = table.values[f.name];
      if (!v) throw fail(`Column "${f.name}" is missing from the data.`, { column: f.name });
      encodeColumn(f, v, n, idx, x, width, offset);
      offset += featureWidth(f);
    }
  } else {
    let offset = 0;
    for (const f of p.features as FeatureSpec[]) {
      const v = table.values[f.name];
      if (!v) throw fail(`Column "${f.name}" is missing from the data.`, { column: f.name });
      if (f.kind === 'numeric') {
        for (let i = 0; i < n; i++) {
          const raw = (v as Float64Array)[idx(i)];
          x[i * width + offset] = Number.isFinite(raw) ? (raw - f.mean) / f.std : 0;
        }
        offset += 1;
      } else {
        const lookup = new Map(f.categories.map((c, k) => [c, k]));
        for (let i = 0; i < n; i++) {
          const cell = v[idx(i)];
          const raw = cell === null || (typeof cell === 'number' && Number.isNaN(cell)) ? f.fill : String(cell);
          const k = raw === null ? f.categories.length : (lookup.get(raw) ?? f.categories.length);
          x[i * width + offset + k] = 1;
        }
        offset += f.categories.length + 1;
      }
    }
  }
  const y = new Float64Array(n);
  const tv = table.values[p.target.name];
  if (tv) {
    const classIndex = p.target.classes ? new Map(p.target.classes.map((c, k) => [c, k])) : null;
    for (let i = 0; i < n; i++) {
      const raw = tv[idx(i)];
      if (classIndex) {
        const missing = raw === null || (typeof raw === 'number' && Number.isNaN(raw));
        y[i] = missing ? -1 : (classIndex.get(String(raw)) ?? -1);
      } else y[i] = typeof raw === 'number' ? raw : NaN;
    }
  } else y.fill(NaN);
  return { x, y, rows: n };
}

/** Encodes rows of an image data set. */
export function encodeImages(p: Preprocessing, images: LoadedImages, rows: Int32Array | null): Encoded {
  const n = rows ? rows.length : images.rowCount;
  const width = images.height * images.width * images.channels;
  if (width !== inputWidth(p)) throw fail(`The images are ${images.height}x${images.width}x${images.channels}, but the model expects ${p.inputShape.join('x')}.`);
  const x = new Float32Array(n * width);
  const y = new Float64Array(n);
  const scale = p.image?.scale ?? 255;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    const src = images.pixels.subarray(r * width, (r + 1) * width);
    for (let j = 0; j < width; j++) x[i * width + j] = src[j] / scale;
    const label = images.classes[images.labels[r]];
    y[i] = p.target.classes ? p.target.classes.indexOf(label) : NaN;
  }
  return { x, y, rows: n };
}
