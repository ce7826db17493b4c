/**
 * Results computed once per model version and reference, kept in monitoring_cache: the reference's
 * predictions (for prediction drift), the calibration rows for CBPE, and permutation importance.
 */
import type { LoadedTable } from '../datasets/types.js';
import { nowIso } from '../ids.js';
import { mulberry32, permutation } from '../stats/random.js';
import { cachedReport, keepReport } from '../store/alert-store.js';
import type { Db } from '../store/db.js';
import type { Predictor } from '../training/predictor.js';
import type { ModelContext, Reference } from './context.js';

export function cached<T>(db: Db, runId: string, kind: string, reference: string, make: () => Promise<T>): Promise<T> {
  const payload = cachedReport(db, runId, kind, reference);
  if (payload !== undefined) return Promise.resolve(JSON.parse(payload) as T);
  return make().then((value) => {
    keepReport(db, runId, kind, reference, JSON.stringify(value), nowIso());
    return value;
  });
}

/** Predicted labels (classification) or values (regression) of some rows of a table, through the model package. */
export async function predictLabels(
  predictor: Predictor,
  table: LoadedTable,
  rows: Int32Array,
): Promise<{ labels: (string | null)[] | null; values: number[] | null; proba: number[] | null }> {
  const p = await predictor.predictTable(table, rows);
  if (p.task === 'regression') return { labels: null, values: Array.from(p.values), proba: null };
  return { labels: p.labels, values: null, proba: Array.from(p.probabilities) };
}

/** True class index per row (-1 when the label is not one of the model's classes), or the true value. */
export function truthOf(table: LoadedTable, target: string, rows: Int32Array, classes: string[] | null): number[] {
  const v = table.values[target];
  if (!v) return Array.from(rows, () => -1);
  if (classes) {
    const index = new Map(classes.map((c, i) => [c, i]));
    return Array.from(rows, (r) => {
      const raw = v instanceof Float64Array ? (Number.isFinite(v[r]) ? String(v[r]) : null) : v[r];
      return raw === null ? -1 : (index.get(raw) ?? (v instanceof Float64Array && (v[r] === 0 || v[r] === 1) ? (index.get(v[r] ? 'true' : 'false') ?? -1) : -1));
    });
  }
  return Array.from(rows, (r) => (v instanceof Float64Array ? v[r] : Number(v[r])));
}

/**
 * Permutation importance on (at most 1,000 rows of) the reference: how much accuracy drops (or MAE
 * grows, relative to itself) when one feature's values are shuffled. Seeded; computed once per version.
 */
export async function permutationImportance(predictor: Predictor, model: ModelContext, ref: Reference): Promise<Record<string, number>> {
  const random = mulberry32(42);
  const n = Math.min(1000, ref.rows.length);
  const pick = permutation(ref.rows.length, random).subarray(0, n);
  const rows = Int32Array.from(pick, (i) => ref.rows[i]);
  const truth = truthOf(ref.table, model.target, rows, model.classes);
  const score = async (table: LoadedTable): Promise<number> => {
    const p = await predictLabels(
      predictor,
      table,
      Int32Array.from({ length: n }, (_, i) => i),
    );
    if (p.labels) {
      let ok = 0;
      p.labels.forEach((l, i) => (ok += truth[i] >= 0 && l === model.classes![truth[i]] ? 1 : 0));
      return ok / n;
    }
    let err = 0;
    p.values!.forEach((v, i) => (err += Math.abs(v - truth[i])));
    return -err / n;
  };
  // a compact table of the sampled rows, so shuffling one column copies only that column
  const values: LoadedTable['values'] = {};
  for (const c of ref.table.columns) {
    const v = ref.table.values[c.name];
    if (!v) continue;
    values[c.name] = v instanceof Float64Array ? Float64Array.from(rows, (r) => v[r]) : Array.from(rows, (r) => v[r]);
  }
  const sample: LoadedTable = { ...ref.table, stored: undefined, rowCount: n, values };
  const base = await score(sample);
  const out: Record<string, number> = {};
  for (const f of model.features) {
    const col = values[f.name];
    if (!col) continue;
    const order = permutation(n, random);
    const shuffled = col instanceof Float64Array ? Float64Array.from(order, (i) => col[i]) : Array.from(order, (i) => col[i]);
    const s = await score({ ...sample, values: { ...values, [f.name]: shuffled } });
    out[f.name] = model.classes ? base - s : base === 0 ? 0 : (base - s) / Math.abs(base);
  }
  return out;
}
