import type { ColumnType } from '../../../shared/schemas/dataset.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { LoadedImages, LoadedTable } from '../datasets/types.js';

/**
 * What evaluation and prediction need from a trained model: score rows of a loaded data set or raw
 * rows of a file, and say what it reads. The training domain's loadPredictor is wrapped into this in
 * ./source.ts; tests can provide their own.
 */
export interface ModelFeature {
  name: string;
  /**
   * The column type the model was trained on: numeric, boolean and datetime columns come as numbers
   * (0/1, epoch ms), categorical and text as strings, as in a LoadedTable.
   */
  type: ColumnType;
}

export type PredictorInput = { kind: 'table'; table: LoadedTable; rows: Int32Array | null } | { kind: 'images'; images: LoadedImages; rows: Int32Array | null };

/** A row that could not be scored: its index in the batch and why. */
export interface Rejection {
  index: number;
  reason: string;
  /** the reason as a code and params (rows:<code> in the locale files), when the reader gave one */
  code?: string;
  params?: Record<string, string | number>;
}

export interface Predictor {
  runId: string;
  task: TaskType;
  /** Class labels, index = probability column (classification); null for regression. */
  classes: string[] | null;
  /** The target column the model was trained to predict. */
  target: string;
  inputKind: 'tabular' | 'image';
  /** Raw columns the model reads (tabular); empty for image data sets. */
  features: ModelFeature[];
  paramCount: number;
  /** Size of the model package (weights and preprocessing) in bytes. */
  sizeBytes: number;
  backend: string;
  /**
   * Scores rows (all when `rows` is null). Classification: a row-major n x K matrix of probabilities
   * (rows sum to 1). Regression: n predicted values.
   */
  predict(input: PredictorInput): Promise<Float64Array>;
  /**
   * Scores raw rows (cells as read from a file, keyed by column name). Rejected rows (a value that
   * cannot be read as its column's type) are listed; their outputs are NaN.
   */
  predictRows(rows: Record<string, string>[]): Promise<{ output: Float64Array; rejected: Rejection[] }>;
  /**
   * Rows of the input the model cannot read (index = position in input.rows), read with the model's own
   * missing-value tokens and column types as predict reads a file. Optional: a test double may leave it out.
   */
  rejections?(input: PredictorInput): Rejection[];
  dispose(): void;
}

/** What evaluation needs to know about a run. */
export interface RunInfo {
  id: string;
  name: string;
  projectId: string;
  status: string;
  taskType: TaskType;
  datasetVersionId: string;
  splitId: string;
  packageHash: string | null;
  /** What the model reads and predicts, known without loading it (for checks before a job starts). */
  inputKind: 'tabular' | 'image';
  target: string;
  features: ModelFeature[];
}

/** The training domain, as evaluation sees it. */
export interface ModelSource {
  getRun(runId: string): RunInfo;
  loadPredictor(runId: string): Promise<Predictor>;
}
