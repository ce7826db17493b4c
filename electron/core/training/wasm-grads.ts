import type * as TF from '@tensorflow/tfjs';

/**
 * Gradient kernels that @tensorflow/tfjs-backend-wasm 4.22 lacks, so convolutional models can train on
 * wasm: Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and DepthwiseConv2dNativeBackpropInput
 * (Conv2DBackpropInput exists). They are built from kernels the wasm backend has (pad, gather, matMul,
 * transpose, Conv2DBackpropInput): image patches are gathered into a matrix (im2col) and the filter
 * gradient is one matrix product with the output gradient. test/unit/wasm-grads.test.ts compares them
 * with the cpu backend's gradients (stride 1 and 2, 'same' and 'valid' padding).
 * Only NHWC and dilation 1 are supported, as for gradients in tfjs itself.
 */

type Tf = typeof TF;
type Tensor = TF.Tensor;
type Info = { dataId: object; shape: number[]; dtype: string };
type Conv2DInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;

const indexCache = new Map<string, Int32Array>();

/** Row indices into the padded input [N*Hp*Wp, C] for every (n, oh, ow, kh, kw). */
function patchIndices(n: number, hp: number, wp: number, info: Conv2DInfo): Int32Array {
  const { outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const key = [n, hp, wp, oh, ow, kh, kw, sh, sw].join(',');
  let idx = indexCache.get(key);
  if (idx) return idx;
  idx = new Int32Array(n * oh * ow * kh * kw);
  let k = 0;
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let i = 0; i < kh; i++) {
          const row = b * hp * wp + (y * sh + i) * wp + x * sw;
          for (let j = 0; j < kw; j++) idx[k++] = row + j;
        }
  if (indexCache.size > 64) indexCache.clear();
  indexCache.set(key, idx);
  return idx;
}

/** im2col: [N*OH*OW, KH*KW, C] patches of x for the convolution described by `info`. */
function patches(tf: Tf, x: Tensor, info: Conv2DInfo): Tensor {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw } = info;
  const { top, bottom, left, right } = info.padInfo;
  const padded =
    top || bottom || left || right
      ? tf.pad(x, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ])
      : x;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const flat = tf.reshape(padded, [n * hp * wp, c]);
  const idx = tf.tensor1d(patchIndices(n, hp, wp, info), 'int32');
  return tf.reshape(tf.gather(flat, idx), [n * oh * ow, kh * kw, c]);
}

function asTensor(tf: Tf, info: Info): { t: Tensor; own: boolean } {
  if ((info as Partial<Tensor>).rank != null) return { t: info as unknown as Tensor, own: false };
  return { t: tf.engine().makeTensorFromTensorInfo(info as never) as Tensor, own: true };
}

function checkAttrs(kernel: string, dataFormat: string | undefined, dilations: number | [number, number] | undefined): void {
  if (dataFormat && dataFormat !== 'NHWC') throw new Error(`${kernel} on wasm supports NHWC only (got ${dataFormat}).`);
  const d = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d[0] !== 1 || d[1] !== 1) throw new Error(`${kernel} on wasm supports dilation 1 only.`);
}

type Pad = 'valid' | 'same' | number | TF.backend_util.ExplicitPadding;

function run(tf: Tf, inputs: Record<string, Info>, body: (t: Record<string, Tensor>) => Tensor): Tensor {
  const wrapped = Object.entries(inputs).map(([k, v]) => [k, asTensor(tf, v)] as const);
  try {
    return tf.tidy(() => body(Object.fromEntries(wrapped.map(([k, v]) => [k, v.t]))));
  } finally {
    for (const [, v] of wrapped) if (v.own) v.t.dispose();
  }
}

export function conv2dBackpropFilter(
  tf: Tf,
  x: Tensor,
  dy: Tensor,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): Tensor {
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [kh, kw, c, cout] = filterShape;
  const cols = tf.reshape(patches(tf, x, info), [info.batchSize * info.outHeight * info.outWidth, kh * kw * c]);
  const grad = tf.matMul(cols, tf.reshape(dy, [-1, cout]), true, false);
  return tf.reshape(grad, filterShape);
}

export function depthwiseBackpropFilter(
  tf: Tf,
  x: Tensor,
  dy: Tensor,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): Tensor {
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, true, 'channelsLast');
  const [kh, kw, c, m] = filterShape;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const p = tf.transpose(patches(tf, x, info), [2, 1, 0]); // [C, KH*KW, M]
  const g = tf.transpose(tf.reshape(dy, [rows, c, m]), [1, 0, 2]); // [C, M, m]
  const grad = tf.matMul(p, g); // [C, KH*KW, m]
  return tf.reshape(tf.transpose(grad, [1, 0, 2]), [kh, kw, c, m]);
}

export function depthwiseBackpropInput(
  tf: Tf,
  dy: Tensor,
  filter: Tensor,
  inputShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): Tensor {
  // A depthwise convolution is a full convolution with a block-diagonal filter [KH, KW, C, C*m]
  // (output channel c*m+q reads input channel c only), so its input gradient is Conv2DBackpropInput's.
  const [kh, kw, c, m] = filter.shape as [number, number, number, number];
  const eye = tf.reshape(tf.eye(c), [1, 1, c, c, 1]);
  const full = tf.reshape(tf.mul(tf.reshape(filter, [kh, kw, c, 1, m]), eye), [kh, kw, c, c * m]);
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: full }, { strides, pad, dataFormat: 'NHWC', dimRoundingMode, inputShape } as never) as Tensor;
}

/** Registers the missing kernels on the wasm backend (once per process; a no-op for kernels it has). */
export function registerWasmGradients(tf: Tf): void {
  const have = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  const add = (kernelName: string, kernelFunc: TF.KernelFunc) => {
    if (!have.has(kernelName)) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  };
  add('Conv2DBackpropFilter', ({ inputs, attrs }) => {
    const a = attrs as unknown as TF.Conv2DBackpropFilterAttrs;
    checkAttrs('Conv2DBackpropFilter', a.dataFormat, 1);
    return run(tf, inputs as Record<string, Info>, (t) => conv2dBackpropFilter(tf, t.x, t.dy, a.filterShape, a.strides, a.pad as Pad, a.dimRoundingMode));
  });
  add('DepthwiseConv2dNativeBackpropFilter', ({ inputs, attrs }) => {
    const a = attrs as unknown as TF.DepthwiseConv2dNativeBackpropFilterAttrs;
    checkAttrs('DepthwiseConv2dNativeBackpropFilter', 'NHWC', a.dilations);
    return run(tf, inputs as Record<string, Info>, (t) => depthwiseBackpropFilter(tf, t.x, t.dy, a.filterShape, a.strides, a.pad as Pad, a.dimRoundingMode));
  });
  add('DepthwiseConv2dNativeBackpropInput', ({ inputs, attrs }) => {
    const a = attrs as unknown as TF.DepthwiseConv2dNativeBackpropInputAttrs;
    checkAttrs('DepthwiseConv2dNativeBackpropInput', 'NHWC', a.dilations);
    return run(tf, inputs as Record<string, Info>, (t) => depthwiseBackpropInput(tf, t.dy, t.filter, a.inputShape, a.strides, a.pad as Pad, a.dimRoundingMode));
  });
}
