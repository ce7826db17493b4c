import type { DatasetProfile, DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { Evaluation, EvaluationSummary } from '../../../shared/schemas/evaluation.js';
import type { ModelVersion, RegisteredModel, VersionGate } from '../../../shared/schemas/registry.js';
import type { Run } from '../../../shared/schemas/training.js';
import type { ModelRow, RegistryStore, VersionRow } from '../store/registry-store.js';

/** What the registry reads from the training domain (services.training). */
export interface RunFacts {
  get(id: string): Run;
}

/** What the registry reads from the evaluation domain (services.evaluation). */
export interface EvaluationFacts {
  list(filter: { run?: string; limit?: number }): EvaluationSummary[];
  get(id: string): Evaluation;
}

const MISSING: VersionGate = { status: 'missing', evaluationId: null, datasetRef: null, evaluatedAt: null, failed: [] };

/** The gate of a run's latest evaluation: what promotion checks. */
export function gateOfRun(evaluations: EvaluationFacts | undefined, runId: string): { gate: VersionGate; latest: EvaluationSummary | null } {
  const latest = evaluations?.list({ run: runId, limit: 1 })[0];
  if (!evaluations || !latest) return { gate: MISSING, latest: null };
  const base = { evaluationId: latest.id, datasetRef: latest.datasetRef, evaluatedAt: latest.createdAt };
  if (latest.gateStatus === 'passed' || latest.gateStatus === 'no_criteria') return { gate: { status: latest.gateStatus, ...base, failed: [] }, latest };
  const failed = evaluations.get(latest.id).gate.checks.filter((c) => !c.passed);
  return { gate: { status: 'failed', ...base, failed }, latest };
}

export function versionView(store: RegistryStore, runs: RunFacts, evaluations: EvaluationFacts | undefined, model: ModelRow, r: VersionRow): ModelVersion {
  const run = runs.get(r.run_id);
  const { gate, latest } = gateOfRun(evaluations, r.run_id);
  return {
    id: r.id,
    modelId: model.id,
    modelName: model.name,
    projectId: r.project_id,
    version: r.version,
    ref: `${model.name}@${r.version}`,
    runId: r.run_id,
    runName: run.name,
    datasetVersionId: r.dataset_version_id,
    datasetRef: run.datasetRef,
    packageHash: r.package_hash,
    registeredEvaluationId: r.evaluation_id,
    registeredGatePassed: r.gate_passed === null ? null : r.gate_passed === 1,
    gate,
    stage: r.stage,
    aliases: store.aliasesOfVersion(r.id),
    description: r.description,
    tags: JSON.parse(r.tags) as string[],
    metrics: latest?.metrics ?? {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function modelView(store: RegistryStore, model: ModelRow, projectName: string): RegisteredModel {
  const versions = store.versions(model.id);
  return {
    id: model.id,
    projectId: model.project_id,
    projectName,
    name: model.name,
    description: model.description,
    archived: model.archived === 1,
    versionCount: versions.length,
    latestVersion: versions[0]?.version ?? null,
    aliases: store.aliases(model.id),
    productionVersion: versions.find((v) => v.stage === 'production')?.version ?? null,
    createdAt: model.created_at,
    updatedAt: model.updated_at,
  };
}

/** What the card and the lineage read from the data phase (services.datasets). */
export interface DatasetFacts {
  resolveVersion(ref: string, projectId?: string): DatasetVersion;
  row(ref: string): unknown;
  profile(row: never): DatasetProfile;
  getSplit(splitId: string): { seed: number; counts: { train: number; validation: number; test: number } };
}

export function tryOr<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
