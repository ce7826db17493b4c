import { AppError } from '../../../shared/contract/errors.js';
import type { RunSplit } from '../../../shared/schemas/training.js';
import type { SplitInfo } from '../../../shared/schemas/dataset.js';
import type { Db } from '../store/db.js';
import { DatasetStore } from '../store/dataset-store.js';

/**
 * Which split a run trains on, read from the data phase's table: the one the user picked, else the newest
 * split of the data set version (so a split made after an older one is not silently ignored), else none
 * (the caller then makes the default one).
 */

function toRunSplit(r: SplitInfo): RunSplit {
  return { id: r.id, seed: r.seed, stratified: r.stratified, chronological: r.chronological ?? null, fractions: r.fractions, counts: r.counts, createdAt: r.createdAt };
}

export function newestSplitId(db: Db, versionId: string): string | null {
  return new DatasetStore(db).newestSplitId(versionId) ?? null;
}

export function runSplit(db: Db, splitId: string): RunSplit | null {
  const r = new DatasetStore(db).maybeSplit(splitId);
  return r ? toRunSplit(r) : null;
}

/** The split the user named, checked to be a split of this data set version. */
export function pickedSplit(db: Db, splitId: string, versionId: string, datasetRef: string): string {
  const store = new DatasetStore(db);
  const r = store.maybeSplit(splitId);
  const known = store.splitIds(versionId);
  if (!r || r.datasetVersionId !== versionId) {
    const message = `Split "${splitId}" is not a split of ${datasetRef}${known.length ? `; its splits: ${known.join(', ')}` : '; it has no split yet (make one with `ciclo dataset split`)'}.`;
    throw new AppError('invalid_input', message, {
      issues: [{ path: ['split', 'id'], key: 'train:issue.unknown_split', params: { split: splitId, dataset: datasetRef, known: known.join(', ') }, message }],
    });
  }
  return r.id;
}
