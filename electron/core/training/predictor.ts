/**
 * loadPredictor: scores RAW data with a trained model package. Stable API used by evaluation,
 * prediction, the registry and serving; change it only in a backward-compatible way.
 *
 *   const predictor = await loadPredictor(services, { runId });        // or { packageHash }
 *   const p = await predictor.predictRows([{ sepal_length_cm: 5.1, ... }, ...]);
 *   const q = await predictor.predictTable(loadedTable, rowsOrNull);    // a LoadedTable (target column ignored)
 *   const r = await predictor.predictImages(loadedImages, rowsOrNull);  // an image data set
 *   predictor.dispose();
 *
 * Results always have one entry per input row, in input order:
 * - classification (task 'binary' | 'multiclass'): `classes` (label per output column),
 *   `probabilities` Float32Array rows x classes (row-major; a rejected row is all NaN) and `labels`
 *   (the most probable class, null for a rejected row);
 * - regression: `values` Float64Array in the target's units (NaN for a rejected row);
 * - `rejected`: [{ index, reason }] for rows that cannot be scored (text in a numeric column, a bad
 *   date, an image of the wrong size, not an object). Missing values are imputed as in training and
 *   categories never seen in training go to the unknown bucket: neither is a rejection.
 * Raw rows for an image data set are { pixels: number[] } (0..255, row-major height x width x channels).
 * The preprocessing (standardisation, one-hot, imputation, image scaling) comes from the package.
 */
import type * as TF from '@tensorflow/tfjs';
import { AppError } from '../../../shared/contract/errors.js';
import type { BackendChoice } from '../../../shared/schemas/training.js';
import type { LoadedImages, LoadedTable } from '../datasets/types.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { RunStore } from '../store/run-store.js';
import { loadBackend, type LoadedBackend } from './backend.js';
import { buildModel, setModelWeights } from './model.js';
import { decodePackage, type ModelPackage, type PackageMeta } from './package.js';
import { encodeImages, encodeTable, targetInverse, type Preprocessing } from './preprocess.js';
import { encodeRawRows, type Rejection } from './raw-rows.js';
import type { FeatureSpec2 } from './features.js';
import { modelCells, rejectionsOf } from './stored-cells.js';

export type { Rejection } from './raw-rows.js';

export interface ClassificationPrediction {
  task: 'binary' | 'multiclass';
  classes: string[];
  probabilities: Float32Array;
  labels: (string | null)[];
  rejected: Rejection[];
}

export interface RegressionPrediction {
  task: 'regression';
  values: Float64Array;
  rejected: Rejection[];
}

export type Prediction = ClassificationPrediction | RegressionPrediction;

export interface Predictor {
  runId: string;
  packageHash: string;
  task: 'binary' | 'multiclass' | 'regression';
  classes: string[] | null;
  /** Raw feature columns the model reads, in order. */
  features: string[];
  inputShape: number[];
  /** The tfjs backend scoring runs on (or the runtime of a `forward` option, such as 'onnx'). */
  backend: string;
  /** The package's preprocessing (what the model reads: columns, categories, image shape). */
  preprocessing: Preprocessing;
  predictRows(rows: unknown[]): Promise<Prediction>;
  /**
   * Scores rows already encoded by `encodeRawRows(preprocessing, rows)` (n x input width), with the
   * rejections that encoding reported: predictRows is exactly encodeRawRows + this. The prediction server
   * encodes each request once while validating it and batches the encoded rows.
   */
  predictEncoded(x: Float32Array, n: number, rejected: Rejection[]): Promise<Prediction>;
  /** Stored tables are read cell by cell with the model's own tokens and types (stored-cells.ts), as predictRows reads a row. */
  predictTable(table: LoadedTable, rows?: Int32Array | null): Promise<Prediction>;
  /** The rows of a stored table the model cannot read (what predictTable would reject), without scoring. */
  tableRejections(table: LoadedTable, rows?: Int32Array | null): Rejection[];
  predictImages(images: LoadedImages, rows?: Int32Array | null): Promise<Prediction>;
  dispose(): void;
}

export type PredictorRef = { runId: string } | { packageHash: string };

/** Runs the network on encoded rows (n x input width) and returns its raw outputs (n x output units). */
export interface Forward {
  name: string;
  run(x: Float32Array, n: number): Promise<Float32Array>;
  dispose(): void;
}

export interface PredictorOptions {
  backend?: BackendChoice;
  /**
   * Another runtime for the network (the prediction server's ONNX Runtime): built from the package; the
   * preprocessing and the reading of outputs stay the same. Without it the network runs on tfjs.
   */
  forward?: (pkg: ModelPackage) => Promise<Forward>;
}

const backends = new Map<BackendChoice, Promise<LoadedBackend>>();

function backendFor(choice: BackendChoice): Promise<LoadedBackend> {
  let p = backends.get(choice);
  if (!p) {
    p = loadBackend(choice);
    backends.set(choice, p);
    p.catch(() => backends.delete(choice));
  }
  return p;
}

function packageHashOf(source: { db: Db }, ref: PredictorRef): string {
  if ('packageHash' in ref) return ref.packageHash;
  const row = new RunStore(source.db).packageOf(ref.runId);
  if (!row) throw new AppError('not_found', `No run with id "${ref.runId}" exists in this workspace.`, { what: 'run', ref: ref.runId });
  if (!row.package_hash)
    throw new AppError('conflict', `Run ${ref.runId} has no trained model (its status is ${row.status}); only a succeeded run can predict.`, { status: row.status });
  return row.package_hash;
}

async function tfjsForward(pkg: ModelPackage, backend: BackendChoice): Promise<Forward> {
  const loaded = await backendFor(backend);
  const { tf } = loaded;
  const meta = pkg.meta;
  const model = buildModel(tf, meta.design, meta.inputShape, meta.outputUnits, meta.task === 'regression');
  setModelWeights(tf, model, pkg.weights);
  return {
    name: loaded.backend,
    async run(x, n) {
      const t = tf.tidy(() => model.predict(tf.tensor(x, [n, ...meta.inputShape]), { batchSize: 1024 }) as TF.Tensor);
      const out = Float32Array.from(t.dataSync() as Float32Array);
      t.dispose();
      return out;
    },
    dispose: () => model.dispose(),
  };
}

export async function loadPredictor(source: { db: Db; blobs: BlobStore }, ref: PredictorRef, options: PredictorOptions = {}): Promise<Predictor> {
  const hash = packageHashOf(source, ref);
  if (!/^[0-9a-f]{64}$/.test(hash) || !source.blobs.has(hash))
    throw new AppError('not_found', `No model package with hash "${hash}" is in this workspace.`, { what: 'model package', ref: hash });
  const pkg = decodePackage(source.blobs.read(hash));
  const forward = options.forward ? await options.forward(pkg) : await tfjsForward(pkg, options.backend ?? 'auto');
  const meta: PackageMeta = pkg.meta;
  const regression = meta.task === 'regression';
  const width = meta.inputShape.reduce((a, b) => a * b, 1);
  let disposed = false;

  const score = async (x: Float32Array, n: number, rejected: Rejection[]): Promise<Prediction> => {
    if (disposed) throw new AppError('conflict', 'This predictor was disposed.');
    const out: Float32Array = n > 0 ? await forward.run(x, n) : new Float32Array(0);
    const bad = new Set(rejected.map((r) => r.index));
    if (regression) {
      const target = meta.preprocessing.target;
      const { mean, std } = target;
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = bad.has(i) ? NaN : targetInverse(target, out[i] * std + mean);
      return { task: 'regression', values, rejected };
    }
    const classes = meta.classes!;
    const k = classes.length;
    const labels: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (bad.has(i)) {
        out.fill(NaN, i * k, (i + 1) * k);
        labels[i] = null;
        continue;
      }
      let best = 0;
      for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
      labels[i] = classes[best];
    }
    return { task: meta.task as 'binary' | 'multiclass', classes: [...classes], probabilities: out, labels, rejected };
  };

  const pre = meta.preprocessing;
  const cellsOf = (table: LoadedTable, rows: Int32Array | null) =>
    pre.format === 'ciclo-preprocessing/2' && !pre.image ? modelCells(pre.features as FeatureSpec2[], table, rows) : null;

  return {
    runId: meta.runId,
    packageHash: hash,
    task: meta.task,
    classes: meta.classes,
    features: meta.features,
    inputShape: meta.inputShape,
    backend: forward.name,
    preprocessing: meta.preprocessing,
    async predictRows(rows) {
      const { x, rejected } = encodeRawRows(meta.preprocessing, rows);
      return score(x, rows.length, rejected);
    },
    predictEncoded: (x, n, rejected) => score(x, n, rejected),
    async predictTable(table, rows = null) {
      const cells = cellsOf(table, rows ?? null);
      const e = encodeTable(meta.preprocessing, cells ? { ...table, values: cells.values } : table, rows ?? null);
      return score(e.x, e.rows, cells ? rejectionsOf(cells.bad, rows ?? null) : []);
    },
    tableRejections(table, rows = null) {
      const cells = cellsOf(table, rows ?? null);
      return cells ? rejectionsOf(cells.bad, rows ?? null) : [];
    },
    async predictImages(images, rows = null) {
      const e = encodeImages(meta.preprocessing, images, rows ?? null);
      return score(e.x.subarray(0, e.rows * width), e.rows, []);
    },
    dispose() {
      if (!disposed) forward.dispose();
      disposed = true;
    },
  };
}
