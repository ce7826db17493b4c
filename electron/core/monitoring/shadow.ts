/**
 * Shadow logs (a prediction server's challenger, source 'shadow') read for champion vs challenger: each
 * shadow row is paired with the champion's row of the same request (request id + row index), so both
 * models are compared on the very live traffic the champion answered, with the outputs they gave then.
 */
import type { Db } from '../store/db.js';
import { shadowRows } from '../store/prediction-log-store.js';
import type { Prediction } from '../training/predictor.js';
import { parseJson } from './context.js';

export interface ShadowPair {
  requestId: string;
  rowIndex: number;
  ts: string;
  champion: Record<string, unknown>;
  challenger: Record<string, unknown>;
  championPrediction: string;
  challengerPrediction: string;
  label: string | null;
}

/** Rows both versions scored (the champion answering, the challenger in shadow), oldest first, in [since, until). */
export function shadowPairs(db: Db, championRunId: string, challengerRunId: string, window: { since?: string; until?: string } = {}): ShadowPair[] {
  const rows = shadowRows(db, championRunId, challengerRunId, window);
  return rows.map((r) => ({
    requestId: r.requestId,
    rowIndex: r.rowIndex,
    ts: r.ts,
    champion: parseJson(r.a),
    challenger: parseJson(r.b),
    championPrediction: r.pa,
    challengerPrediction: r.pb,
    label: r.label,
  }));
}

/** Logged outputs ({label, probabilities} or {value}) as a Prediction, for the comparison's metrics. */
export function predictionOf(outputs: Record<string, unknown>[], classes: string[] | null): Prediction {
  if (!classes) return { task: 'regression', values: Float64Array.from(outputs, (o) => Number(o.value)), rejected: [] };
  const K = classes.length;
  const probabilities = new Float32Array(outputs.length * K);
  outputs.forEach((o, i) => {
    const p = (o.probabilities ?? {}) as Record<string, number>;
    for (let k = 0; k < K; k++) probabilities[i * K + k] = Number(p[classes[k]] ?? 0);
  });
  return { task: K === 2 ? 'binary' : 'multiclass', classes, probabilities, labels: outputs.map((o) => (typeof o.label === 'string' ? o.label : null)), rejected: [] };
}

/** How often the two agree on live traffic (same class; regression: within 1e-9 relative), labels or not. */
export function shadowSummary(pairs: ShadowPair[], regression: boolean): { rows: number; labelled: number; agreement: number | null } {
  let same = 0;
  for (const p of pairs) {
    if (!regression) same += p.championPrediction === p.challengerPrediction ? 1 : 0;
    else {
      const a = Number(p.championPrediction);
      const b = Number(p.challengerPrediction);
      same += Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? 1 : 0;
    }
  }
  return { rows: pairs.length, labelled: pairs.filter((p) => p.label !== null).length, agreement: pairs.length ? same / pairs.length : null };
}
