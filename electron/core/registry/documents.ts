import type { CardLanguage, ModelCard } from '../../../shared/schemas/registry.js';
import { CICLO_VERSION } from '../version.js';
import { cardMarkdown, cardMetadata, cardSections, cardTranslator, type CardFacts } from './card.js';
import { cardPage, escapeHtml, markdownToHtml } from './card-html.js';
import type { RegistryService } from './service.js';
import { tryOr, type DatasetFacts } from './views.js';

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
