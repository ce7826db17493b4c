import { invalid, type Issue } from '../../../shared/contract/errors.js';

/**
 * `--param key=value` for `ciclo train`: hyperparameters (learningRate, batchSize, schedule, ...) and
 * template options (hidden, dropout, filters, ...). snake_case and short aliases are accepted.
 */

type Kind = 'number' | 'int' | 'bool' | 'string' | 'ints' | 'classWeights';

interface ParamDef {
  path: string[];
  kind: Kind;
  /** Template option rather than a hyperparameter. */
  template?: boolean;
}

const defs: Record<string, ParamDef> = {
  optimizer: { path: ['optimizer'], kind: 'string' },
  learningRate: { path: ['learningRate'], kind: 'number' },
  momentum: { path: ['momentum'], kind: 'number' },
  batchSize: { path: ['batchSize'], kind: 'int' },
  epochs: { path: ['epochs'], kind: 'int' },
  seed: { path: ['seed'], kind: 'int' },
  classWeights: { path: ['classWeights'], kind: 'classWeights' },
  schedule: { path: ['schedule', 'type'], kind: 'string' },
  stepEpochs: { path: ['schedule', 'stepEpochs'], kind: 'int' },
  gamma: { path: ['schedule', 'gamma'], kind: 'number' },
  minLearningRate: { path: ['schedule', 'minLearningRate'], kind: 'number' },
  earlyStopping: { path: ['earlyStopping', 'enabled'], kind: 'bool' },
  monitor: { path: ['earlyStopping', 'monitor'], kind: 'string' },
  patience: { path: ['earlyStopping', 'patience'], kind: 'int' },
  minDelta: { path: ['earlyStopping', 'minDelta'], kind: 'number' },
  restoreBestWeights: { path: ['earlyStopping', 'restoreBestWeights'], kind: 'bool' },
  hidden: { path: ['hidden'], kind: 'ints', template: true },
  activation: { path: ['activation'], kind: 'string', template: true },
  dropout: { path: ['dropout'], kind: 'number', template: true },
  batchNorm: { path: ['batchNorm'], kind: 'bool', template: true },
  l2: { path: ['l2'], kind: 'number', template: true },
  filters: { path: ['filters'], kind: 'ints', template: true },
  kernelSize: { path: ['kernelSize'], kind: 'int', template: true },
  denseUnits: { path: ['denseUnits'], kind: 'int', template: true },
};

const aliases: Record<string, string> = { lr: 'learningRate', batch: 'batchSize', early_stopping: 'earlyStopping', restore_best: 'restoreBestWeights', min_lr: 'minLearningRate' };

function canonical(key: string): string | undefined {
  if (defs[key]) return key;
  if (aliases[key]) return aliases[key];
  const camel = key.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
  if (defs[camel]) return camel;
  const dotted = key.split('.').pop()!;
  return dotted !== key ? canonical(dotted) : undefined;
}

function parseValue(key: string, raw: string, kind: Kind): unknown {
  const v = raw.trim();
  const num = (s: string) => {
    const n = Number(s);
    if (s === '' || !Number.isFinite(n)) throw new Error(`--param ${key}=${raw}: "${s}" is not a number.`);
    return n;
  };
  switch (kind) {
    case 'number':
      return num(v);
    case 'int': {
      const n = num(v);
      if (!Number.isInteger(n)) throw new Error(`--param ${key}=${raw}: expected a whole number.`);
      return n;
    }
    case 'bool':
      if (/^(true|yes|on|1)$/i.test(v)) return true;
      if (/^(false|no|off|0)$/i.test(v)) return false;
      throw new Error(`--param ${key}=${raw}: expected true or false.`);
    case 'ints':
      return v === '' || v === 'none'
        ? []
        : v.split(',').map((s) => {
            const n = num(s.trim());
            if (!Number.isInteger(n)) throw new Error(`--param ${key}=${raw}: "${s}" is not a whole number.`);
            return n;
          });
    case 'classWeights':
      if (v === 'none' || v === 'balanced') return v;
      return Object.fromEntries(
        v.split(',').map((pair) => {
          const i = pair.lastIndexOf(':');
          if (i <= 0) throw new Error(`--param ${key}=${raw}: use none, balanced or LABEL:WEIGHT,LABEL:WEIGHT.`);
          return [pair.slice(0, i).trim(), num(pair.slice(i + 1).trim())];
        }),
      );
    default:
      return v;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
  at[path[path.length - 1]] = value;
}

export function parseParams(texts: string[]): { params: Record<string, unknown>; templateOptions: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const templateOptions: Record<string, unknown> = {};
  const issues: Issue[] = [];
  texts.forEach((text, i) => {
    const eq = text.indexOf('=');
    const key = eq > 0 ? text.slice(0, eq).trim() : '';
    const name = key ? canonical(key) : undefined;
    if (!name) {
      issues.push({
        path: ['param', i],
        key: 'train:issue.unknown_param',
        params: { param: text },
        message:
          eq > 0 ? `--param ${text}: unknown parameter "${key}"; known: ${Object.keys(defs).join(', ')}.` : `--param ${text}: expected KEY=VALUE, for example learningRate=0.01.`,
      });
      return;
    }
    try {
      const def = defs[name];
      setPath(def.template ? templateOptions : params, def.path, parseValue(key, text.slice(eq + 1), def.kind));
    } catch (err) {
      issues.push({ path: ['param', i], key: 'train:issue.bad_param_value', params: { param: text }, message: (err as Error).message });
    }
  });
  if (issues.length) throw invalid(issues);
  return { params, templateOptions };
}
