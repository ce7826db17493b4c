/**
 * The monitoring report: a self-contained offline HTML page (inline CSS and SVG, no scripts) with the
 * drift table, reference-vs-current charts of the columns that moved, performance windows and
 * operational figures. Texts from shared/i18n/locales/monitor.<lang>.json.
 */
import en from '../../../shared/i18n/locales/monitor.en.json' with { type: 'json' };
import es from '../../../shared/i18n/locales/monitor.es.json' with { type: 'json' };
import { localeTexts } from '../../../shared/i18n/texts.js';
import type { ColumnDrift, DriftReport, PerformanceReport, Text } from '../../../shared/schemas/monitoring.js';
import { esc, num } from '../evaluation/svg.js';
import { CICLO_VERSION } from '../version.js';

function translator(lang: 'en' | 'es') {
  const fmt = new Intl.NumberFormat(lang, { maximumSignificantDigits: 4 });
  return localeTexts({ en, es }, lang, { format: (v) => (typeof v === 'number' ? fmt.format(v) : v === null || v === undefined ? '' : String(v)) });
}

const said = (t: ReturnType<typeof translator>, x: Text) => {
  const key = x.key.replace(/^monitor:/, '');
  const out = t(key, x.params);
  return out === key ? x.message : out;
};

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#0f172a;margin:0;background:#f8fafc}main{max-width:1080px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #e2e8f0}
.muted{color:#64748b}.drifted{color:#b91c1c;font-weight:600}.stable{color:#15803d}.verdict{padding:12px 16px;border-radius:8px;margin:16px 0;font-weight:600}
.verdict.ok{background:#dcfce7;color:#14532d}.verdict.ko{background:#fee2e2;color:#7f1d1d}
table{border-collapse:collapse;background:#fff;margin:6px 0 10px}th,td{padding:4px 8px;border:1px solid #e2e8f0;text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f1f5f9}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:8px;width:320px}svg text{font-size:10px;fill:#334155}`;

/** Paired bars of reference and current shares per bin or category. */
export function sharesChart(c: ColumnDrift, labels: [string, string]): string {
  const n = Math.min(30, c.shares.labels.length);
  const W = 300;
  const H = 140;
  const top = Math.max(0.001, ...c.shares.reference.slice(0, n), ...c.shares.current.slice(0, n));
  const bw = (W - 20) / Math.max(1, n);
  const bars = Array.from({ length: n }, (_, i) => {
    const x = 10 + i * bw;
    const hr = (c.shares.reference[i] / top) * (H - 30);
    const hc = (c.shares.current[i] / top) * (H - 30);
    return `<rect x="${x.toFixed(1)}" y="${(H - 20 - hr).toFixed(1)}" width="${(bw / 2).toFixed(1)}" height="${hr.toFixed(1)}" fill="#94a3b8"><title>${esc(c.shares.labels[i])}: ${num(c.shares.reference[i], 3)}</title></rect><rect x="${(x + bw / 2).toFixed(1)}" y="${(H - 20 - hc).toFixed(1)}" width="${(bw / 2).toFixed(1)}" height="${hc.toFixed(1)}" fill="#2563eb"><title>${esc(c.shares.labels[i])}: ${num(c.shares.current[i], 3)}</title></rect>`;
  }).join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img"><text x="10" y="12">${esc(c.name)}</text>${bars}<rect x="10" y="${H - 12}" width="8" height="8" fill="#94a3b8"/><text x="22" y="${H - 4}">${esc(labels[0])}</text><rect x="110" y="${H - 12}" width="8" height="8" fill="#2563eb"/><text x="122" y="${H - 4}">${esc(labels[1])}</text></svg>`;
}

export function renderMonitorReport(d: DriftReport, p: PerformanceReport, lang: 'en' | 'es', now = new Date()): string {
  const t = translator(lang);
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : num(v, 4));
  const rows = [...d.columns, ...(d.prediction ? [d.prediction] : []), ...(d.target ? [d.target] : [])]
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${esc(t(`methods.${c.method}`))}<div class="muted">${esc(t(`methodReason.${c.methodReason}`))}</div></td><td class="n">${fmt(c.statistic)}</td><td class="n">${fmt(c.pValue)}</td><td class="n">${fmt(c.threshold)}</td><td class="n">${fmt(c.effectSize.value)}</td><td class="n">${fmt(c.importance)}</td><td class="${c.status === 'drifted' ? 'drifted' : 'stable'}">${esc(t(`status.${c.status}`))}</td><td>${esc(said(t, c.explanationText))}</td></tr>`,
    )
    .join('');
  const head = ['column', 'method', 'statistic', 'pValue', 'threshold', 'effect', 'importance', 'status', 'explanation'].map((k) => `<th>${esc(t(`drift.${k}`))}</th>`).join('');
  const moved = d.columns.filter((c) => c.drifted).slice(0, 12);
  const charts = (moved.length ? moved : d.columns.slice(0, 4))
    .map((c) => `<div class="chart">${sharesChart(c, [t('drift.chartReference'), t('drift.chartCurrent')])}</div>`)
    .join('');
  const windows = p.windows
    .map((w) => {
      const metric = p.criteria[0]?.metric ?? (p.model.task === 'regression' ? 'rmse' : 'accuracy');
      const ci = w.intervals[metric];
      return `<tr><td>${esc(new Date(w.start).toLocaleString(lang))}</td><td class="n">${w.requests}</td><td class="n">${w.labelled}</td><td class="n">${fmt(w.metrics?.[metric])}${ci ? ` <span class="muted">[${num(ci.low, 3)}, ${num(ci.high, 3)}]</span>` : ''}</td><td class="n">${fmt(w.estimated?.[metric])}</td><td class="${w.failing.length ? 'drifted' : 'stable'}">${esc(w.failing.length ? t('performance.failing') : t('performance.ok'))}</td></tr>`;
    })
    .join('');
  const o = p.operational;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t('report.title', { model: d.model.ref }))}</title><style>${CSS}</style></head><body><main>
<h1>${esc(t('report.title', { model: d.model.ref }))}</h1><div class="muted">${esc(t('report.generated', { version: CICLO_VERSION, date: now.toLocaleString(lang) }))}</div>
<div class="verdict ${d.datasetDrift ? 'ko' : 'ok'}">${esc(said(t, d.summary))}</div>
<p>${esc(t('drift.reference', { dataset: d.reference.datasetRef, subset: t(`drift.subset_${d.reference.subset}`), rows: d.reference.rows }))}<br>${esc(t('drift.current', { rows: d.current.rows, description: d.current.description }))}</p>
<h2>${esc(t('report.columns'))}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
${d.multivariate ? `<h2>${esc(t('drift.multivariate'))}</h2><p>${esc(said(t, d.multivariate.explanationText))}</p>` : ''}
<h2>${esc(t('report.charts'))}</h2><div class="charts">${charts}</div>
<h2>${esc(t('performance.title'))}</h2><p class="muted">${esc(t('cbpe.assumption'))}</p>
<table><thead><tr><th>${esc(t('performance.start'))}</th><th>${esc(t('performance.requests'))}</th><th>${esc(t('performance.labelled'))}</th><th>${esc(t('performance.realised'))}</th><th>${esc(t('performance.estimated'))}</th><th></th></tr></thead><tbody>${windows}</tbody></table>
<h2>${esc(t('performance.operational'))}</h2><table><tbody>
<tr><th>${esc(t('performance.rate'))}</th><td class="n">${fmt(o.ratePerHour)}</td></tr><tr><th>${esc(t('performance.errorRate'))}</th><td class="n">${fmt(o.errorRate)}</td></tr>
<tr><th>${esc(t('performance.latency'))}</th><td class="n">${fmt(o.latency.p50)} / ${fmt(o.latency.p95)} / ${fmt(o.latency.p99)}</td></tr>
<tr><th>${esc(t('performance.missing'))}</th><td>${Object.entries(o.missingRate)
    .map(([k, v]) => `${esc(k)} ${num(v, 3)}`)
    .join(', ')}</td></tr>
<tr><th>${esc(t('performance.unknown'))}</th><td>${
    Object.entries(o.unknownCategoryRate)
      .map(([k, v]) => `${esc(k)} ${num(v, 3)}`)
      .join(', ') || '—'
  }</td></tr></tbody></table>
</main></body></html>`;
}
