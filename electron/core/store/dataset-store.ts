import type { Column, DataIssue, DatasetSummary, DatasetVersion, DatasetVersionDetail, SplitInfo, VersionDiff } from '../../../shared/schemas/dataset.js';
import { notFound } from '../../../shared/contract/errors.js';
import { newId, nowIso } from '../ids.js';
import type { Db } from './db.js';
import { all, one, run } from './sql.js';

interface DatasetRow {
  id: string;
  project_id: string;
  name: string;
  kind: 'table' | 'images';
  created_at: string;
  updated_at: string;
}

export interface VersionRow {
  id: string;
  dataset_id: string;
  project_id: string;
  version: number;
  hash: string;
  data_blob: string;
  profile_blob: string;
  kind: 'table' | 'images';
  rows: number;
  columns: string;
  target: string | null;
  source: string;
  warnings: string;
  diff: string | null;
  created_at: string;
  name: string;
}

interface SplitRow {
  id: string;
  version_id: string;
  seed: number;
  stratified: number;
  fractions: string;
  counts: string;
  excluded: number;
  indices_blob: string;
  created_at: string;
  chronological?: string | null;
}

export interface NewVersion {
  projectId: string;
  name: string;
  kind: 'table' | 'images';
  hash: string;
  dataBlob: string;
  profileBlob: string;
  rows: number;
  columns: Column[];
  target: string | null;
  source: string;
  warnings: DataIssue[];
  diffFor: (previous: VersionRow) => VersionDiff;
}

const VERSION_SELECT = 'SELECT v.*, d.name AS name FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id';

export function toVersion(r: VersionRow): DatasetVersion {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    projectId: r.project_id,
    name: r.name,
    version: r.version,
    hash: r.hash,
    kind: r.kind,
    rows: r.rows,
    columns: JSON.parse(r.columns) as Column[],
    target: r.target,
    source: r.source,
    createdAt: r.created_at,
  };
}

export function toDetail(r: VersionRow): DatasetVersionDetail {
  return { ...toVersion(r), importWarnings: JSON.parse(r.warnings) as DataIssue[], diff: r.diff ? (JSON.parse(r.diff) as VersionDiff) : null };
}

function fractionsOf(text: string): SplitInfo['fractions'] {
  const f = JSON.parse(text) as number[];
  return { train: f[0], validation: f[1], test: f[2] };
}

function toSplit(r: SplitRow): SplitInfo & { indicesBlob: string } {
  return {
    id: r.id,
    datasetVersionId: r.version_id,
    seed: r.seed,
    stratified: r.stratified === 1,
    chronological: r.chronological ?? null,
    fractions: fractionsOf(r.fractions),
    counts: JSON.parse(r.counts),
    excluded: r.excluded,
    createdAt: r.created_at,
    indicesBlob: r.indices_blob,
  };
}

/** The SQL side of data sets: rows pointing at blobs. */
export class DatasetStore {
  constructor(private readonly db: Db) {}

  hasAny(projectId: string): boolean {
    return one(this.db, 'SELECT 1 FROM dataset_versions WHERE project_id = ? LIMIT 1', projectId) !== undefined;
  }

  list(projectId: string): DatasetSummary[] {
    const rows = all<DatasetRow>(this.db, 'SELECT * FROM datasets WHERE project_id = ? ORDER BY updated_at DESC, id DESC', projectId);
    return rows.map((d) => {
      const latest = this.latestRow(d.id)!;
      const count = one<{ n: number }>(this.db, 'SELECT COUNT(*) AS n FROM dataset_versions WHERE dataset_id = ?', d.id)!.n;
      return { id: d.id, projectId: d.project_id, name: d.name, kind: d.kind, versionCount: count, latest: toVersion(latest), createdAt: d.created_at, updatedAt: d.updated_at };
    });
  }

  versionRow(id: string): VersionRow | undefined {
    return one<VersionRow>(this.db, `${VERSION_SELECT} WHERE v.id = ?`, id);
  }

  latestRow(datasetId: string): VersionRow | undefined {
    return one<VersionRow>(this.db, `${VERSION_SELECT} WHERE v.dataset_id = ? ORDER BY v.version DESC LIMIT 1`, datasetId);
  }

  versionRows(datasetId: string): VersionRow[] {
    return all<VersionRow>(this.db, `${VERSION_SELECT} WHERE v.dataset_id = ? ORDER BY v.version DESC`, datasetId);
  }

  /** The latest version of the data set `name` in a project, if there is one. */
  latestByName(projectId: string, name: string): VersionRow | undefined {
    const d = one<{ id: string }>(this.db, 'SELECT id FROM datasets WHERE project_id = ? AND name = ? COLLATE NOCASE', projectId, name);
    return d ? this.latestRow(d.id) : undefined;
  }

  /**
   * A version by id, by data set id (latest), or by `name` / `name@N` within a project. The project may be
   * omitted for ids; a bare name without a project is looked up everywhere and must be unambiguous.
   */
  resolve(ref: string, projectId?: string): VersionRow {
    const direct = this.versionRow(ref) ?? this.latestRow(ref);
    if (direct && (!projectId || direct.project_id === projectId)) return direct;
    const m = /^(.*)@(\d+)$/.exec(ref);
    const name = m ? m[1] : ref;
    const where = projectId ? 'project_id = ? AND name = ? COLLATE NOCASE' : 'name = ? COLLATE NOCASE';
    const sets = all<{ id: string }>(this.db, `SELECT id FROM datasets WHERE ${where}`, ...(projectId ? [projectId, name] : [name]));
    if (sets.length > 1) throw notFound('data set (the name is used in several projects; add --project)', ref);
    if (sets.length === 1) {
      const row = m ? one<VersionRow>(this.db, `${VERSION_SELECT} WHERE v.dataset_id = ? AND v.version = ?`, sets[0].id, Number(m[2])) : this.latestRow(sets[0].id);
      if (row) return row;
    }
    throw notFound('data set version', ref);
  }

  /**
   * Stores a version unless identical content is already a version of this data set (then that one is
   * returned, created = false). One write transaction, so concurrent imports number versions correctly.
   */
  insertVersion(v: NewVersion): { row: VersionRow; created: boolean } {
    const tx = this.db.transaction((): { row: VersionRow; created: boolean } => {
      const now = nowIso();
      let dataset = one<DatasetRow>(this.db, 'SELECT * FROM datasets WHERE project_id = ? AND name = ? COLLATE NOCASE', v.projectId, v.name);
      if (dataset) {
        const same = one<VersionRow>(this.db, `${VERSION_SELECT} WHERE v.dataset_id = ? AND v.hash = ?`, dataset.id, v.hash);
        if (same) return { row: same, created: false };
      } else {
        const id = newId('ds');
        run(this.db, 'INSERT INTO datasets (id, project_id, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', id, v.projectId, v.name, v.kind, now, now);
        dataset = one<DatasetRow>(this.db, 'SELECT * FROM datasets WHERE id = ?', id)!;
      }
      const previous = this.latestRow(dataset.id);
      const id = newId('dsv');
      const version = (previous?.version ?? 0) + 1;
      run(
        this.db,
        `INSERT INTO dataset_versions (id, dataset_id, project_id, version, hash, data_blob, profile_blob, kind, rows, columns, target, source, warnings, diff, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        dataset.id,
        v.projectId,
        version,
        v.hash,
        v.dataBlob,
        v.profileBlob,
        v.kind,
        v.rows,
        JSON.stringify(v.columns),
        v.target,
        v.source,
        JSON.stringify(v.warnings),
        null,
        now,
      );
      run(this.db, 'UPDATE datasets SET updated_at = ? WHERE id = ?', now, dataset.id);
      const row = this.versionRow(id)!;
      if (previous) {
        const diff = { ...v.diffFor(previous), to: { id, version, hash: v.hash } };
        run(this.db, 'UPDATE dataset_versions SET diff = ? WHERE id = ?', JSON.stringify(diff), id);
        row.diff = JSON.stringify(diff);
      }
      return { row, created: true };
    });
    return tx.immediate();
  }

  /** The newest table version of a project that has a target (the one that says the project's classes). */
  newestTargetVersionId(projectId: string): string | undefined {
    return one<{ id: string }>(
      this.db,
      "SELECT id FROM dataset_versions WHERE project_id = ? AND target IS NOT NULL AND kind = 'table' ORDER BY created_at DESC, version DESC LIMIT 1",
      projectId,
    )?.id;
  }

  /** How far a project's data went: its versions, those with a target, and the splits of those. */
  progressCounts(projectId: string): { versions: number; withTarget: number; splits: number } {
    return one<{ versions: number; withTarget: number; splits: number }>(
      this.db,
      `SELECT (SELECT COUNT(*) FROM dataset_versions WHERE project_id = @project) AS versions,
              (SELECT COUNT(*) FROM dataset_versions WHERE project_id = @project AND target IS NOT NULL AND target <> '') AS withTarget,
              (SELECT COUNT(*) FROM dataset_splits s JOIN dataset_versions v ON v.id = s.version_id
                 WHERE v.project_id = @project AND v.target IS NOT NULL AND v.target <> '') AS splits`,
      { project: projectId },
    )!;
  }

  /** The name of a project's first data set. */
  firstName(projectId: string): string | undefined {
    return one<{ name: string }>(this.db, 'SELECT name FROM datasets WHERE project_id = ? ORDER BY created_at LIMIT 1', projectId)?.name;
  }

  /** The ids of a project's versions, newest first. */
  versionIdsOf(projectId: string): { id: string }[] {
    return all(this.db, 'SELECT id FROM dataset_versions WHERE project_id = ? ORDER BY created_at DESC, version DESC', projectId);
  }

  /** A version id as its data set's name and number. */
  versionName(id: string): { name: string; version: number } | undefined {
    return one(this.db, 'SELECT d.name, v.version FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.id = ?', id);
  }

  /** The newest split of a version (the last made when two share a time). */
  newestSplitId(versionId: string): string | undefined {
    return one<{ id: string }>(this.db, 'SELECT id FROM dataset_splits WHERE version_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1', versionId)?.id;
  }

  /** The ids of a version's splits, newest first. */
  splitIds(versionId: string): string[] {
    return all<{ id: string }>(this.db, 'SELECT id FROM dataset_splits WHERE version_id = ? ORDER BY created_at DESC', versionId).map((x) => x.id);
  }

  maybeSplit(id: string): (SplitInfo & { indicesBlob: string }) | undefined {
    const r = one<SplitRow>(this.db, 'SELECT * FROM dataset_splits WHERE id = ?', id);
    return r ? toSplit(r) : undefined;
  }

  findSplit(versionId: string, seed: number, stratified: boolean, fractions: string): (SplitInfo & { indicesBlob: string }) | undefined {
    const r = one<SplitRow>(
      this.db,
      'SELECT * FROM dataset_splits WHERE version_id = ? AND seed = ? AND stratified = ? AND fractions = ?',
      versionId,
      seed,
      stratified ? 1 : 0,
      fractions,
    );
    return r ? toSplit(r) : undefined;
  }

  split(id: string): SplitInfo & { indicesBlob: string } {
    const r = one<SplitRow>(this.db, 'SELECT * FROM dataset_splits WHERE id = ?', id);
    if (!r) throw notFound('split', id);
    return toSplit(r);
  }

  splits(versionId: string): (SplitInfo & { indicesBlob: string })[] {
    return all<SplitRow>(this.db, 'SELECT * FROM dataset_splits WHERE version_id = ? ORDER BY created_at, id', versionId).map(toSplit);
  }

  insertSplit(s: {
    versionId: string;
    seed: number;
    stratified: boolean;
    fractions: string;
    counts: SplitInfo['counts'];
    excluded: number;
    indicesBlob: string;
    chronological?: string;
  }): SplitInfo & { indicesBlob: string } {
    const id = newId('spl');
    run(
      this.db,
      `INSERT OR IGNORE INTO dataset_splits (id, version_id, seed, stratified, fractions, counts, excluded, indices_blob, created_at, chronological)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      s.versionId,
      s.seed,
      s.stratified ? 1 : 0,
      s.fractions,
      JSON.stringify(s.counts),
      s.excluded,
      s.indicesBlob,
      nowIso(),
      s.chronological ?? null,
    );
    return this.findSplit(s.versionId, s.seed, s.stratified, s.fractions)!;
  }
}
