import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { MethodInput, ParsedInput } from '../../../shared/contract/api.js';
import type { Column, DatasetProfile, DatasetVersion, ImportResult, SplitInfo, VersionDiff } from '../../../shared/schemas/dataset.js';
import type { Job } from '../../../shared/schemas/system.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { EventBus } from '../events.js';
import type { JobContext, JobRunner } from '../jobs/runner.js';
import type { ProjectService } from '../projects/service.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { imageStream, readImageBlob, readTableBlob, storeTable, tableStream, versionHash, type RawImages } from './blob-format.js';
import type { RawTable } from './columns.js';
import { diffImages, diffTables, type DiffSide } from './diff.js';
import { viewOf } from './cells.js';
import { checkSource, defaultName, readSource, type ReadData } from './importer.js';
import { decideSchema } from './infer.js';
import { assertTokensRemovable } from './prep-choices.js';
import type { ReadProgress } from './parse-csv.js';
import { profileTable } from './profile.js';
import { checkFractions, chronologicalSplit, dateColumnIndex, decodeSplit, encodeSplit, splitRows } from './splits.js';
import { DatasetStore, toDetail, toVersion, type VersionRow } from '../store/dataset-store.js';
import { classCodes, numbersOf, typedValues } from './typed.js';
import type { DatasetAccess, LoadedImages, LoadedTable, SplitIndices } from './types.js';
import { validateVersion } from './validate.js';
import { cellIssues } from './validate-cells.js';

export type ImportInput = ParsedInput<'dataset.import'>;

export interface StagedData {
  dataBlob: string;
  profileBlob: string;
}

const strip = ({ indicesBlob: _blob, ...info }: SplitInfo & { indicesBlob: string }): SplitInfo => info;

const DEFAULT_FRACTIONS = { train: 0.7, validation: 0.15, test: 0.15 };

/** The data phase: imports, versions, profiles, validation and splits; also what other domains read data through. */
export class DatasetService implements DatasetAccess {
  readonly store: DatasetStore;
  private cache: { hash: string; data: RawTable | RawImages } | null = null;

  constructor(
    db: Db,
    private readonly blobs: BlobStore,
    private readonly projects: ProjectService,
    private readonly jobs: JobRunner,
    private readonly events: EventBus,
    /** where browser-mode uploads land (`<dataDir>/uploads/<random>/<name>`); removed once imported */
    private readonly uploadsDir: string | null = null,
  ) {
    this.store = new DatasetStore(db);
    projects.addStageProbe('data', (projectId) => this.store.hasAny(projectId));
  }

  /**
   * Starts an import job after the cheap checks (project, path); its result is an ImportResult. An
   * uploaded file (under the uploads folder) is removed with its folder once the job ends, however it ends.
   */
  startImport(input: ImportInput): Job {
    const upload = this.uploadFolder(path.resolve(input.path));
    const removeUpload = () => {
      if (upload) fs.rmSync(upload, { recursive: true, force: true });
    };
    let projectId: string;
    try {
      projectId = this.projects.resolve(input.project).id;
      checkSource(path.resolve(input.path), input.format);
    } catch (err) {
      removeUpload();
      throw err;
    }
    return this.jobs.start({
      kind: 'dataset.import',
      projectId,
      run: async (ctx: JobContext) => {
        try {
          const result = await this.importFile(input, { signal: ctx.signal, progress: (f, m) => ctx.progress(f, m) });
          this.events.emit('workspace.changed', { topic: 'dataset', projectId });
          return result;
        } finally {
          removeUpload();
        }
      },
      // also when the job is cancelled before it runs
      onEnd: removeUpload,
    });
  }

  /** The `<uploads>/<random>` folder holding `file`, when it is an upload; null for any other path. */
  uploadFolder(file: string): string | null {
    if (!this.uploadsDir) return null;
    const rel = path.relative(this.uploadsDir, file);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return path.join(this.uploadsDir, rel.split(path.sep)[0]);
  }

  /** Imports a file or folder: reads, types, profiles, then stores a version (or finds the identical one). */
  async importFile(input: MethodInput<'dataset.import'>, report: ReadProgress = {}): Promise<ImportResult> {
    const project = this.projects.resolve(input.project);
    const file = path.resolve(input.path);
    const name = input.name?.trim() || defaultName(file);
    const previousRow = this.store.latestByName(project.id, name);
    // the table's data blob is written while its profile is computed
    let dataBlob: Promise<{ hash: string }> | null = null;
    const read = await readSource(
      file,
      {
        ...input,
        whileProfiling: (table, thread) => (dataBlob = storeTable(this.blobs, table, thread)),
        taskType: project.taskType,
        previous: previousRow && previousRow.kind !== 'images' ? { columns: JSON.parse(previousRow.columns) as Column[], target: previousRow.target } : null,
      },
      report,
    );
    if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
    if (previousRow && previousRow.kind !== read.kind) {
      const message = `Data set "${name}" holds ${previousRow.kind === 'images' ? 'images' : 'a table'}; import this ${read.kind === 'images' ? 'image set' : 'table'} under another name.`;
      throw new AppError('conflict', message, { issues: [{ path: [], key: 'import.kind_conflict', params: { name, stored: previousRow.kind, imported: read.kind }, message }] });
    }
    report.progress?.(0.93, 'Storing');
    // an upload's temporary path means nothing to the user: its source is the file name they gave
    return this.store_(project.id, name, this.uploadFolder(file) ? path.basename(file) : file, read, dataBlob);
  }

  private async store_(projectId: string, name: string, source: string, read: ReadData, dataBlob: Promise<{ hash: string }> | null = null): Promise<ImportResult> {
    return this.commit(projectId, name, source, read, await this.stage(read, dataBlob));
  }

  /** Reads a file for a project that does not exist yet (a sample's): nothing is stored. */
  readForNewProject(file: string, options: { target: string; taskType: TaskType }): Promise<ReadData> {
    return readSource(file, { target: options.target, taskType: options.taskType, previous: null }, {});
  }

  /** Writes the blobs of a read (content-addressed: the same content is one blob, so a retry adds nothing). */
  async stage(read: ReadData, dataBlob: Promise<{ hash: string }> | null = null): Promise<StagedData> {
    const stored = await (dataBlob ?? this.blobs.putStream(read.kind === 'table' ? tableStream(read.table) : imageStream(read.images)));
    this.cache = { hash: stored.hash, data: read.kind === 'table' ? read.table : read.images };
    return { dataBlob: stored.hash, profileBlob: this.blobs.putJson(read.profile) };
  }

  /**
   * Records a version over staged blobs, or finds the identical one. Synchronous, so a caller can run it
   * in one transaction with its own writes (a sample project and its data set).
   */
  commit(projectId: string, name: string, source: string, read: ReadData, staged: StagedData): ImportResult {
    const stored = { hash: staged.dataBlob };
    const profileBlob = staged.profileBlob;
    const data = read.kind === 'table' ? read.table : read.images;
    const hash = versionHash(stored.hash, read.columns, read.target);
    const rows = read.kind === 'table' ? read.table.rows : read.images.rows;
    const latest = this.store.latestByName(projectId, name);
    const toSide: DiffSide = { id: 'new', version: 0, hash, rows, columns: read.columns, target: read.target };
    // the diff against the latest version is computed before the write transaction, so the lock is held briefly
    const early = latest && latest.hash !== hash ? { prevId: latest.id, diff: this.diffRaw(latest, toSide, data) } : null;
    const { row, created } = this.store.insertVersion({
      projectId,
      name,
      kind: read.kind,
      hash,
      dataBlob: stored.hash,
      profileBlob,
      rows,
      columns: read.columns,
      target: read.target,
      source,
      warnings: read.warnings,
      diffFor: (prev) => (early && early.prevId === prev.id ? early.diff : this.diffRaw(prev, toSide, data)),
    });
    const version = toVersion(row);
    return {
      projectId,
      version,
      created,
      warnings: read.warnings,
      validation: validateVersion(
        version,
        read.profile,
        this.projects.resolve(projectId).taskType,
        read.kind === 'table' ? this.cellChecks(read.table, read.columns, read.warnings) : [],
      ),
      diff: created ? toDetail(row).diff : null,
    };
  }

  private diffRaw(prev: VersionRow, to: DiffSide, toData: RawTable | RawImages): VersionDiff {
    const from: DiffSide = { id: prev.id, version: prev.version, hash: prev.hash, rows: prev.rows, columns: JSON.parse(prev.columns) as Column[], target: prev.target };
    const fromData = this.rawData(prev);
    return 'columns' in toData ? diffTables(from, fromData as RawTable, to, toData) : diffImages(from, fromData as RawImages, to, toData);
  }

  /** The stored content of a version (one recently used one is kept in memory). */
  rawData(row: VersionRow): RawTable | RawImages {
    if (this.cache?.hash === row.data_blob) return this.cache.data;
    const file = this.blobs.pathOf(row.data_blob);
    const data = row.kind === 'images' ? readImageBlob(file) : readTableBlob(file);
    this.cache = { hash: row.data_blob, data };
    return data;
  }

  rawTable(row: VersionRow): RawTable {
    if (row.kind !== 'table') throw new AppError('invalid_input', `Data set "${row.name}" v${row.version} holds images, not a table.`);
    return this.rawData(row) as RawTable;
  }

  /** The stored table as the version's columns read it (their missing-value tokens applied). */
  tableView(row: VersionRow): RawTable {
    return viewOf(this.rawTable(row), JSON.parse(row.columns) as Column[]);
  }

  private cellChecks(raw: RawTable, columns: Column[], warnings: { key: string }[]) {
    return cellIssues(viewOf(raw, columns), columns, !warnings.some((w) => w.key === 'import.no_header'));
  }

  rawImages(row: VersionRow): RawImages {
    if (row.kind !== 'images') throw new AppError('invalid_input', `Data set "${row.name}" v${row.version} is a table, not an image set.`);
    return this.rawData(row) as RawImages;
  }

  /** Changes types, roles or the target: a new version over the same stored data (or the identical existing one). */
  updateSchema(input: ParsedInput<'dataset.updateSchema'>): Promise<ImportResult> {
    const row = this.row(input.dataset, input.project);
    if (row.kind === 'images') {
      throw new AppError('invalid_input', `Data set "${row.name}" holds images; its schema (one "label" target) cannot change.`);
    }
    const table = this.rawTable(row);
    const current = JSON.parse(row.columns) as Column[];
    const task = this.projects.resolve(row.project_id).taskType;
    const source = `${row.name} v${row.version}`;
    const tokens = new Map(current.map((c) => [c.name, c.missingTokens]));
    for (const [name, choice] of Object.entries(input.prep)) {
      const k = table.columns.findIndex((c) => c.name === name);
      if (k < 0 || !choice.missingTokens) continue;
      assertTokensRemovable(table.columns[k], current[k]?.missingTokens ?? [], choice.missingTokens, path.basename(row.source));
      tokens.set(name, choice.missingTokens);
    }
    const view = viewOf(
      table,
      [...tokens].map(([name, missingTokens]) => ({ name, missingTokens })),
    );
    const schema = decideSchema(view, {
      target: input.target,
      types: input.types,
      roles: input.roles,
      prep: input.prep,
      previous: { columns: current, target: row.target },
      taskType: task,
      source,
    });
    const profile = profileTable(view, schema.columns, schema.target);
    return this.store_(row.project_id, row.name, row.source, { kind: 'table', table, columns: schema.columns, target: schema.target, warnings: [], profile });
  }

  row(ref: string, project?: string): VersionRow {
    return this.store.resolve(ref, project ? this.projects.idOf(project) : undefined);
  }

  resolveVersion(ref: string, projectId?: string): DatasetVersion {
    return toVersion(this.row(ref, projectId));
  }

  profile(row: VersionRow): DatasetProfile {
    return this.blobs.readJson<DatasetProfile>(row.profile_blob);
  }

  validate(row: VersionRow) {
    const cells = row.kind === 'table' ? this.cellChecks(this.rawTable(row), JSON.parse(row.columns) as Column[], JSON.parse(row.warnings) as { key: string }[]) : [];
    const issues = validateVersion(toVersion(row), this.profile(row), this.projects.resolve(row.project_id).taskType, cells);
    return { ok: !issues.some((i) => i.severity === 'error'), issues };
  }

  diff(fromRef: string, toRef: string, project?: string): VersionDiff {
    const from = this.row(fromRef, project);
    const to = this.row(toRef, project ?? from.project_id);
    const side = (r: VersionRow): DiffSide => ({ id: r.id, version: r.version, hash: r.hash, rows: r.rows, columns: JSON.parse(r.columns) as Column[], target: r.target });
    const toData = this.rawData(to);
    const fromData = this.rawData(from);
    if (from.kind !== to.kind) throw new AppError('invalid_input', 'A table and an image set cannot be compared.');
    return from.kind === 'table'
      ? diffTables(side(from), fromData as RawTable, side(to), toData as RawTable)
      : diffImages(side(from), fromData as RawImages, side(to), toData as RawImages);
  }

  storedTable(versionId: string): RawTable {
    return this.rawTable(this.row(versionId));
  }

  async loadTable(versionId: string): Promise<LoadedTable> {
    const row = this.row(versionId);
    const table = this.tableView(row);
    const columns = JSON.parse(row.columns) as Column[];
    const values: LoadedTable['values'] = {};
    table.columns.forEach((c, k) => (values[c.name] = typedValues(c, columns[k].type, columns[k].dateOrder)));
    return { version: toVersion(row), columns, rowCount: table.rows, values, stored: this.rawTable(row) };
  }

  async loadImages(versionId: string): Promise<LoadedImages> {
    const row = this.row(versionId);
    const images = this.rawImages(row);
    return {
      version: toVersion(row),
      rowCount: images.rows,
      height: images.height,
      width: images.width,
      channels: images.channels,
      classes: images.classes,
      pixels: images.pixels,
      labels: images.labels,
    };
  }

  /** Which rows can be split and their strata: class codes, or 0 for rows with a numeric target; -1 = left out. */
  private strata(row: VersionRow): { groups: Int32Array; categorical: boolean } {
    if (row.kind === 'images') {
      const images = this.rawImages(row);
      return { groups: images.labels, categorical: true };
    }
    const table = this.tableView(row);
    const columns = JSON.parse(row.columns) as Column[];
    const k = row.target ? columns.findIndex((c) => c.name === row.target) : -1;
    if (k < 0) return { groups: new Int32Array(table.rows), categorical: false };
    const type = columns[k].type;
    if (type === 'categorical' || type === 'boolean') return { groups: classCodes(table.columns[k], type).codes, categorical: true };
    if (type === 'text') return { groups: classCodes(table.columns[k], 'categorical').codes.map((c) => (c < 0 ? -1 : 0)), categorical: false };
    const nums = numbersOf(table.columns[k], type);
    return { groups: Int32Array.from(nums, (v) => (v === v ? 0 : -1)), categorical: false };
  }

  ensureSplit(versionId: string, options: { seed?: number; fractions?: { train: number; validation: number; test: number }; stratify?: boolean } = {}): SplitIndices {
    // other domains ask for stratification by task; without a class target the split is simply not stratified
    const info = this.makeSplit(this.row(versionId), options, false);
    return this.getSplit(info.id);
  }

  makeSplit(
    row: VersionRow,
    options: { seed?: number; fractions?: { train: number; validation: number; test: number }; stratify?: boolean; chronological?: string },
    strict = true,
  ): SplitInfo {
    if (options.chronological) return this.makeChronologicalSplit(row, options.chronological, options.fractions ?? DEFAULT_FRACTIONS, options.stratify);
    const seed = options.seed ?? 42;
    const fractions = options.fractions ?? DEFAULT_FRACTIONS;
    checkFractions(fractions);
    const { groups, categorical } = this.strata(row);
    const stratified = (options.stratify ?? categorical) && (categorical || strict);
    if (stratified && !categorical) {
      throw new AppError('invalid_input', `Data set "${row.name}" v${row.version} has no categorical target, so its split cannot be stratified.`);
    }
    const key = JSON.stringify([fractions.train, fractions.validation, fractions.test]);
    const existing = this.store.findSplit(row.id, seed, stratified, key);
    if (existing) return strip(existing);
    const parts = splitRows(groups, fractions, seed, stratified);
    const blob = this.blobs.put(encodeSplit(parts));
    return strip(
      this.store.insertSplit({
        versionId: row.id,
        seed,
        stratified,
        fractions: key,
        counts: { train: parts.train.length, validation: parts.validation.length, test: parts.test.length },
        excluded: parts.excluded,
        indicesBlob: blob,
      }),
    );
  }

  /** A split ordered by a datetime column (oldest rows train, newest test); the seed plays no part (stored as 0). */
  private makeChronologicalSplit(row: VersionRow, column: string, fractions: { train: number; validation: number; test: number }, stratify?: boolean): SplitInfo {
    checkFractions(fractions);
    if (stratify) throw new AppError('invalid_input', 'A chronological split keeps the time order, so it cannot also be stratified; leave out --stratify.');
    if (row.kind === 'images') throw new AppError('invalid_input', `Data set "${row.name}" holds images; only a table with a datetime column can be split chronologically.`);
    const columns = JSON.parse(row.columns) as Column[];
    const k = dateColumnIndex(row, columns, column);
    const key = JSON.stringify([fractions.train, fractions.validation, fractions.test, column]);
    const existing = this.store.findSplit(row.id, 0, false, key);
    if (existing) return strip(existing);
    const { groups } = this.strata(row);
    const parts = chronologicalSplit(groups, numbersOf(this.tableView(row).columns[k], 'datetime', false, columns[k].dateOrder), fractions);
    const blob = this.blobs.put(encodeSplit(parts));
    const counts = { train: parts.train.length, validation: parts.validation.length, test: parts.test.length };
    return strip(
      this.store.insertSplit({ versionId: row.id, seed: 0, stratified: false, fractions: key, counts, excluded: parts.excluded, indicesBlob: blob, chronological: column }),
    );
  }

  getSplit(splitId: string): SplitIndices {
    const { indicesBlob, excluded: _excluded, ...info } = this.store.split(splitId);
    return { ...info, ...decodeSplit(this.blobs.read(indicesBlob)) };
  }

  splits(row: VersionRow): SplitInfo[] {
    return this.store.splits(row.id).map(({ indicesBlob: _blob, ...info }) => info);
  }
}
