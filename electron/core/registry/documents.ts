import type { DatasetProfile, DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { CardEdits, CardLanguage, Lineage, LineageEdge, LineageNode, ModelCard } from '../../../shared/schemas/registry.js';
import { CICLO_VERSION } from '../version.js';
import { cardMarkdown, cardMetadata, cardSections, cardTranslator, type CardFacts } from './card.js';
import { cardPage, escapeHtml, markdownToHtml } from './card-html.js';
import type { RegistryService } from './service.js';

/** What the card and the lineage read from the data phase (services.datasets). */
export interface DatasetFacts {
  resolveVersion(ref: string, projectId?: string): DatasetVersion;
  row(ref: string): unknown;
  profile(row: never): DatasetProfile;
  getSplit(splitId: string): { seed: number; counts: { train: number; validation: number; test: number } };
}

function tryOr<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Everything a card says, gathered from the stores. */
export function cardFacts(registry: RegistryService, datasets: DatasetFacts | undefined, ref: string): CardFacts {
  const { model, version: row } = registry.resolveRef(ref);
  const version = registry.view(model, row);
  const run = registry.deps.runs().get(row.run_id);
  const project = registry.deps.projects.resolve(row.project_id);
  const dataset = datasets ? tryOr(() => datasets.resolveVersion(row.dataset_version_id), null) : null;
  let classBalance: CardFacts['classBalance'] = null;
  if (datasets && dataset) {
    const profile = tryOr(() => datasets.profile(datasets.row(dataset.id) as never), null);
    if (profile?.kind === 'table') classBalance = profile.target?.classes ?? null;
    else if (profile?.kind === 'images') classBalance = profile.classes.map((c) => ({ value: c.name, count: c.count }));
  }
  const split = datasets ? tryOr(() => datasets.getSplit(run.splitId), null) : null;
  const evaluations = registry.deps.evaluations();
  const evaluation = version.gate.evaluationId && evaluations ? evaluations.get(version.gate.evaluationId) : null;
  const moves = registry.store.events(model.id).filter((e) => e.toVersion === row.version && e.action !== 'version_updated' && e.action !== 'card_edited');
  return {
    version,
    project,
    run,
    dataset,
    classBalance,
    split: split ? { ...split.counts, seed: split.seed } : null,
    evaluation,
    moves,
    edits: registry.store.cardEdits(row.id),
  };
}

export function modelCard(registry: RegistryService, datasets: DatasetFacts | undefined, ref: string, lang: CardLanguage): ModelCard {
  const facts = cardFacts(registry, datasets, ref);
  const sections = cardSections(facts, lang);
  const markdown = cardMarkdown(facts, lang, sections);
  const t = cardTranslator(lang);
  const title = t('title', { ref: facts.version.ref });
  const body = [`<h1>${escapeHtml(title)}</h1>`];
  if (facts.version.description) body.push(markdownToHtml(facts.version.description));
  for (const s of sections) body.push(`<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${markdownToHtml(s.markdown)}</section>`);
  const bodyHtml = body.join('\n');
  return {
    ref: facts.version.ref,
    lang,
    metadata: cardMetadata(facts),
    markdown,
    bodyHtml,
    html: cardPage(title, bodyHtml, lang, `Ciclo ${CICLO_VERSION} · ${facts.version.id}`),
    sections,
    edits: facts.edits,
  };
}

export function saveCardEdits(registry: RegistryService, ref: string, edits: { limitations?: string; ethicalConsiderations?: string }, door: string): CardEdits & { id: string; projectId: string; ref: string } {
  const { model, version } = registry.resolveRef(ref);
  const current = registry.store.cardEdits(version.id);
  const next = { limitations: edits.limitations ?? current.limitations, ethicalConsiderations: edits.ethicalConsiderations ?? current.ethicalConsiderations };
  const now = registry.now();
  const actor = registry.actor();
  registry.store.tx(() => {
    registry.store.saveCardEdits(version.id, next, now, actor);
    registry.store.appendEvent(model.id, now, { action: 'card_edited', toVersion: version.version, actor, door });
  });
  return { ...registry.store.cardEdits(version.id), id: version.id, projectId: version.project_id, ref: `${model.name}@${version.version}` };
}

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
      facts: { gate: e.gatePassed ? 'passed' : 'failed', rows: String(e.rows), subset: e.subset, ...(e.metrics.accuracy !== undefined ? { accuracy: fmt(e.metrics.accuracy) } : {}), ...(e.metrics.rmse !== undefined ? { rmse: fmt(e.metrics.rmse) } : {}) },
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
