/**
 * Multivariate drift by PCA reconstruction error (NannyML's data reconstruction method): encode the
 * reference (numbers standardised, categories as their reference frequency, missing values imputed with
 * the reference mean or most frequent value), keep the principal components that explain 65 % of the
 * variance, and measure how badly each row is rebuilt from them. Reference chunks give the expected
 * error; a current error outside mean ± 3 std of the chunks is drift: the relationships between the
 * columns changed, even when no single column did.
 */
import type { ColumnValues } from './column-drift.js';

export interface PcaColumn {
  name: string;
  kind: 'numeric' | 'categorical';
  reference: ColumnValues;
}

interface Encoder {
  encode(values: ColumnValues, row: number): number;
  mean: number;
  std: number;
}

function numericEncoder(values: Float64Array): { fill: number } {
  let s = 0;
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) (s += v), n++;
  return { fill: n ? s / n : 0 };
}

/** Symmetric eigen-decomposition by cyclic Jacobi rotations: eigenvalues descending with their vectors (columns). */
export function symmetricEigen(A: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = Float64Array.from(order, (i) => a[i * d + i]);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => {
    for (let k = 0; k < d; k++) vectors[k * d + dst] = v[k * d + src];
  });
  return { values, vectors };
}

export interface PcaModel {
  columns: string[];
  components: number;
  explainedVariance: number;
  /** Reconstruction error of each reference row. */
  referenceErrors: Float64Array;
  /** Mean reconstruction error of the rows of a table (columns by name, as in the reference). */
  errors(values: Record<string, ColumnValues>, rows: number): Float64Array;
}

export function fitPca(columns: PcaColumn[], rows: number, varianceTarget = 0.65): PcaModel {
  const encoders: Encoder[] = columns.map((c) => {
    if (c.kind === 'numeric' && c.reference instanceof Float64Array) {
      const { fill } = numericEncoder(c.reference);
      return { encode: (vals, r) => { const v = (vals as Float64Array)[r]; return Number.isFinite(v) ? v : fill; }, mean: 0, std: 1 };
    }
    const counts = new Map<string, number>();
    const ref = c.reference;
    for (let i = 0; i < ref.length; i++) {
      const k = ref instanceof Float64Array ? (Number.isFinite(ref[i]) ? String(ref[i]) : null) : ref[i];
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let mode = '';
    let best = -1;
    for (const [k, n] of counts) if (n > best) (best = n), (mode = k);
    const freq = new Map([...counts].map(([k, n]) => [k, n / Math.max(1, ref.length)]));
    return {
      encode: (vals, r) => {
        const raw = vals instanceof Float64Array ? (Number.isFinite(vals[r]) ? String(vals[r]) : null) : vals[r];
        return freq.get(raw ?? mode) ?? 0;
      },
      mean: 0,
      std: 1,
    };
  });
  const d = columns.length;
  const refValues = Object.fromEntries(columns.map((c) => [c.name, c.reference]));
  const raw = new Float64Array(rows * d);
  for (let j = 0; j < d; j++) {
    const vals = refValues[columns[j].name];
    for (let r = 0; r < rows; r++) raw[r * d + j] = encoders[j].encode(vals, r);
  }
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += raw[r * d + j];
    const mean = s / rows;
    let ss = 0;
    for (let r = 0; r < rows; r++) ss += (raw[r * d + j] - mean) ** 2;
    encoders[j].mean = mean;
    encoders[j].std = Math.sqrt(ss / rows) || 1;
  }
  const z = raw;
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) z[r * d + j] = (z[r * d + j] - encoders[j].mean) / encoders[j].std;
  const cov = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const zi = z[o + i];
      for (let j = i; j < d; j++) cov[i * d + j] += zi * z[o + j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] = cov[i * d + j] / Math.max(1, rows - 1);
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((a, b) => a + Math.max(0, b), 0) || 1;
  let k = 0;
  let explained = 0;
  while (k < d && explained < varianceTarget) explained += Math.max(0, values[k++]) / total;
  const P = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) P[i * k + c] = vectors[i * d + c];
  const rowError = (x: Float64Array): number => {
    const proj = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += x[i] * P[i * k + c];
      proj[c] = s;
    }
    let err = 0;
    for (let i = 0; i < d; i++) {
      let rec = 0;
      for (let c = 0; c < k; c++) rec += proj[c] * P[i * k + c];
      err += (x[i] - rec) ** 2;
    }
    return Math.sqrt(err);
  };
  const referenceErrors = new Float64Array(rows);
  for (let r = 0; r < rows; r++) referenceErrors[r] = rowError(z.subarray(r * d, (r + 1) * d));
  return {
    columns: columns.map((c) => c.name),
    components: k,
    explainedVariance: explained,
    referenceErrors,
    errors(vals, n) {
      const out = new Float64Array(n);
      const x = new Float64Array(d);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < d; j++) x[j] = (encoders[j].encode(vals[columns[j].name], r) - encoders[j].mean) / encoders[j].std;
        out[r] = rowError(x);
      }
      return out;
    },
  };
}

/** Mean ± 3 std of the mean error of consecutive reference chunks of `chunkSize` rows. */
export function chunkBounds(errors: Float64Array, chunkSize: number, maxChunks = 50): { mean: number; lower: number; upper: number; chunks: number } {
  const chunks = Math.max(1, Math.min(maxChunks, Math.floor(errors.length / chunkSize)));
  const means: number[] = [];
  for (let c = 0; c < chunks; c++) {
    let s = 0;
    for (let i = c * chunkSize; i < (c + 1) * chunkSize; i++) s += errors[i];
    means.push(s / chunkSize);
  }
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  const std = means.length > 1 ? Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (means.length - 1)) : 0;
  return { mean, lower: mean - 3 * std, upper: mean + 3 * std, chunks };
}
