import YAML from 'yaml';
import en from '../../../shared/i18n/locales/registry.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/registry.es.json' with { type: 'json' };
import { localeTexts } from '../../../shared/i18n/texts.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { Evaluation } from '../../../shared/schemas/evaluation.js';
import type { Project } from '../../../shared/schemas/project.js';
import { cardSectionIds, type CardEdits, type CardLanguage, type ModelEvent, type ModelVersion } from '../../../shared/schemas/registry.js';
import type { Layer, Run } from '../../../shared/schemas/training.js';
import { formatCountIn, formatDateTimeIn, formatDayIn, formatDurationIn, formatMetricIn, formatNumberIn, formatPercentIn, isPercentMetric } from '../../../shared/locale-format.js';
import { layerText, metricName, valueName } from '../../../shared/names.js';
import type { Criterion } from '../../../shared/schemas/charter.js';

/**
 * The model card as Markdown with YAML front matter, in the Hugging Face model-card layout. Built only
 * from stored facts (charter, data set version, run, evaluation, registry history) plus the sections
 * people write (limitations, ethical considerations), kept per version. Titles in the card's language.
 */

export interface CardFacts {
  version: ModelVersion;
  project: Project;
  run: Run;
  dataset: DatasetVersion | null;
  /** Class balance of the training data (classification), from the data set profile. */
  classBalance: { value: string; count: number }[] | null;
  split: { train: number; validation: number; test: number; seed: number } | null;
  evaluation: Evaluation | null;
  /** History entries that moved this version (oldest first). */
  moves: ModelEvent[];
  edits: CardEdits;
}

export type SectionId = (typeof cardSectionIds)[number];
export interface CardSection {
  id: SectionId;
  title: string;
  markdown: string;
  editable: boolean;
}

export function cardTranslator(lang: CardLanguage) {
  const fn: (key: string, params?: Record<string, string | number>) => string = localeTexts({ en, es }, lang, { prefix: 'card' });
  // the card's language travels with its translator: numbers, dates and names in the same language
  return Object.assign(fn, { lang });
}
type T = ReturnType<typeof cardTranslator>;

/** A table cell: no pipes or line breaks that would break the Markdown table. */
function cell(v: unknown): string {
  return String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function mdTable(head: string[], rows: unknown[][]): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** A metric value in the card's language (MAPE as a percentage, scores with 4 decimals). */
const val = (t: T, metric: string, v: number | null | undefined) => formatMetricIn(t.lang, metric, v);
const symbols: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };
/** "Exactitud ≥ 0,9" */
function criterion(t: T, c: Pick<Criterion, 'metric' | 'comparator' | 'threshold'>): string {
  const threshold = isPercentMetric(c.metric) ? formatPercentIn(t.lang, c.threshold, 2) : formatNumberIn(t.lang, c.threshold, 6);
  return `${metricName(c.metric, t.lang)} ${symbols[c.comparator] ?? c.comparator} ${threshold}`;
}

const bullet = (label: string, value: string) => `- **${label}:** ${value}`;

export function describeLayer(l: Layer): string {
  switch (l.type) {
    case 'dense':
      return `dense ${l.units} ${l.activation}${l.l2 ? ` (L2 ${l.l2})` : ''}`;
    case 'dropout':
      return `dropout ${l.rate}`;
    case 'batchNorm':
      return 'batch normalisation';
    case 'conv2d':
      return `conv2d ${l.filters}×${l.kernelSize}×${l.kernelSize} stride ${l.strides} ${l.padding} ${l.activation}`;
    case 'maxPool2d':
      return `max pool ${l.poolSize}`;
    case 'flatten':
      return 'flatten';
    case 'globalAvgPool2d':
      return 'global average pool';
  }
}

function moveText(e: ModelEvent, t: T): string {
  const stage = (s: string | null) => (s ? t(`stages.${s}`) : '—');
  if (e.action === 'alias_set' || e.action === 'alias_removed') return t(`moves.${e.action}`, { alias: e.alias ?? '' });
  if (e.action === 'rollback') return t('moves.rollback', { slot: e.alias ?? stage('production') });
  if (e.action === 'stage_changed') return t('moves.stage_changed', { from: stage(e.fromStage), to: stage(e.toStage) });
  return t('moves.registered');
}

function details(f: CardFacts, t: T): string {
  const v = f.version;
  const lines = [
    bullet(t('details.model'), t('details.modelValue', { name: v.modelName, version: v.version })),
    v.description ? bullet(t('details.description'), v.description) : '',
    bullet(t('details.owner'), f.project.owner || t('notStated')),
    bullet(t('details.project'), f.project.name),
    bullet(t('details.task'), t(`tasks.${f.project.taskType}`)),
    bullet(t('details.modelType'), `${valueName('template', f.run.template, t.lang)} (${valueName('inputKind', f.run.design.inputKind, t.lang)})`),
    bullet(t('details.framework'), `TensorFlow.js ${f.run.environment?.tfjsVersion ?? ''}`.trim()),
    bullet(t('details.registered'), formatDayIn(t.lang, v.createdAt)),
    bullet(t('details.stage'), t(`stages.${v.stage}`)),
    bullet(t('details.aliases'), v.aliases.length ? v.aliases.join(', ') : t('none')),
    v.tags.length ? bullet(t('details.tags'), v.tags.join(', ')) : '',
    bullet(t('details.package'), `\`${v.packageHash}\``),
  ].filter(Boolean);
  const moves = f.moves.filter((e) => e.action !== 'registered');
  if (moves.length) {
    lines.push(
      '',
      `### ${t('details.promotions')}`,
      '',
      mdTable(
        [t('details.when'), t('details.move'), t('details.gate'), t('details.reason'), t('details.by')],
        moves.map((e) => [
          formatDateTimeIn(t.lang, e.at),
          moveText(e, t),
          e.gateStatus ? `${t(`gateStatus.${e.gateStatus}`)}${e.override ? ` (${t('details.override')})` : ''}` : '—',
          e.reason || '—',
          `${e.actor} (${e.door})`,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

function uses(f: CardFacts, t: T): string {
  const p = f.project;
  const lines = [p.intendedUse || `_${t('notStated')}_`];
  if (p.description) lines.push('', bullet(t('uses.projectDescription'), p.description));
  lines.push('', bullet(t('uses.criteria'), p.criteria.length ? p.criteria.map((c) => criterion(t, c)).join('; ') : t('none')));
  return lines.join('\n');
}

function trainingData(f: CardFacts, t: T): string {
  const d = f.dataset;
  const lines = [
    bullet(t('data.dataset'), d ? t('data.datasetValue', { ref: `${d.name}@${d.version}`, hash: `\`${d.hash}\`` }) : f.run.datasetRef),
    d ? bullet(t('data.rows'), formatCountIn(t.lang, d.rows)) : '',
    f.split ? bullet(t('data.split'), t('data.splitValue', { train: f.split.train, validation: f.split.validation, test: f.split.test, seed: f.split.seed })) : '',
    d?.target ? bullet(t('data.target'), `\`${d.target}\``) : '',
    f.run.features.length ? bullet(t('data.features'), f.run.features.map((x) => `\`${x}\``).join(', ')) : '',
  ].filter(Boolean);
  if (f.classBalance?.length) {
    const total = f.classBalance.reduce((a, c) => a + c.count, 0) || 1;
    lines.push(
      '',
      `### ${t('data.classBalance')}`,
      '',
      mdTable(
        [t('data.class'), t('data.count'), t('data.share')],
        f.classBalance.map((c) => [c.value, formatCountIn(t.lang, c.count), formatPercentIn(t.lang, c.count / total, 1)]),
      ),
    );
  }
  return lines.join('\n');
}

function procedure(f: CardFacts, t: T): string {
  const r = f.run;
  const p = r.params;
  const n = (x: number) => formatNumberIn(t.lang, x, 6);
  const scheduleName = valueName('schedule', p.schedule.type, t.lang);
  const schedule =
    p.schedule.type === 'step'
      ? `${scheduleName} (×${n(p.schedule.gamma)} / ${p.schedule.stepEpochs})`
      : p.schedule.type === 'cosine'
        ? `${scheduleName} (→ ${n(p.schedule.minLearningRate)})`
        : scheduleName;
  const hp: [string, string][] = [
    [t('procedure.optimizer'), valueName('optimizer', p.optimizer, t.lang) + (p.optimizer === 'adam' ? '' : ` (${n(p.momentum)})`)],
    [t('procedure.learningRate'), n(p.learningRate)],
    [t('procedure.schedule'), schedule],
    [t('procedure.batchSize'), formatCountIn(t.lang, p.batchSize)],
    [t('procedure.epochs'), t('procedure.epochsValue', { done: r.epochsDone, planned: p.epochs, best: r.bestEpoch ?? '—' })],
    [
      t('procedure.earlyStopping'),
      p.earlyStopping.enabled
        ? t('procedure.earlyStoppingValue', { monitor: metricName(p.earlyStopping.monitor, t.lang), patience: p.earlyStopping.patience })
        : t('procedure.off'),
    ],
    [
      t('procedure.classWeights'),
      typeof p.classWeights === 'string'
        ? valueName('classWeights', p.classWeights, t.lang)
        : Object.entries(p.classWeights)
            .map(([k, w]) => `${k}: ${n(w)}`)
            .join('; '),
    ],
    [t('procedure.seed'), String(p.seed)],
  ];
  const env = r.environment;
  const lines = [
    bullet(t('procedure.template'), valueName('template', r.template, t.lang)),
    bullet(t('procedure.layers'), r.design.layers.length ? r.design.layers.map((l) => layerText(l, t.lang)).join(' → ') : '—'),
    bullet(t('procedure.parameters'), formatCountIn(t.lang, r.paramCount)),
    bullet(t('procedure.backend'), t('procedure.backendValue', { backend: r.backend ?? '—', requested: r.backendRequested })),
    env ? bullet(t('procedure.environment'), `Ciclo ${env.cicloVersion}, tfjs ${env.tfjsVersion}, Node ${env.nodeVersion}, ${env.os}`) : null,
    bullet(t('procedure.duration'), formatDurationIn(t.lang, r.durationMs, true)),
    '',
    `### ${t('procedure.hyperparameters')}`,
    '',
    mdTable([t('procedure.name'), t('procedure.value')], hp),
  ].filter((l): l is string => l !== null);
  // the metrics of the weights the model holds (the best epoch's when they were restored), and which epoch that is
  const held = Object.entries(r.metrics);
  if (held.length && r.metricsEpoch !== null) {
    const epoch = r.metricsFrom === 'best' ? t('procedure.heldBest', { epoch: r.metricsEpoch, total: r.epochsDone }) : t('procedure.heldLast', { epoch: r.metricsEpoch });
    lines.push(
      '',
      `### ${t('procedure.trainingMetrics', { epoch })}`,
      '',
      mdTable(
        [t('evaluation.metric'), t('evaluation.value')],
        held.map(([k, v]) => [metricName(k, t.lang), val(t, k, v)]),
      ),
    );
  }
  return lines.join('\n');
}

function evaluation(f: CardFacts, t: T): string {
  const e = f.evaluation;
  if (!e) return `_${t('evaluation.notEvaluated')}_`;
  const lines = [
    t('evaluation.on', {
      id: `\`${e.id}\``,
      dataset: e.datasetRef,
      subset: t(e.subset === 'test' ? 'evaluation.subsetTest' : 'evaluation.subsetAll'),
      rows: formatCountIn(t.lang, e.rows),
      date: formatDayIn(t.lang, e.createdAt),
    }),
    '',
    `### ${t('evaluation.metrics')}`,
    '',
    mdTable(
      [t('evaluation.metric'), t('evaluation.value')],
      Object.entries(e.metrics).map(([k, v]) => [metricName(k, t.lang), val(t, k, v)]),
    ),
    '',
    `### ${t('evaluation.gates')}`,
    '',
  ];
  if (!e.gate.checks.length) lines.push(t('evaluation.noCriteria'));
  else {
    lines.push(
      mdTable(
        [t('evaluation.criterion'), t('evaluation.measured'), t('evaluation.margin'), t('evaluation.result')],
        e.gate.checks.map((c) => [
          criterion(t, c),
          val(t, c.metric, c.measured),
          val(t, c.metric, c.margin),
          c.passed ? `✓ ${t('evaluation.pass')}` : `✗ ${t('evaluation.fail')}${c.reason ? ` (${c.reason})` : ''}`,
        ]),
      ),
      '',
      e.gate.passed ? `**${t('evaluation.passed')}**` : `**${t('evaluation.failed', { n: e.gate.failed, total: e.gate.checks.length })}**`,
    );
  }
  if (e.slices.length) {
    lines.push('', `### ${t('evaluation.slices')}`);
    for (const s of e.slices) {
      const metricNames = [...new Set(s.slices.flatMap((x) => Object.keys(x.metrics)))].slice(0, 4);
      lines.push(
        '',
        `**${s.feature}**`,
        '',
        mdTable(
          [t('evaluation.slice'), t('data.count'), ...metricNames.map((m) => metricName(m, t.lang))],
          s.slices.map((x) => [x.label, formatCountIn(t.lang, x.count), ...metricNames.map((m) => val(t, m, x.metrics[m]))]),
        ),
      );
      lines.push('', s.failing.length ? t('evaluation.failingSlices', { list: s.failing.join(', ') }) : t('evaluation.noFailingSlices'));
    }
  }
  return lines.join('\n');
}

function lineage(f: CardFacts, t: T): string {
  const v = f.version;
  return [
    bullet(t('lineage.charter'), `${f.project.name} (\`${f.project.id}\`)`),
    bullet(t('lineage.dataset'), f.dataset ? `${f.dataset.name}@${f.dataset.version} (\`${f.dataset.id}\`)` : `\`${f.run.datasetVersionId}\``),
    bullet(t('lineage.run'), `${f.run.name} (\`${f.run.id}\`)`),
    f.evaluation ? bullet(t('lineage.evaluation'), `\`${f.evaluation.id}\``) : '',
    bullet(t('lineage.version'), `${v.ref} (\`${v.id}\`)`),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The Hugging Face metadata block. */
export function cardMetadata(f: CardFacts): Record<string, unknown> {
  const v = f.version;
  const kind = f.run.design.inputKind === 'image' ? 'image' : 'tabular';
  const pipeline = f.project.taskType === 'regression' ? `${kind}-regression` : `${kind}-classification`;
  const e = f.evaluation;
  const datasetName = f.dataset?.name ?? f.run.datasetRef.split('@')[0];
  return {
    model_name: v.modelName,
    library_name: 'tfjs',
    pipeline_tag: pipeline,
    tags: ['ciclo', pipeline, f.run.template, ...v.tags],
    datasets: [datasetName],
    metrics: e ? Object.keys(e.metrics).filter((k) => e.metrics[k] !== null) : [],
    'model-index': [
      {
        name: v.ref,
        results: e
          ? [
              {
                task: { type: pipeline },
                dataset: { name: datasetName, type: datasetName, revision: f.dataset?.hash ?? null, split: e.subset },
                metrics: Object.entries(e.metrics)
                  .filter(([, val]) => val !== null)
                  .map(([k, val]) => ({ type: k, value: val, name: k })),
              },
            ]
          : [],
      },
    ],
    ciclo: {
      project: f.project.name,
      owner: f.project.owner || null,
      version: v.version,
      run: f.run.id,
      dataset_version: f.run.datasetVersionId,
      package_sha256: v.packageHash,
      stage: v.stage,
      aliases: v.aliases,
      gate: v.gate.status,
      evaluation: e?.id ?? null,
    },
  };
}

export function cardSections(f: CardFacts, lang: CardLanguage): CardSection[] {
  const t = cardTranslator(lang);
  const written = (text: string) => text.trim() || `_${t('notWritten')}_`;
  const body: Record<SectionId, [string, boolean]> = {
    details: [details(f, t), false],
    uses: [uses(f, t), false],
    trainingData: [trainingData(f, t), false],
    trainingProcedure: [procedure(f, t), false],
    evaluation: [evaluation(f, t), false],
    limitations: [written(f.edits.limitations), true],
    ethics: [written(f.edits.ethicalConsiderations), true],
    lineage: [lineage(f, t), false],
  };
  return cardSectionIds.map((id) => ({ id, title: t(`sections.${id}`), markdown: body[id][0], editable: body[id][1] }));
}

/** The whole card: front matter, title, description, sections. */
export function cardMarkdown(f: CardFacts, lang: CardLanguage, sections = cardSections(f, lang)): string {
  const t = cardTranslator(lang);
  const front = YAML.stringify(cardMetadata(f), { lineWidth: 0 }).trimEnd();
  const parts = [`---\n${front}\n---`, '', `# ${t('title', { ref: f.version.ref })}`, ''];
  if (f.version.description) parts.push(f.version.description, '');
  for (const s of sections) parts.push(`## ${s.title}`, '', s.markdown, '');
  return parts.join('\n');
}
