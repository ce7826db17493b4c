import type { Lineage, LineageEdge, LineageNode } from '../../../shared/schemas/registry.js';
import type { RegistryService } from './service.js';
import { tryOr, type DatasetFacts } from './views.js';

const short = (h: string) => (h.length > 12 ? h.slice(0, 12) : h);
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(4))));

/** charter (project) -> data set version -> run (-> evaluations) -> model version, as nodes and edges. */
export function lineageOf(registry: RegistryService, datasets: DatasetFacts | undefined, ref: string): Lineage {
  const { model, version: row } = registry.resolveRef(ref);
  const version = registry.view(model, row);
  const run = registry.deps.runs().get(row.run_id);
  const project = registry.deps.projects.resolve(row.project_id);
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const add = (n: LineageNode) => (nodes.has(n.id) ? undefined : nodes.set(n.id, n));
  const datasetNode = (id: string, fallbackLabel: string) => {
    const d = datasets ? tryOr(() => datasets.resolveVersion(id), null) : null;
    add({
      id: `dataset_version:${id}`,
      kind: 'dataset_version',
      ref: id,
      label: d ? `${d.name}@${d.version}` : fallbackLabel,
      createdAt: d?.createdAt ?? null,
      facts: d ? { rows: String(d.rows), hash: short(d.hash), target: d.target ?? '—', source: d.source } : {},
      focus: false,
    });
    if (!edges.some((e) => e.to === `dataset_version:${id}`)) edges.push({ from: `project:${project.id}`, to: `dataset_version:${id}`, kind: 'contains' });
    return `dataset_version:${id}`;
  };
  add({
    id: `project:${project.id}`,
    kind: 'project',
    ref: project.id,
    label: project.name,
    createdAt: project.createdAt,
    facts: { task: project.taskType, owner: project.owner || '—', criteria: String(project.criteria.length) },
    focus: false,
  });
  const trainedOn = datasetNode(run.datasetVersionId, run.datasetRef);
  add({
    id: `run:${run.id}`,
    kind: 'run',
    ref: run.id,
    label: run.name,
    createdAt: run.createdAt,
    facts: { template: run.template, backend: run.backend ?? '—', status: run.status, params: String(run.paramCount), seed: String(run.params.seed) },
    focus: false,
  });
  edges.push({ from: trainedOn, to: `run:${run.id}`, kind: 'trained_on' });
  const evaluations = registry.deps.evaluations()?.list({ run: run.id, limit: 20 }) ?? [];
  for (const e of evaluations) {
    add({
      id: `evaluation:${e.id}`,
      kind: 'evaluation',
      ref: e.id,
      label: e.datasetRef,
      createdAt: e.createdAt,
      facts: {
        gate: e.gateStatus,
        rows: String(e.rows),
        subset: e.subset,
        ...(e.metrics.accuracy !== undefined ? { accuracy: fmt(e.metrics.accuracy) } : {}),
        ...(e.metrics.rmse !== undefined ? { rmse: fmt(e.metrics.rmse) } : {}),
      },
      focus: false,
    });
    edges.push({ from: `run:${run.id}`, to: `evaluation:${e.id}`, kind: 'evaluated_by' });
    if (e.datasetVersionId !== run.datasetVersionId) edges.push({ from: datasetNode(e.datasetVersionId, e.datasetRef), to: `evaluation:${e.id}`, kind: 'evaluated_on' });
  }
  const vid = `model_version:${row.id}`;
  add({
    id: vid,
    kind: 'model_version',
    ref: row.id,
    label: version.ref,
    createdAt: row.created_at,
    facts: { stage: version.stage, aliases: version.aliases.join(', ') || '—', gate: version.gate.status, package: short(row.package_hash) },
    focus: true,
  });
  edges.push({ from: `run:${run.id}`, to: vid, kind: 'registered_as' });
  if (version.gate.evaluationId && nodes.has(`evaluation:${version.gate.evaluationId}`)) edges.push({ from: `evaluation:${version.gate.evaluationId}`, to: vid, kind: 'gates' });
  return { ref: version.ref, nodes: [...nodes.values()], edges };
}
