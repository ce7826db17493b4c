import en from './i18n/locales/names.en.json' with { type: 'json' };
import es from './i18n/locales/names.es.json' with { type: 'json' };
import { formatNumberIn } from './locale-format.js';
import { splitMetricKey } from './metrics.js';
import type { Layer } from './schemas/training.js';

/**
 * Display names of metrics, parameters and enum values in both languages (shared/i18n/locales/names.*.json),
 * for the renderer and the core's model cards alike: internal names (val_accuracy, params.learningRate,
 * design.layers, 'constant', 'adam') never reach the screen.
 */

type Tree = { [k: string]: string | Tree };
const catalogues: Record<string, Tree> = { en: en as Tree, es: es as Tree };

function tree(lang: string): Tree {
  return catalogues[lang.toLowerCase().split('-')[0]] ?? catalogues.en;
}

function walk(root: Tree, path: string[]): { text: string | null; rest: string[] } {
  let node: string | Tree | undefined = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object') return { text: typeof node === 'string' ? node : null, rest: path.slice(i) };
    node = node[path[i]];
  }
  return { text: typeof node === 'string' ? node : null, rest: [] };
}

const fill = (text: string, params: Record<string, string>) => text.replace(/{{\s*(\w+)\s*}}/g, (_, p: string) => params[p] ?? '');

/** Is there a display name for this metric (catalogue, training or per-class key), in `lang`? */
export function hasMetricName(key: string, lang = 'en'): boolean {
  const base = splitMetricKey(key.replace(/^batch\//, '').replace(/^val_/, '')).base;
  return walk(tree(lang), ['metric', base]).text !== null;
}

/**
 * A metric's display name: "accuracy" -> "Exactitud", "val_loss" -> "Pérdida (validación)",
 * "recall[bad]" -> "Exhaustividad · bad", "batch/loss" -> "Pérdida por lote". Unknown names are returned as given.
 */
export function metricName(key: string, lang: string): string {
  const t = tree(lang);
  const form = (name: string, inner: string, params: Record<string, string> = {}) => fill(walk(t, ['metricForm', name]).text ?? '{{name}}', { name: inner, ...params });
  if (key.startsWith('batch/')) return form('batch', metricName(key.slice(6), lang));
  if (key.startsWith('val_')) return form('validation', metricName(key.slice(4), lang));
  const { base, classLabel } = splitMetricKey(key);
  const name = walk(t, ['metric', base]).text ?? base;
  return classLabel === null ? name : form('perClass', name, { class: classLabel });
}

/** The base metric's name without the validation/training form (chart titles: "Pérdida por época"). */
export function metricBaseName(key: string, lang: string): string {
  return metricName(key.replace(/^val_/, ''), lang);
}

const paramRoots = ['params', 'template', 'design', 'data'];

/**
 * A parameter's display name from its path: "params.learningRate", "params.schedule.type", "design.layers",
 * or a bare name ("learningRate", "hidden"). A path past a known leaf names it in parentheses
 * ("params.classWeights.class_0" -> "Class weights (class_0)"). Unknown paths are returned as given.
 */
export function paramName(path: string, lang: string): string {
  const t = tree(lang);
  const parts = path.split('.');
  const tries = paramRoots.includes(parts[0]) || parts[0] === 'backend' ? [parts] : [['params', ...parts], ['template', ...parts], parts];
  for (const p of tries) {
    const { text, rest } = walk(t, ['param', ...p]);
    if (text !== null) return rest.length ? `${text} (${rest.join('.')})` : text;
  }
  return path;
}

/** Does `path` have a display name in `lang`? */
export function hasParamName(path: string, lang = 'en'): boolean {
  return paramName(path, lang) !== path;
}

export type ValueKind = 'optimizer' | 'schedule' | 'classWeights' | 'activation' | 'padding' | 'layer' | 'template' | 'boolean' | 'targetTransform' | 'inputKind' | 'backend';

/** An enum value's display name ("constant" -> "Constante"); unknown values are returned as given. */
export function valueName(kind: ValueKind, value: string | boolean, lang: string): string {
  return walk(tree(lang), ['value', kind, String(value)]).text ?? String(value);
}

/** Which enum a parameter path holds. */
const valueKinds: Record<string, ValueKind> = {
  'params.optimizer': 'optimizer',
  'params.schedule.type': 'schedule',
  'params.classWeights': 'classWeights',
  'template.activation': 'activation',
  'template.id': 'template',
  backend: 'backend',
};

/**
 * A parameter value as the core reports it (a string) in the UI language: enum values by name, booleans as
 * yes/no, numbers and lists of numbers through Intl ("0.003" -> "0,003", "64, 32" stays a list).
 */
export function paramValue(path: string, raw: string | number | boolean | null | undefined, lang: string): string {
  if (raw === null || raw === undefined || raw === '') return '—';
  const text = String(raw);
  const kind = valueKinds[path];
  if (kind) return valueName(kind, text, lang);
  if (text === 'true' || text === 'false') return valueName('boolean', text, lang);
  if (path === 'params.earlyStopping.monitor') return metricName(text, lang);
  // the core's layer summary: "dense(64) > dropout(0.1) > batchNorm"
  if (path === 'design.layers')
    return text
      .split(' > ')
      .map((part) => {
        const m = /^(\w+)(?:\(([-\d.e]+)\))?$/.exec(part.trim());
        return m ? `${valueName('layer', m[1], lang)}${m[2] ? ` ${formatNumberIn(lang, Number(m[2]), 6)}` : ''}` : part;
      })
      .join(' → ');
  const items = text.split(', ');
  if (items.every((x) => x.trim() !== '' && Number.isFinite(Number(x)))) {
    // lists of decimals are split with ';' so a decimal comma cannot be mistaken for the separator
    const nums = items.map(Number);
    return nums.map((x) => formatNumberIn(lang, x, 6)).join(nums.every(Number.isInteger) ? ', ' : '; ');
  }
  return text;
}

/** A layer in words in `lang`: "Densa · 64 unidades · ReLU", "Dropout 0,1", "Convolución 2D · 16 filtros · 3×3 · paso 1 · …". */
export function layerText(l: Layer, lang: string): string {
  const t = tree(lang);
  const part = (k: string, n: number) => fill(walk(t, ['layerPart', k]).text ?? `{{n}} ${k}`, { n: formatNumberIn(lang, n, 6) });
  const name = valueName('layer', l.type, lang);
  const num = (n: number) => formatNumberIn(lang, n, 6);
  switch (l.type) {
    case 'dense':
      return [name, part('units', l.units), valueName('activation', l.activation, lang), ...(l.l2 ? [`L2 ${num(l.l2)}`] : [])].join(' · ');
    case 'dropout':
      return `${name} ${num(l.rate)}`;
    case 'conv2d':
      return [
        name,
        part('filters', l.filters),
        `${l.kernelSize}×${l.kernelSize}`,
        part('stride', l.strides),
        valueName('padding', l.padding, lang),
        valueName('activation', l.activation, lang),
      ].join(' · ');
    case 'maxPool2d':
      return `${name} ${l.poolSize}×${l.poolSize}`;
    default:
      return name;
  }
}
