import type { Column, DatasetVersion, Split } from '../../../shared/schemas/dataset.js';
import type { RawTable } from './columns.js';

/**
 * What the rest of the core (training, evaluation, prediction, monitoring) needs from the data phase.
 * Values come column by column:
 * - numeric, boolean (0/1) and datetime (epoch milliseconds) columns as Float64Array, NaN where missing;
 * - categorical and text columns as string arrays, null where missing.
 */
export interface LoadedTable {
  version: DatasetVersion;
  columns: Column[];
  rowCount: number;
  values: Record<string, Float64Array | (string | null)[]>;
  /**
   * The cells as stored by the import (before the version's types and number tokens apply; cells its text
   * tokens matched are already missing), when the table comes from the store. A model reads these with its
   * own tokens and types (training/stored-cells.ts). Leave it out of a table built from part of another.
   */
  stored?: RawTable;
}

/** An image data set: pixels row-major (row, y, x, channel), 0..255; labels index into `classes`. */
export interface LoadedImages {
  version: DatasetVersion;
  rowCount: number;
  height: number;
  width: number;
  channels: number;
  classes: string[];
  pixels: Uint8Array;
  labels: Int32Array;
}

export interface SplitIndices extends Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface DatasetAccess {
  /** A version by id, or `name`, or `name@N` within a project; throws not_found. */
  resolveVersion(ref: string, projectId?: string): DatasetVersion;
  loadTable(versionId: string): Promise<LoadedTable>;
  /** A table version's cells as stored (see LoadedTable.stored), read synchronously for quick checks. */
  storedTable?(versionId: string): RawTable;
  loadImages(versionId: string): Promise<LoadedImages>;
  /** The split with these settings, made (and stored) on first use; the same seed always gives the same rows. */
  ensureSplit(versionId: string, options?: { seed?: number; fractions?: { train: number; validation: number; test: number }; stratify?: boolean }): SplitIndices;
  getSplit(splitId: string): SplitIndices;
}
