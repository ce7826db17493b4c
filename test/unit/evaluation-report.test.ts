import { describe, expect, it } from 'vitest';
import { betterOf, compareEvaluations } from '../../electron/core/evaluation/compare.js';
import { checkGates } from '../../electron/core/evaluation/gates.js';
import { classificationEvaluation, regressionEvaluation } from '../../electron/core/evaluation/metrics.js';
import { renderHtmlReport, renderJsonReport } from '../../electron/core/evaluation/report.js';
import { evaluationSchema, type Evaluation } from '../../shared/schemas/evaluation.js';

const operational = {
  latency: { meanMs: 1.5, p50Ms: 1.2, p95Ms: 3.4, samples: 50 },
  throughputRowsPerS: 12000,
  batchRows: 2048,
  modelSizeKb: 11.3,
  paramCount: 2499,
  backend: 'wasm',
};

function evaluation(over: Partial<Evaluation> & Pick<Evaluation, 'metrics' | 'details'>): Evaluation {
  const gate = checkGates([{ metric: 'accuracy', comparator: '>=', threshold: 0.7 }], over.metrics);
  const e: Evaluation = {
    id: 'evl_1',
    projectId: 'prj_1',
    runId: 'run_1',
    runName: 'mlp-1',
    datasetVersionId: 'dsv_1',
    datasetRef: 'iris@1',
    subset: 'test',
    rows: 6,
    taskType: 'multiclass',
    gatePassed: gate.passed,
    gateStatus: gate.status!,
    createdAt: '2026-01-02T03:04:05.000Z',
    jobId: null,
    splitId: 'spl_1',
    skippedRows: 0,
    skipped: [],
    operational,
    gate,
    slices: [],
    warnings: [],
    durationMs: 10,
    ...over,
  };
  return evaluationSchema.parse(e);
}

// three classes, one with a label that must be escaped in HTML
const classes = ['setosa', '<script>alert(1)</script>', 'virginica'];
const yTrue = Int32Array.from([0, 0, 1, 1, 2, 2]);
const proba = Float64Array.from([0.8, 0.1, 0.1, 0.6, 0.3, 0.1, 0.1, 0.7, 0.2, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.2, 0.1, 0.7]);
const cls = classificationEvaluation({ classes, yTrue, proba });

describe('HTML report', () => {
  const e = evaluation({ metrics: { ...cls.metrics, latency_p95_ms: 3.4 }, details: cls.details, warnings: cls.warnings });

  it('is one self-contained page: inline CSS and SVG, no script, no external asset', () => {
    const html = renderHtmlReport(e, { projectName: 'Iris', lang: 'en', now: new Date('2026-01-02T00:00:00Z') });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4); // confusion matrix, ROC, PR, calibration
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|href="http/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Confusion matrix');
    expect(html).toContain('Quality gates');
    expect(html).toMatch(/Accuracy &gt;= 0\.7/);
  });

  it('speaks Spanish when asked', () => {
    const html = renderHtmlReport(e, { projectName: 'Iris', lang: 'es' });
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Matriz de confusión');
    expect(html).toContain('Control de calidad');
    expect(html).not.toContain('Confusion matrix');
  });

  it('says warnings, skipped rows and gate reasons in the report language, from their keys', () => {
    const gate = checkGates([{ metric: 'roc_auc', comparator: '>=', threshold: 0.8 }], { roc_auc: null });
    const skipped = [{ row: 4, message: 'the target "species" is missing', key: 'evaluate:skip.target_missing', params: { column: 'species' } }];
    const single = classificationEvaluation({ classes: ['a', 'b'], yTrue: Int32Array.from([0, 0]), proba: Float64Array.from([0.8, 0.2, 0.3, 0.7]) });
    const x = evaluation({ metrics: single.metrics, details: single.details, warnings: single.warnings, gate, gatePassed: false, skipped, skippedRows: 1 });
    const es = renderHtmlReport(x, { projectName: 'Iris', lang: 'es' });
    expect(es).toContain('falta el objetivo «species»');
    expect(es).toContain('roc_auc no está definida con estos datos.');
    expect(es).toContain('los datos tienen una sola clase, así que no está definida');
    const en = renderHtmlReport(x, { projectName: 'Iris', lang: 'en' });
    expect(en).toContain('the target “species” is missing');
    // an evaluation stored before keys existed still shows its English text
    const old = evaluation({ metrics: single.metrics, details: single.details, skipped: [{ row: 4, message: 'old text' }], skippedRows: 1 });
    expect(renderHtmlReport(old, { projectName: 'Iris', lang: 'es' })).toContain('old text');
  });

  it('shows residual charts for a regression', () => {
    const reg = regressionEvaluation({ yTrue: Float64Array.from([1, 2, 3, 4, 0]), yPred: Float64Array.from([1.1, 1.8, 3.3, 3.9, 0.2]) });
    const r = evaluation({ taskType: 'regression', metrics: reg.metrics, details: reg.details, warnings: reg.warnings });
    const html = renderHtmlReport(r, { projectName: 'Diabetes', lang: 'en' });
    expect(html).toContain('Predicted vs actual');
    expect(html).toContain('Residuals (actual − predicted)');
    expect(html).toContain('1 rows with a true value of 0 are left out of MAPE.');
  });

  it('exports JSON that reads on its own', () => {
    const doc = JSON.parse(renderJsonReport(e, 'Iris'));
    expect(doc.format).toBe('ciclo-evaluation/1');
    expect(doc.evaluation.details.confusion.counts).toEqual(e.details.kind === 'classification' ? e.details.confusion.counts : null);
    expect(doc.metricCatalogue.map((m: { name: string }) => m.name)).toContain('log_loss');
  });
});

describe('comparing two evaluations', () => {
  it('knows which way each metric improves', () => {
    expect(betterOf('accuracy', 0.8, 0.9)).toBe('b');
    expect(betterOf('log_loss', 0.3, 0.5)).toBe('a');
    expect(betterOf('rmse', 2, 2)).toBe('equal');
    expect(betterOf('accuracy', null, 0.9)).toBeNull();
    expect(betterOf('not_a_metric', 1, 2)).toBeNull();
  });

  it('lists every metric with its difference, the winner and the gate results', () => {
    const a = evaluation({ id: 'evl_a', metrics: { accuracy: 0.8, log_loss: 0.4, latency_p95_ms: 2 }, details: cls.details });
    const b = evaluation({ id: 'evl_b', metrics: { accuracy: 0.9, log_loss: 0.5, latency_p95_ms: 2 }, details: cls.details });
    const c = compareEvaluations(a, b);
    expect(c.rows.map((r) => [r.metric, r.better])).toEqual([
      ['accuracy', 'b'],
      ['log_loss', 'a'],
      ['latency_p95_ms', 'equal'],
    ]);
    expect(c.rows[0].delta).toBeCloseTo(0.1, 12);
    expect(c.wins).toEqual({ a: 1, b: 1, equal: 1 });
    expect(c.gates.a.passed).toBe(true);
    expect(c.sameData).toBe(true);
    expect(compareEvaluations(a, { ...b, datasetVersionId: 'dsv_2', subset: 'all' }).sameData).toBe(false);
  });
});
