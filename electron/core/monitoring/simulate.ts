/**
 * The drift simulator (for teaching): rows drawn from a data set version, shifted and noised in a
 * controlled way that grows over simulated days, scored by the model (its package, one preprocessing
 * path) and logged with simulated timestamps; the true labels (no concept drift) arrive after a delay.
 * Seeded: the same request gives the same stream.
 */
import { formatDate } from '../datasets/dates.js';
import type { LoadedTable } from '../datasets/types.js';
import type { JobContext } from '../jobs/runner.js';
import { mulberry32 } from '../stats/random.js';
import type { Db } from '../store/db.js';
import type { Predictor } from '../training/predictor.js';
import { monitorError, type ModelContext } from './context.js';
import { logPredictions, storeFeedback, type LogEntry } from '../store/prediction-log-store.js';
import { parseDuration } from './performance.js';

export interface Shift {
  column: string;
  kind: 'sd' | 'add' | 'mul' | 'share';
  amount: number;
  category?: string;
}

/** "col=+1.5sd", "col=+10", "col=*1.2", "cat:city=Lima:+30%". */
export function parseShift(text: string): Shift {
  const cat = /^cat:([^=]+)=(.+):([+-]?\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (cat) return { column: cat[1].trim(), kind: 'share', category: cat[2], amount: Number(cat[3]) / 100 };
  const num = /^([^=]+)=([+-]?\d+(?:\.\d+)?)(sd)?$/.exec(text.trim());
  if (num) return { column: num[1].trim(), kind: num[3] ? 'sd' : 'add', amount: Number(num[2]) };
  const mul = /^([^=]+)=\*(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (mul) return { column: mul[1].trim(), kind: 'mul', amount: Number(mul[2]) };
  throw monitorError('invalid_input', 'error.bad_shift', { shift: text }, `Shift "${text}" is not understood: use col=+1.5sd, col=+10, col=*1.2 or cat:col=Value:+30%.`);
}

export function parseNoise(text: string): { column: string; sd: number } {
  const m = /^([^=]+)=(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) throw monitorError('invalid_input', 'error.bad_noise', { noise: text }, `Noise "${text}" is not understood: use col=0.2 (Gaussian noise of 0.2 standard deviations).`);
  return { column: m[1].trim(), sd: Number(m[2]) };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A numeric column's mean and SD, and whether it holds whole numbers only (counts, years, ages in years). */
function stats(v: Float64Array): { mean: number; std: number; whole: boolean } {
  let s = 0;
  let n = 0;
  let whole = true;
  for (const x of v) if (Number.isFinite(x)) ((s += x), n++, (whole &&= Number.isInteger(x)));
  const mean = n ? s / n : 0;
  let ss = 0;
  for (const x of v) if (Number.isFinite(x)) ss += (x - mean) ** 2;
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, whole };
}

export interface SimulateRequest {
  shifts: string[];
  noise: string[];
  rows: number;
  days: number;
  labelDelay?: string;
  labels: boolean;
  seed: number;
  start?: string;
  ramp: boolean;
}

export interface SimulateResult {
  rows: number;
  logged: number;
  rejected: number;
  labelled: number;
  from: string;
  to: string;
  shifts: Shift[];
}

export async function simulate(db: Db, model: ModelContext, predictor: Predictor, table: LoadedTable, request: SimulateRequest, ctx: JobContext): Promise<SimulateResult> {
  const shifts = request.shifts.map(parseShift);
  const noise = request.noise.map(parseNoise);
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  const orders = new Map(table.columns.map((c) => [c.name, c.dateOrder]));
  for (const s of [...shifts.map((x) => x.column), ...noise.map((x) => x.column)]) {
    if (!types.has(s))
      throw monitorError(
        'invalid_input',
        'error.unknown_column',
        { columns: s, known: table.columns.map((c) => c.name).join(', ') },
        `Data set ${table.version.name} has no column "${s}".`,
      );
  }
  for (const s of shifts) {
    const numeric = table.values[s.column] instanceof Float64Array;
    if ((s.kind === 'share') === numeric) {
      throw monitorError(
        'invalid_input',
        'error.shift_type',
        { column: s.column },
        s.kind === 'share'
          ? `Column "${s.column}" is numeric: shift it with ${s.column}=+1sd.`
          : `Column "${s.column}" is categorical: shift a category with cat:${s.column}=VALUE:+30%.`,
      );
    }
  }
  const delay = request.labelDelay ? parseDuration(request.labelDelay) : 0;
  if (delay === null)
    throw monitorError('invalid_input', 'error.bad_window', { window: request.labelDelay }, `Label delay "${request.labelDelay}" is not a duration: use 6h, 1d or 2d.`);
  const random = mulberry32(request.seed);
  const spanMs = request.days * 86400e3;
  const startMs = request.start ? Date.parse(request.start) : Date.now() - spanMs;
  if (!Number.isFinite(startMs)) throw monitorError('invalid_input', 'error.bad_date', { what: 'start', value: request.start }, `start "${request.start}" is not a date.`);
  const colStats = new Map<string, ReturnType<typeof stats>>();
  for (const c of table.columns) {
    const v = table.values[c.name];
    if (v instanceof Float64Array) colStats.set(c.name, stats(v));
  }
  const shares = new Map<Shift, number>();
  for (const s of shifts) {
    const v = table.values[s.column] as (string | null)[];
    if (s.category) shares.set(s, v.reduce((a, x) => a + (x === s.category ? 1 : 0), 0) / Math.max(1, v.length));
  }
  const times = Array.from({ length: request.rows }, () => startMs + random() * spanMs).sort((a, b) => a - b);
  const entries: LogEntry[] = [];
  const truths: (string | null)[] = [];
  const inputs: Record<string, unknown>[] = [];
  for (let i = 0; i < request.rows; i++) {
    const r = Math.floor(random() * table.rowCount);
    const strength = request.ramp ? (times[i] - startMs) / spanMs : 1;
    const row: Record<string, unknown> = {};
    for (const f of model.features) {
      const v = table.values[f.name.toString()];
      if (!v) continue;
      if (v instanceof Float64Array) {
        let x = v[r];
        if (Number.isFinite(x)) {
          const st = colStats.get(f.name)!;
          for (const s of shifts)
            if (s.column === f.name) x = s.kind === 'sd' ? x + s.amount * st.std * strength : s.kind === 'add' ? x + s.amount * strength : x * (1 + (s.amount - 1) * strength);
          for (const n of noise) if (n.column === f.name) x += normal(random) * n.sd * st.std;
          // a column of whole numbers stays whole (1.17 complaints is not a value production would send)
          if (st.whole) x = Math.round(x);
        }
        const type = types.get(f.name);
        row[f.name] = !Number.isFinite(x) ? null : type === 'datetime' ? formatDate(x, orders.get(f.name)) : type === 'boolean' ? (x >= 0.5 ? 'true' : 'false') : x;
      } else {
        let x = v[r];
        for (const s of shifts) {
          if (s.column !== f.name || !s.category) continue;
          const share = shares.get(s)!;
          const amount = s.amount * strength;
          if (amount > 0 && x !== s.category && share < 1 && random() < amount / (1 - share)) x = s.category;
          if (amount < 0 && x === s.category && share > 0 && random() < -amount / share) {
            for (let k = 0; k < 20 && x === s.category; k++) x = v[Math.floor(random() * v.length)];
          }
        }
        row[f.name] = x;
      }
    }
    inputs.push(row);
    const t = table.values[model.target];
    truths.push(t ? (t instanceof Float64Array ? (Number.isFinite(t[r]) ? String(t[r]) : null) : t[r]) : null);
  }
  ctx.progress(0.3, `Scoring ${request.rows} simulated rows`);
  const batch = 5000;
  let rejected = 0;
  for (let start = 0; start < inputs.length; start += batch) {
    ctx.throwIfCancelled();
    const slice = inputs.slice(start, start + batch);
    const t0 = performance.now();
    const p = await predictor.predictRows(slice);
    const perRow = (performance.now() - t0) / slice.length;
    const bad = new Map(p.rejected.map((x) => [x.index, x.reason]));
    rejected += bad.size;
    slice.forEach((input, j) => {
      const i = start + j;
      let output: Record<string, unknown>;
      let prediction: string | null;
      if (bad.has(j)) ((output = { error: bad.get(j) }), (prediction = null));
      else if (p.task === 'regression') ((output = { value: p.values[j] }), (prediction = String(p.values[j])));
      else {
        const K = p.classes.length;
        output = { label: p.labels[j], probabilities: Object.fromEntries(p.classes.map((c, k) => [c, p.probabilities[j * K + k]])) };
        prediction = p.labels[j];
      }
      entries.push({ requestId: `sim_${ctx.jobId}_${i}`, ts: new Date(times[i]).toISOString(), input, output, prediction, latencyMs: perRow });
    });
    ctx.progress(0.3 + (0.6 * Math.min(inputs.length, start + batch)) / inputs.length, `Scored ${Math.min(inputs.length, start + batch)} of ${inputs.length} rows`);
  }
  ctx.throwIfCancelled();
  logPredictions(db, { projectId: model.projectId, runId: model.runId, modelName: model.name, modelVersion: model.version, source: 'simulation' }, entries);
  let labelled = 0;
  if (request.labels) {
    const end = startMs + spanMs;
    const labels = entries.flatMap((e, i) => (truths[i] !== null && times[i] + delay <= end ? [{ requestId: e.requestId!, rowIndex: 0, label: truths[i]! }] : []));
    labelled = storeFeedback(db, labels).stored;
  }
  return {
    rows: request.rows,
    logged: entries.length,
    rejected,
    labelled,
    from: new Date(times[0] ?? startMs).toISOString(),
    to: new Date(times[times.length - 1] ?? startMs).toISOString(),
    shifts,
  };
}
