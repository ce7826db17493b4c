/**
 * The element-wise parts of the fused dense training step (dense-fit.ts), as tfjs computes them:
 * activations and their derivatives, and the head's loss with its gradient (softmax + categorical
 * cross-entropy with tfjs-layers' normalisation and clipping to [1e-7, 1 - 1e-7], or mean squared error),
 * sample weights multiplying each row's loss and the batch mean dividing by the batch's rows.
 */

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const EPSILON = 1e-7;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Applies an activation in place (relu and linear are fused into the matrix product). */
export function activate(name: string, v: Float32Array): void {
  switch (name) {
    case 'elu':
      for (let i = 0; i < v.length; i++) if (v[i] <= 0) v[i] = Math.expm1(v[i]);
      return;
    case 'selu':
      for (let i = 0; i < v.length; i++) v[i] = v[i] > 0 ? SELU_SCALE * v[i] : SELU_SCALE * SELU_ALPHA * Math.expm1(v[i]);
      return;
    case 'tanh':
      for (let i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < v.length; i++) v[i] = sigmoid(v[i]);
      return;
    case 'swish':
      for (let i = 0; i < v.length; i++) v[i] = v[i] * sigmoid(v[i]);
      return;
  }
}

/** d (the gradient of a layer's output) times the activation's derivative, in place; a is the output, z the input (swish only). */
export function activationGrad(name: string, d: Float32Array, a: Float32Array, z: Float32Array | null): void {
  switch (name) {
    case 'relu':
      reluGrad(d, a);
      return;
    case 'elu':
      for (let i = 0; i < d.length; i++) if (a[i] < 0) d[i] *= a[i] + 1;
      return;
    case 'selu':
      for (let i = 0; i < d.length; i++) d[i] *= a[i] > 0 ? SELU_SCALE : a[i] + SELU_SCALE * SELU_ALPHA;
      return;
    case 'tanh':
      for (let i = 0; i < d.length; i++) d[i] *= 1 - a[i] * a[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < d.length; i++) d[i] *= a[i] * (1 - a[i]);
      return;
    case 'swish':
      for (let i = 0; i < d.length; i++) {
        const s = sigmoid(z![i]);
        d[i] *= s + z![i] * s * (1 - s);
      }
      return;
  }
}

/**
 * d = 0 where a (a relu output) is not > 0, without a branch per element (the mask of a layer's units is
 * random, so a branch mispredicts half the time): on the float's bits, a positive float is a positive int,
 * and +0, -0 and negatives give a sign bit in (bits - 1) | bits. Only relu outputs (>= 0 or NaN) come here.
 */
export function reluGrad(d: Float32Array, a: Float32Array): void {
  const di = new Int32Array(d.buffer, d.byteOffset, d.length);
  const ai = new Int32Array(a.buffer, a.byteOffset, a.length);
  for (let i = 0; i < di.length; i++) {
    const bits = ai[i];
    di[i] &= ~(((bits - 1) | bits) >> 31);
  }
}

export interface HeadGradient {
  /** The gradient of the batch's mean loss with respect to the head's pre-activation (rows x units). */
  dz: Float32Array;
  /** The batch's mean (sample-weighted) loss, without regularisation. */
  loss: number;
  /** Rows whose largest probability is their label's (classification). */
  correct: number;
}

/**
 * z: the head's linear outputs (rows x units); labels: class index per row, or the regression target
 * (regression ignores class weights).
 * Classification: softmax, then tfjs-layers' categoricalCrossentropy (p / sum(p), clipped), whose
 * gradient is zero for a row whose label probability is clipped.
 */
export function headGradient(z: Float32Array, labels: Float32Array, rows: number, units: number, regression: boolean, classWeights: number[] | null): HeadGradient {
  const dz = new Float32Array(rows * units);
  let loss = 0;
  let correct = 0;
  if (regression) {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < units; j++) {
        const d = z[r * units + j] - labels[r];
        loss += (d * d) / units;
        dz[r * units + j] = (2 * d) / units / rows;
      }
    }
    return { dz, loss: loss / rows, correct: 0 };
  }
  const p = new Float64Array(units);
  const dp = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    const o = r * units;
    const label = labels[r];
    let max = -Infinity;
    for (let j = 0; j < units; j++) max = Math.max(max, z[o + j]);
    let sum = 0;
    for (let j = 0; j < units; j++) sum += p[j] = Math.exp(z[o + j] - max);
    let s = 0;
    let best = 0;
    for (let j = 0; j < units; j++) {
      p[j] = Math.fround(p[j] / sum);
      s += p[j];
      if (p[j] > p[best]) best = j;
    }
    if (best === label) correct++;
    const w = classWeights ? classWeights[label] : 1;
    const q = p[label] / s;
    const c = Math.min(Math.max(q, EPSILON), 1 - EPSILON);
    loss += -w * Math.log(c);
    // d loss / d q_label (zero when clipped), through q = p / s, then through the softmax
    const gq = q >= EPSILON && q <= 1 - EPSILON ? -w / (rows * c) : 0;
    const shift = (gq * p[label]) / (s * s);
    let dot = 0;
    for (let j = 0; j < units; j++) {
      dp[j] = (j === label ? gq / s : 0) - shift;
      dot += dp[j] * p[j];
    }
    for (let j = 0; j < units; j++) dz[o + j] = p[j] * (dp[j] - dot);
  }
  return { dz, loss: loss / rows, correct };
}

/** Rows `order[start..start + rows)` of a row-major table into `out` (small, monomorphic loops: V8 compiles them well). */
export function gatherRows(src: Float32Array, order: Int32Array, start: number, rows: number, width: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const from = order[start + r] * width;
    const to = r * width;
    for (let j = 0; j < width; j++) out[to + j] = src[from + j];
  }
}

/** g += 2 * l2 * w (the gradient of an l2 penalty); returns the penalty l2 * sum(w^2). */
export function addL2(g: Float32Array, w: Float32Array, l2: number): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    sum += w[i] * w[i];
    g[i] += 2 * l2 * w[i];
  }
  return l2 * sum;
}

/** dst (cols x rows) = the transpose of src (rows x cols). */
export function transposeInto(src: Float32Array, rows: number, cols: number, dst: Float32Array): void {
  // the writes in order, the reads strided: 8-14 % faster than the other way round for 128-256 rows
  for (let j = 0; j < cols; j++) {
    const o = j * rows;
    for (let i = 0; i < rows; i++) dst[o + i] = src[i * cols + j];
  }
}
