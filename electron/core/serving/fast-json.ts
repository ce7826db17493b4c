/**
 * The JSON text of the answers every prediction request gets, written directly instead of building the
 * objects and calling JSON.stringify: the same text, byte for byte (test/unit/serving-fast-json.test.ts
 * compares them), at a fraction of the cost. A row's output text is made once and used both in the answer
 * and in the prediction log.
 */
import type { Prediction } from '../training/predictor.js';

const num = (v: number) => (Number.isFinite(v) ? String(v) : 'null');

/**
 * The order JSON.stringify writes an object's keys in: integer-like keys ("0", "10") first in ascending
 * order, then the others as inserted. Cached per list of classes (a model has one).
 */
const orders = new Map<string, { order: number[]; keys: string[] }>();
function keyOrder(classes: string[]): { order: number[]; keys: string[] } {
  const id = classes.join('\u0000');
  let o = orders.get(id);
  if (!o) {
    const probe: Record<string, number> = {};
    classes.forEach((c, j) => (probe[c] = j));
    const order = Object.keys(probe).map((k) => probe[k]);
    o = { order, keys: order.map((j) => JSON.stringify(classes[j]) + ':') };
    if (orders.size > 1000) orders.clear();
    orders.set(id, o);
  }
  return o;
}

/** JSON.stringify(rowOutput(p, i)): {"label": ..., "probabilities": {...}} or {"value": ...}. */
export function rowOutputJson(p: Prediction, i: number): string {
  if (p.task === 'regression') return p.values[i] === undefined ? '{}' : `{"value":${num(p.values[i])}}`;
  const k = p.classes.length;
  const { order, keys } = keyOrder(p.classes);
  const label = p.labels[i];
  let s = label === null || label === undefined ? '{"probabilities":{' : `{"label":${JSON.stringify(label)},"probabilities":{`;
  for (let j = 0; j < order.length; j++) s += (j ? ',' : '') + keys[j] + num(p.probabilities[i * k + order[j]]);
  return s + '}}';
}

/**
 * JSON.stringify({ predictions, model_name, model_version, request_id, warnings? }) with each prediction
 * given as its JSON text: the TensorFlow Serving and MLflow answer.
 */
export function predictionsJson(rows: string[], answered: { model_name: string; model_version: string; request_id: string }, warnings: unknown[]): string {
  return `{"predictions":[${rows.join(',')}],"model_name":${JSON.stringify(answered.model_name)},"model_version":${JSON.stringify(answered.model_version)},"request_id":${JSON.stringify(answered.request_id)}${warnings.length ? `,"warnings":${JSON.stringify(warnings)}` : ''}}`;
}
