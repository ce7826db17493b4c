import { AppError } from '../../../shared/contract/errors.js';
import type { RunSplit } from '../../../shared/schemas/training.js';
import type { Db } from '../store/db.js';

/**
 * Which split a run trains on, read from the data phase's table: the one the user picked, else the newest
 * split of the data set version (so a split made after an older one is not silently ignored), else none
 * (the caller then makes the default one).
 */

interface SplitRow {
  id: string;
  version_id: string;
  seed: number;
  stratified: number;
  fractions: string;
  counts: string;
  created_at: string;
}

function toSplit(r: SplitRow): RunSplit {
  const [train, validation, test] = JSON.parse(r.fractions) as number[];
  return { id: r.id, seed: r.seed, stratified: r.stratified === 1, fractions: { train, validation, test }, counts: JSON.parse(r.counts), createdAt: r.created_at };
}

export function newestSplitId(db: Db, versionId: string): string | null {
  const r = db.prepare('SELECT id FROM dataset_splits WHERE version_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(versionId) as { id: string } | undefined;
  return r?.id ?? null;
}

export function runSplit(db: Db, splitId: string): RunSplit | null {
  const r = db.prepare('SELECT * FROM dataset_splits WHERE id = ?').get(splitId) as SplitRow | undefined;
  return r ? toSplit(r) : null;
}

/** The split the user named, checked to be a split of this data set version. */
export function pickedSplit(db: Db, splitId: string, versionId: string, datasetRef: string): string {
  const r = db.prepare('SELECT id, version_id FROM dataset_splits WHERE id = ?').get(splitId) as { id: string; version_id: string } | undefined;
  const known = (db.prepare('SELECT id FROM dataset_splits WHERE version_id = ? ORDER BY created_at DESC').all(versionId) as { id: string }[]).map((x) => x.id);
  if (!r || r.version_id !== versionId) {
    const message = `Split "${splitId}" is not a split of ${datasetRef}${known.length ? `; its splits: ${known.join(', ')}` : '; it has no split yet (make one with `ciclo dataset split`)'}.`;
    throw new AppError('invalid_input', message, {
      issues: [{ path: ['split', 'id'], key: 'train:issue.unknown_split', params: { split: splitId, dataset: datasetRef, known: known.join(', ') }, message }],
    });
  }
  return r.id;
}
