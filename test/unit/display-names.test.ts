import { describe, expect, it } from 'vitest';
import { formatMetricIn, formatNumberIn } from '../../shared/locale-format.js';
import { metrics } from '../../shared/metrics.js';
import { hasMetricName, hasParamName, layerText, metricName, paramName, paramValue, valueName } from '../../shared/names.js';
import { activations, hyperparametersSchema, optimizers, scheduleTypes, templateIds, templateOptionsSchema } from '../../shared/schemas/training.js';

const langs = ['en', 'es'] as const;
/** What the trainer logs per epoch (electron/core/training/trainer.ts) besides the catalogue metrics. */
const trainingMetrics = ['loss', 'lr', 'accuracy', 'mae', 'rmse'];

/** Every path the run comparison reports (electron/core/training/views.ts paramTable). */
function paramPaths(): string[] {
  const out: string[] = [];
  const walk = (v: unknown, prefix: string) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${prefix}.${k}`);
    else out.push(prefix);
  };
  walk(hyperparametersSchema.parse({}), 'params');
  for (const k of Object.keys(templateOptionsSchema.shape)) out.push(`template.${k}`);
  out.push('template.id', 'design.layers', 'design.paramCount', 'data.dataset', 'data.split', 'backend');
  return out;
}

describe('display names of metrics and parameters', () => {
  it('every metric, its validation twin and per-class keys have a name in both languages, never the raw key', () => {
    for (const lang of langs) {
      for (const key of [...metrics.map((m) => m.name), ...trainingMetrics]) {
        expect(hasMetricName(key, lang), `${lang}: ${key}`).toBe(true);
        for (const k of [key, `val_${key}`]) {
          const name = metricName(k, lang);
          expect(name, `${lang}: ${k}`).not.toMatch(/_|^[a-z0-9]+$/);
        }
      }
      expect(metricName('recall[bad]', lang)).toContain('bad');
    }
    expect(metricName('val_accuracy', 'es')).toBe('Exactitud (validación)');
    expect(metricName('val_accuracy', 'en')).toBe('Accuracy (validation)');
    expect(metricName('batch/loss', 'es')).toBe('Pérdida por lote');
    expect(metricName('f1_macro', 'es')).toBe('F1 (macro)');
    expect(metricName('latency_p95_ms', 'en')).toBe('Latency p95 (ms)');
  });

  it('every hyperparameter, template option and design field has a name in both languages', () => {
    const paths = paramPaths();
    expect(paths).toContain('params.schedule.type');
    for (const lang of langs) for (const p of paths) expect(hasParamName(p, lang), `${lang}: ${p}`).toBe(true);
    expect(paramName('params.learningRate', 'es')).toBe('Tasa de aprendizaje');
    expect(paramName('design.layers', 'es')).toBe('Capas');
    expect(paramName('params.classWeights.class_0', 'en')).toBe('Class weights (class_0)');
    expect(paramName('learningRate', 'en')).toBe('Learning rate');
  });

  it('enum values have names in both languages and parameter values come out in the UI language', () => {
    for (const lang of langs) {
      for (const v of optimizers) expect(valueName('optimizer', v, lang)).not.toBe(v === 'adam' ? 'adam' : v);
      for (const v of scheduleTypes) expect(valueName('schedule', v, lang)).not.toBe(v);
      for (const v of ['none', 'balanced']) expect(valueName('classWeights', v, lang)).not.toBe(v);
      for (const v of templateIds) expect(valueName('template', v, lang)).not.toBe(v);
      for (const v of activations) expect(valueName('activation', v, lang), `${lang} ${v}`).toBeTruthy();
    }
    expect(paramValue('params.schedule.type', 'constant', 'es')).toBe('Constante');
    expect(paramValue('params.classWeights', 'none', 'es')).toBe('Ninguno');
    expect(paramValue('params.learningRate', '0.003', 'es')).toBe('0,003');
    expect(paramValue('params.earlyStopping.enabled', 'true', 'es')).toBe('Sí');
    expect(paramValue('params.earlyStopping.monitor', 'val_loss', 'es')).toBe('Pérdida (validación)');
    expect(paramValue('template.hidden', '64, 32', 'es')).toBe('64, 32');
    expect(paramValue('design.layers', 'dense(64) > dropout(0.1)', 'es')).toBe('Densa 64 → Dropout 0,1');
    expect(layerText({ type: 'dense', units: 64, activation: 'relu', l2: 0 }, 'es')).toBe('Densa · 64 unidades · ReLU');
  });

  it('formats numbers and metric values in the language: MAPE as a percentage, one decimal mark', () => {
    expect(formatMetricIn('es', 'mape', 0.3445)).toBe('34,45\u00a0%');
    expect(formatMetricIn('en', 'mape', 0.68)).toBe('68%');
    expect(formatMetricIn('es', 'accuracy', 0.5)).toBe('0,5000');
    expect(formatMetricIn('es', 'brier', 0.0000553)).toBe('5,53E-5');
    expect(formatNumberIn('es', 0.45)).toBe('0,45');
    expect(formatNumberIn('en', 0.45)).toBe('0.45');
  });
});
