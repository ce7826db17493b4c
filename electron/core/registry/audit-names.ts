import type { AuditNames } from '../../../shared/schemas/registry.js';
import { DatasetStore } from '../store/dataset-store.js';
import type { Db } from '../store/db.js';
import { succeededJobResult } from '../store/job-store.js';
import { RegistryStore } from '../store/registry-store.js';
import { RunStore } from '../store/run-store.js';

/**
 * Resolves the ids an audit event mentions (in its recorded input, its details or its subject) to the
 * names a person knows: run name, data set name@version, model name and version number. Looks up each id
 * once per timeline; an id that no longer exists (deleted) resolves to nothing and the id is shown.
 */
export class AuditNameResolver {
  private readonly cache = new Map<string, unknown>();

  private readonly runs: RunStore;
  private readonly datasets: DatasetStore;
  private readonly registry: RegistryStore;

  constructor(private readonly db: Db) {
    this.runs = new RunStore(db);
    this.datasets = new DatasetStore(db);
    this.registry = new RegistryStore(db);
  }

  private memo<T>(key: string, load: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as T;
  }

  run(id: string): { name: string; datasetVersionId: string } | undefined {
    return this.memo(`run:${id}`, () => this.runs.nameOf(id));
  }

  /** A data set version id as name@N. */
  datasetName(id: string): string | undefined {
    return this.memo(`ds:${id}`, () => {
      const r = this.datasets.versionName(id);
      return r ? `${r.name}@${r.version}` : undefined;
    });
  }

  /** The version an import job made, as name@N (an import is a job: its audit subject is the job). */
  importedVersion(jobId: string): string | undefined {
    return this.memo(`job:${jobId}`, () => {
      const r = succeededJobResult(this.db, jobId);
      try {
        const id = r?.result ? (JSON.parse(r.result) as { version?: { id?: unknown } }).version?.id : undefined;
        return typeof id === 'string' ? this.datasetName(id) : undefined;
      } catch {
        return undefined;
      }
    });
  }

  /** A model version id as its model's name and number. */
  modelVersion(id: string): { model: string; version: number } | undefined {
    return this.memo(`mv:${id}`, () => this.registry.versionName(id));
  }

  /** A model by id or name (the part of a reference before "@"). */
  modelName(ref: string): string | undefined {
    return this.memo(`m:${ref}`, () => {
      return this.registry.modelByRef(ref)?.name;
    });
  }

  /** The version a run was registered as under a model (what model.register created). */
  versionOfRun(model: string, runId: string): number | undefined {
    return this.memo(`reg:${model}:${runId}`, () => this.registry.versionNumberOfRun(model, runId));
  }

  /** The names of one event: from its subject first (what the call created or changed), then its input. */
  namesOf(action: string, subjectId: string | null, details: Record<string, unknown>): AuditNames {
    const input = (details.input && typeof details.input === 'object' ? details.input : {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const names: AuditNames = {};

    const runId = text(input.run) ?? text(details.runId) ?? (action.startsWith('run.') ? text(input.id) : undefined) ?? (action === 'train.start' ? text(subjectId) : undefined);
    const run = runId ? this.run(runId) : undefined;
    if (run) names.run = run.name;

    // a version id resolves to name@N; a training run records the version its "name" or "name@N" meant
    const datasetRef = text(input.dataset) ?? text(details.dataset);
    const dataset =
      (datasetRef && this.datasetName(datasetRef)) ??
      (action === 'train.start' && run ? this.datasetName(run.datasetVersionId) : undefined) ??
      (action.startsWith('dataset.') && subjectId ? this.datasetName(subjectId) : undefined) ??
      (action === 'dataset.import' && subjectId ? this.importedVersion(subjectId) : undefined) ??
      (datasetRef && /@\d+$/.test(datasetRef) ? datasetRef : undefined);
    if (dataset) names.dataset = dataset;

    const subject = subjectId ? this.modelVersion(subjectId) : undefined;
    if (subject) {
      names.model = subject.model;
      names.version = subject.version;
    } else if (action.startsWith('model.') || action === 'lineage.get') {
      const ref = text(input.model) ?? '';
      const [base, selector] = ref.split('@');
      const model = (base && this.modelName(base)) ?? (action === 'model.register' ? text(input.name) : undefined);
      if (model) names.model = model;
      if (selector && /^\d+$/.test(selector)) names.version = Number(selector);
      else if (typeof input.version === 'number') names.version = input.version;
      else if (action === 'model.register' && model && runId) {
        const v = this.versionOfRun(model, runId);
        if (v !== undefined) names.version = v;
      }
    }
    return names;
  }
}
