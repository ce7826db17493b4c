/**
 * Evaluation exports: a self-contained HTML report (inline CSS and SVG, no scripts, no external assets,
 * opens offline) and a JSON document. Texts come from shared/i18n/locales/evaluate.<lang>.json.
 */
import en from '../../../shared/i18n/locales/evaluate.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/evaluate.es.json' with { type: 'json' };
import { localeTexts } from '../../../shared/i18n/texts.js';
import type { Evaluation } from '../../../shared/schemas/evaluation.js';
import { metricByName, metrics as catalogue, splitMetricKey } from '../../../shared/metrics.js';
import { formatSliceLabelIn } from '../../../shared/locale-format.js';
import { CICLO_VERSION } from '../version.js';
import { esc, heatmap, histogramChart, lineChart, num, PALETTE, scatterChart, type LineSeries } from './svg.js';

export const reportLanguages = ['en', 'es'] as const;
export type ReportLanguage = (typeof reportLanguages)[number];

export function translator(lang: ReportLanguage): (key: string, params?: Record<string, string | number>) => string {
  return localeTexts({ en, es }, lang);
}

/** A text the evaluation stored with an i18n key: in the report's language when the key is known, else the English text. */
export function said(t: ReturnType<typeof translator>, text: { key?: string | null; params?: Record<string, unknown> | null; message: string }): string {
  const prefix = 'evaluate:';
  if (!text.key?.startsWith(prefix)) return text.message;
  const key = text.key.slice(prefix.length);
  const params = Object.fromEntries(Object.entries(text.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v)]));
  const out = t(key, params);
  return out === key ? text.message : out;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;margin:0;background:#f8fafc}
main{max-width:1040px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px}
.muted{color:#64748b}.pass{color:#15803d;font-weight:600}.fail{color:#b91c1c;font-weight:600}
.verdict{padding:12px 16px;border-radius:8px;margin:16px 0;font-weight:600}
.verdict.ok{background:#dcfce7;color:#14532d}.verdict.ko{background:#fee2e2;color:#7f1d1d}
table{border-collapse:collapse;background:#fff;margin:6px 0 10px}th,td{padding:4px 10px;border:1px solid #e2e8f0;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f1f5f9}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px}
svg text{font-size:10px;fill:#334155}svg .axis{font-size:11px;fill:#0f172a}svg .legend{font-size:10px}
svg .grid{stroke:#e2e8f0}svg .plot{fill:#fff;stroke:#cbd5e1}svg .bar{fill:#60a5fa}svg .dot{fill:#2563eb;fill-opacity:.45}svg .cell{font-size:10px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:#64748b}dd{margin:0}
@media print{body{background:#fff}.chart{break-inside:avoid}}
`;

export interface ReportContext {
  projectName: string;
  lang: ReportLanguage;
  /** When the report is made (fixed in tests). */
  now?: Date;
}

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const chart = (svg: string, note = '') => `<div class="chart">${svg}${note ? `<div class="muted">${esc(note)}</div>` : ''}</div>`;

function classificationSections(e: Evaluation, t: ReturnType<typeof translator>): string {
  if (e.details.kind !== 'classification') return '';
  const d = e.details;
  const parts: string[] = [];
  const pc = d.perClass;
  parts.push(`<h2>${esc(t('perClass.title'))}</h2>`);
  parts.push(
    table(
      [t('perClass.class'), t('perClass.precision'), t('perClass.recall'), t('perClass.f1'), t('perClass.support'), t('perClass.auc'), t('perClass.ap')],
      pc.map((c) => [esc(c.label), num(c.precision), num(c.recall), num(c.f1), String(c.support), num(c.rocAuc), num(c.averagePrecision)]),
      [false, true, true, true, true, true, true],
    ),
  );
  parts.push(`<h2>${esc(t('confusion.title'))}</h2><p class="muted">${esc(t('confusion.caption'))}</p>`);
  parts.push(chart(heatmap(d.confusion.counts, d.confusion.normalized, d.classes, t('confusion.true'), t('confusion.predicted'), t('confusion.title'))));
  const unit = { min: 0, max: 1 };
  const charts: string[] = [];
  if (d.roc.length) {
    const series: LineSeries[] = d.roc.map((c, i) => ({ name: `${c.label} (AUC ${num(c.auc, 3)})`, x: c.fpr, y: c.tpr, color: PALETTE[i % PALETTE.length] }));
    series.push({ name: t('roc.chance'), x: [0, 1], y: [0, 1], color: '#94a3b8', dashed: true });
    const thinned = d.roc.find((c) => c.downsampled);
    charts.push(
      chart(
        lineChart(series.slice(0, 11), { ...unit, label: t('roc.x') }, { ...unit, label: t('roc.y') }, t('roc.title')),
        thinned ? t('report.downsampled', { shown: thinned.fpr.length, total: thinned.points }) : '',
      ),
    );
  }
  if (d.pr.length) {
    const series: LineSeries[] = d.pr.map((c, i) => ({ name: `${c.label} (AP ${num(c.averagePrecision, 3)})`, x: c.recall, y: c.precision, color: PALETTE[i % PALETTE.length] }));
    if (d.pr.length === 1) series.push({ name: t('pr.baseline'), x: [0, 1], y: [d.pr[0].baseline, d.pr[0].baseline], color: '#94a3b8', dashed: true });
    charts.push(chart(lineChart(series.slice(0, 11), { ...unit, label: t('pr.x') }, { ...unit, label: t('pr.y') }, t('pr.title'))));
  }
  if (d.calibration.length) {
    const series: LineSeries[] = d.calibration.map((c, i) => ({
      name: c.label,
      x: c.bins.map((b) => b.meanPredicted),
      y: c.bins.map((b) => b.fractionPositive),
      color: PALETTE[i % PALETTE.length],
      markers: true,
    }));
    series.push({ name: t('calibration.perfect'), x: [0, 1], y: [0, 1], color: '#94a3b8', dashed: true, markers: false });
    charts.push(chart(lineChart(series.slice(0, 11), { ...unit, label: t('calibration.x') }, { ...unit, label: t('calibration.y') }, t('calibration.title'))));
  }
  parts.push(`<h2>${esc(t('roc.title'))} · ${esc(t('pr.title'))} · ${esc(t('calibration.title'))}</h2><div class="charts">${charts.join('')}</div>`);
  return parts.join('\n');
}

function regressionSections(e: Evaluation, t: ReturnType<typeof translator>): string {
  if (e.details.kind !== 'regression') return '';
  const d = e.details;
  const scatter = scatterChart(d.points.actual, d.points.predicted, t('residuals.actual'), t('residuals.predicted'), t('residuals.scatterTitle'));
  const hist = histogramChart(d.residualHistogram.edges, d.residualHistogram.counts, t('residuals.residual'), t('residuals.rows'), t('residuals.histogramTitle'));
  const notes = [t('residuals.meanStd', { mean: num(d.residualMean), std: num(d.residualStd) })];
  if (d.mapeExcluded) notes.push(t('residuals.mapeExcluded', { n: d.mapeExcluded }));
  return `<h2>${esc(t('residuals.scatterTitle'))} · ${esc(t('residuals.histogramTitle'))}</h2><div class="charts">${chart(
    scatter,
    d.points.downsampled ? t('report.downsampled', { shown: d.points.actual.length, total: d.points.total }) : '',
  )}${chart(hist)}</div><p class="muted">${notes.map(esc).join(' ')}</p>`;
}

/** A metric's name in the report's language; a per-class metric ("recall[bad]") as "Recall [bad]". */
function metricText(t: ReturnType<typeof translator>, key: string): string {
  const { base, classLabel } = splitMetricKey(key);
  return classLabel === null ? t(`metric.${base}`) : `${t(`metric.${base}`)} [${classLabel}]`;
}

export function renderHtmlReport(e: Evaluation, ctx: ReportContext): string {
  const t = translator(ctx.lang);
  const date = (ctx.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
  const g = e.gate;
  const verdict = !g.checks.length
    ? `<div class="verdict ok">${esc(t('report.verdictNone'))}</div>`
    : g.passed
      ? `<div class="verdict ok">✔ ${esc(t('report.verdictPass'))}</div>`
      : `<div class="verdict ko">✘ ${esc(t('report.verdictFail', { n: g.failed, total: g.checks.length }))}</div>`;
  const gates = g.checks.length
    ? table(
        [t('gates.criterion'), t('gates.measured'), t('gates.margin'), t('gates.result')],
        g.checks.map((c) => [
          esc(`${metricText(t, c.metric)} ${c.comparator} ${num(c.threshold)}`),
          c.measured === null ? `<span class="muted">${esc(t('gates.notMeasured'))}</span>` : num(c.measured),
          c.margin === null ? (c.reason ? `<span class="muted">${esc(said(t, { key: c.reasonKey, params: c.reasonParams, message: c.reason }))}</span>` : '–') : num(c.margin),
          (c.passed ? `<span class="pass">${esc(t('gates.pass'))}</span>` : `<span class="fail">${esc(t('gates.fail'))}</span>`) +
            (c.uncertain ? ` <span class="muted">${esc(t('gates.uncertain'))}</span>` : ''),
        ]),
        [false, true, true, false],
      )
    : '';
  const metricRows = catalogue
    .filter((m) => !m.operational && m.name in e.metrics)
    .map((m) => [
      esc(t(`metric.${m.name}`)),
      num(e.metrics[m.name]) +
        (e.intervals?.[m.name] ? ` <span class="muted">${esc(t('report.ci', { lower: num(e.intervals[m.name].lower), upper: num(e.intervals[m.name].upper) }))}</span>` : ''),
      `<span class="muted">${esc(t(m.better === 'higher' ? 'metrics.higher' : 'metrics.lower'))}</span>`,
    ]);
  const op = e.operational;
  const operational = `<dl>
<dt>${esc(t('operational.latencyMean'))}</dt><dd>${num(op.latency.meanMs)} ms <span class="muted">(${esc(t('operational.samples', { n: op.latency.samples }))})</span></dd>
<dt>${esc(t('operational.latencyP50'))}</dt><dd>${num(op.latency.p50Ms)} ms</dd>
<dt>${esc(t('operational.latencyP95'))}</dt><dd>${num(op.latency.p95Ms)} ms</dd>
<dt>${esc(t('operational.throughput'))}</dt><dd>${esc(t('operational.throughputValue', { value: num(op.throughputRowsPerS, 5), rows: op.batchRows }))}</dd>
<dt>${esc(t('operational.modelSize'))}</dt><dd>${num(op.modelSizeKb)} kB</dd>
<dt>${esc(t('operational.params'))}</dt><dd>${op.paramCount}</dd>
<dt>${esc(t('operational.backend'))}</dt><dd>${esc(op.backend)}</dd></dl>`;
  const slices = e.slices
    .map((s) => {
      const metricNames = catalogue
        .filter((m) => !m.operational && s.slices.some((x) => m.name in x.metrics))
        .map((m) => m.name)
        .slice(0, 6);
      const names = { missing: t('slices.missing'), other: t('slices.other') };
      return `<h3>${esc(t('slices.title', { feature: s.feature }))}</h3>${table(
        [t('slices.slice'), t('slices.rows'), ...metricNames.map((m) => t(`metric.${m}`)), t('slices.status')],
        s.slices.map((x) => {
          const failing = x.gate.checks.filter((c) => !c.passed).map((c) => c.metric);
          return [
            esc(formatSliceLabelIn(ctx.lang, x, names, s.kind)),
            String(x.count),
            ...metricNames.map((m) => num(x.metrics[m])),
            failing.length ? `<span class="fail">${esc(t('slices.failing', { metrics: failing.join(', ') }))}</span>` : `<span class="pass">${esc(t('slices.ok'))}</span>`,
          ];
        }),
        [false, true, ...metricNames.map(() => true), false],
      )}`;
    })
    .join('');
  const warning = (w: Evaluation['warnings'][number]) => (w.key ? `${t(`metric.${w.metric}`)}${w.classLabel === null ? '' : ` (${w.classLabel})`}: ${said(t, w)}.` : w.message);
  const notes = [...e.warnings.map(warning), ...e.skipped.slice(0, 20).map((s) => `${t('report.rowNumber', { n: s.row + 1 })}: ${said(t, s)}`)];
  const subset = e.subset === 'test' ? t('report.subsetTest') : t('report.subsetAll');
  return `<!DOCTYPE html>
<html lang="${ctx.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('report.title'))} · ${esc(ctx.projectName)} · ${esc(e.runName)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(t('report.title'))}</h1><p class="muted">${esc(t('report.generated', { date, version: CICLO_VERSION }))}</p>
<dl>
<dt>${esc(t('report.project'))}</dt><dd>${esc(ctx.projectName)}</dd>
<dt>${esc(t('report.run'))}</dt><dd>${esc(e.runName)} <span class="muted">${esc(e.runId)}</span></dd>
<dt>${esc(t('report.dataset'))}</dt><dd>${esc(e.datasetRef)} <span class="muted">(${esc(subset)})</span></dd>
<dt>${esc(t('report.rows'))}</dt><dd>${e.rows}</dd>
${e.skippedRows ? `<dt>${esc(t('report.skipped'))}</dt><dd>${e.skippedRows}</dd>` : ''}
<dt>${esc(t('report.evaluated'))}</dt><dd>${esc(e.createdAt.slice(0, 16).replace('T', ' '))}</dd></dl>
${verdict}
${g.checks.length ? `<h2>${esc(t('gates.title'))}</h2>${gates}` : ''}
<h2>${esc(t('metrics.title'))}</h2>${table([t('metrics.metric'), t('metrics.value'), ''], metricRows, [false, true, false])}
${classificationSections(e, t)}${regressionSections(e, t)}
${slices}
<h2>${esc(t('operational.title'))}</h2>${operational}
${notes.length ? `<h2>${esc(t('report.notes'))}</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</main></body></html>
`;
}

/** The JSON export: the stored evaluation plus the metric catalogue entries it uses, so it reads on its own. */
export function renderJsonReport(e: Evaluation, projectName: string): string {
  const used = Object.keys(e.metrics)
    .map((m) => metricByName.get(m))
    .filter((m) => m !== undefined);
  return JSON.stringify({ format: 'ciclo-evaluation/1', cicloVersion: CICLO_VERSION, project: projectName, evaluation: e, metricCatalogue: used }, null, 2) + '\n';
}
