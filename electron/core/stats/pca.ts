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

/** How one column becomes a number: numbers as they are (missing: the reference mean), categories as their reference frequency (missing: the most frequent one's). */
interface Encoder {
  /** Writes the encoded, standardised values of rows 0..n-1 into out[r * stride + offset]. */
  encode(values: ColumnValues, n: number, out: Float64Array, stride: number, offset: number): void;
  mean: number;
  std: number;
}

function numericEncoder(values: Float64Array): Encoder {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) ((s += values[i]), n++);
  const fill = n ? s / n : 0;
  const enc: Encoder = {
    mean: 0,
    std: 1,
    encode(vals, rows, out, stride, offset) {
      const v = vals as Float64Array;
      const { mean, std } = enc;
      for (let r = 0; r < rows; r++) {
        const x = v[r];
        out[r * stride + offset] = ((Number.isFinite(x) ? x : fill) - mean) / std;
      }
    },
  };
  return enc;
}

function categoricalEncoder(ref: ColumnValues): Encoder {
  const counts = new Map<string, number>();
  for (let i = 0; i < ref.length; i++) {
    const k = ref instanceof Float64Array ? (Number.isFinite(ref[i]) ? String(ref[i]) : null) : ref[i];
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let mode = '';
  let best = -1;
  for (const [k, n] of counts) if (n > best) ((best = n), (mode = k));
  const freq = new Map([...counts].map(([k, n]) => [k, n / Math.max(1, ref.length)]));
  const missing = freq.get(mode) ?? 0;
  const enc: Encoder = {
    mean: 0,
    std: 1,
    encode(vals, rows, out, stride, offset) {
      const { mean, std } = enc;
      if (vals instanceof Float64Array) {
        for (let r = 0; r < rows; r++) out[r * stride + offset] = ((Number.isFinite(vals[r]) ? (freq.get(String(vals[r])) ?? 0) : missing) - mean) / std;
        return;
      }
      for (let r = 0; r < rows; r++) {
        const raw = vals[r];
        out[r * stride + offset] = ((raw === null ? missing : (freq.get(raw) ?? 0)) - mean) / std;
      }
    },
  };
  return enc;
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
  const encoders: Encoder[] = columns.map((c) => (c.kind === 'numeric' && c.reference instanceof Float64Array ? numericEncoder(c.reference) : categoricalEncoder(c.reference)));
  const d = columns.length;
  // rows x d, row-major: encoded first (mean 0, std 1 while fitting), then standardised in place
  const z = new Float64Array(rows * d);
  for (let j = 0; j < d; j++) encoders[j].encode(columns[j].reference, rows, z, d, j);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += z[r * d + j];
    const mean = s / rows;
    let ss = 0;
    for (let r = 0; r < rows; r++) ss += (z[r * d + j] - mean) ** 2;
    const std = Math.sqrt(ss / rows) || 1;
    encoders[j].mean = mean;
    encoders[j].std = std;
    for (let r = 0; r < rows; r++) z[r * d + j] = (z[r * d + j] - mean) / std;
  }
  const cov = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const zi = z[o + i];
      const row = i * d;
      for (let j = i; j < d; j++) cov[row + j] += zi * z[o + j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] = cov[i * d + j] / Math.max(1, rows - 1);
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((a, b) => a + Math.max(0, b), 0) || 1;
  let k = 0;
  let explained = 0;
  while (k < d && explained < varianceTarget) explained += Math.max(0, values[k++]) / total;
  // components as k rows of d (contiguous for the dot products)
  const P = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let i = 0; i < d; i++) P[c * d + i] = vectors[i * d + c];
  const proj = new Float64Array(k);
  /** Reconstruction error of each of n standardised rows in x (n x d). */
  const rowErrors = (x: Float64Array, n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const o = r * d;
      for (let c = 0; c < k; c++) {
        let s = 0;
        const pc = c * d;
        for (let i = 0; i < d; i++) s += x[o + i] * P[pc + i];
        proj[c] = s;
      }
      let err = 0;
      for (let i = 0; i < d; i++) {
        let rec = 0;
        for (let c = 0; c < k; c++) rec += proj[c] * P[c * d + i];
        const diff = x[o + i] - rec;
        err += diff * diff;
      }
      out[r] = Math.sqrt(err);
    }
    return out;
  };
  return {
    columns: columns.map((c) => c.name),
    components: k,
    explainedVariance: explained,
    referenceErrors: rowErrors(z, rows),
    errors(vals, n) {
      const x = new Float64Array(n * d);
      for (let j = 0; j < d; j++) encoders[j].encode(vals[columns[j].name], n, x, d, j);
      return rowErrors(x, n);
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
