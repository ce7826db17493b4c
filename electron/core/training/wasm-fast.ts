import type * as TF from '@tensorflow/tfjs';

/**
 * Faster training kernels for @tensorflow/tfjs-backend-wasm 4.22, measured with `npm run bench -- train`
 * (its kernel profile): the backend's own versions of these run as plain loops, 10x or more slower than
 * its XNNPACK-backed Conv2D and MatMul. Each replacement is built from those fast kernels, called
 * directly on the backend (no tape, no engine bookkeeping), and falls back to the original kernel for
 * the rare shapes it does not cover:
 * - BatchMatMul / _FusedMatMul with a transposed operand: the operand is transposed once (a fast copy)
 *   and the product runs untransposed (the backend's transposed path is a naive loop; dense-layer
 *   gradients use it on every batch).
 * - Conv2DBackpropInput: a forward Conv2D of the (zero-dilated, padded) output gradient with the
 *   flipped filter, input and output channels swapped.
 * - Conv2DBackpropFilter: a forward Conv2D with batch and channels swapped: the input [C, H, W, N]
 *   convolved with the output gradient [OH, OW, N, Cout] as filter (dilated by the stride) gives the
 *   filter gradient [C, KH, KW, Cout].
 * - MaxPoolGrad for non-overlapping windows (pool size = stride, no padding): every window's gradient
 *   goes to its first maximal element (the order tfjs uses), from element-wise comparisons.
 * test/unit/wasm-grads.test.ts checks them against the cpu backend (<= 1e-4).
 */

type Tf = typeof TF;
type Info = { dataId: object; shape: number[]; dtype: string };
type KernelArgs = { inputs: Record<string, Info | undefined>; attrs: Record<string, unknown>; backend: WasmBackend };
type Kernel = (args: KernelArgs) => Info | Info[];
interface WasmBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

const WRAPPED = Symbol.for('ciclo.wasmFastKernels');

/** Runs original kernels on the backend, keeping track of intermediates to free. */
class Scratch {
  private tmp: Info[] = [];
  constructor(
    private readonly backend: WasmBackend,
    private readonly k: Record<string, Kernel>,
  ) {}
  run(name: string, inputs: Record<string, Info | undefined>, attrs: Record<string, unknown> = {}): Info {
    const out = this.k[name]({ inputs, attrs, backend: this.backend }) as Info;
    this.tmp.push(out);
    return out;
  }
  reshape(x: Info, shape: number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: Info, perm: number[]): Info {
    return this.run('Transpose', { x }, { perm });
  }
  /** `out` is the result: every other intermediate is freed. */
  finish(out: Info): Info {
    for (const t of this.tmp) if (t !== out) this.backend.disposeData(t.dataId);
    this.tmp = [];
    return out;
  }
  abandon(): void {
    for (const t of this.tmp) this.backend.disposeData(t.dataId);
    this.tmp = [];
  }
}

type Pads = { top: number; bottom: number; left: number; right: number };
type ConvInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;

function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/** A matrix product with transposed operands: transpose them first, then the backend's untransposed (fast) product. */
function untransposed(orig: Kernel, k: Record<string, Kernel>): Kernel {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return orig(args);
    const s = new Scratch(args.backend, k);
    try {
      const a = transposeA ? s.transpose(args.inputs.a!, swapLast(args.inputs.a!.shape.length)) : args.inputs.a!;
      const b = transposeB ? s.transpose(args.inputs.b!, swapLast(args.inputs.b!.shape.length)) : args.inputs.b!;
      const out = orig({ ...args, inputs: { ...args.inputs, a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as Info;
      s.abandon();
      return out;
    } catch (err) {
      s.abandon();
      throw err;
    }
  };
}

function conv(s: Scratch, x: Info, filter: Info, pads: Pads, dilations: [number, number]): Info {
  const pad = [
    [0, 0],
    [pads.top, pads.bottom],
    [pads.left, pads.right],
    [0, 0],
  ];
  return s.run('Conv2D', { x, filter }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined });
}

/** dy [N, OH, OW, C] with (stride - 1) zeros after every row and column: [N, OH*sh, OW*sw, C]. */
function dilate(s: Scratch, dy: Info, sh: number, sw: number): Info {
  if (sh === 1 && sw === 1) return dy;
  const [n, oh, ow, c] = dy.shape;
  const six = s.reshape(dy, [n, oh, 1, ow, 1, c]);
  const padded = s.run(
    'PadV2',
    { x: six },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return s.reshape(padded, [n, oh * sh, ow * sw, c]);
}

/** dx of a convolution (NHWC, dilation 1), or null when the shapes need the backend's own kernel. */
function backpropInput(s: Scratch, dy: Info, filter: Info, info: ConvInfo): Info | null {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  const pads = { top: kh - 1 - top, left: kw - 1 - left, bottom: 0, right: 0 };
  // the dilated gradient has (stride - 1) trailing zeros; the output must be exactly H x W
  let hd = oh * sh;
  let wd = ow * sw;
  pads.bottom = h + kh - 1 - hd - pads.top;
  pads.right = w + kw - 1 - wd - pads.left;
  if (pads.top < 0 || pads.left < 0) return null;
  const cropH = pads.bottom < 0 ? -pads.bottom : 0;
  const cropW = pads.right < 0 ? -pads.right : 0;
  if (hd - cropH < (oh - 1) * sh + 1 || wd - cropW < (ow - 1) * sw + 1) return null;
  let d = dilate(s, dy, sh, sw);
  if (cropH || cropW) {
    hd -= cropH;
    wd -= cropW;
    d = s.run('Slice', { x: d }, { begin: [0, 0, 0, 0], size: [d.shape[0], hd, wd, d.shape[3]] });
    pads.bottom = Math.max(pads.bottom, 0);
    pads.right = Math.max(pads.right, 0);
  }
  const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] });
  const f = s.transpose(flipped, [0, 1, 3, 2]);
  return conv(s, d, f, pads, [1, 1]);
}

/** dW of a convolution (NHWC, dilation 1), or null when the shapes need the general kernel. */
function backpropFilter(s: Scratch, x: Info, dy: Info, info: ConvInfo): Info | null {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  // rows/columns of the padded input the filter taps reach: (O - 1) * stride + K
  const bottom = (oh - 1) * sh + kh - h - top;
  const right = (ow - 1) * sw + kw - w - left;
  let xs = x;
  if (bottom < 0 || right < 0) {
    const [n, , , c] = x.shape;
    xs = s.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [n, h + Math.min(bottom, 0), w + Math.min(right, 0), c] });
  }
  const xt = s.transpose(xs, [3, 1, 2, 0]); // [C, H, W, N]
  const ft = s.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
  const out = conv(s, xt, ft, { top, left, bottom: Math.max(bottom, 0), right: Math.max(right, 0) }, [sh, sw]); // [C, KH, KW, Cout]
  if (out.shape[1] !== kh || out.shape[2] !== kw) return null;
  return s.transpose(out, [1, 2, 0, 3]);
}

/** Per-shape constant: at every input position, p*q minus its offset in its pooling window (the first is largest). */
const windowRanks = new Map<string, TF.Tensor>();

function windowRank(tf: Tf, shape: number[], p: number, q: number): Info {
  const key = `${shape.join('x')}/${p}x${q}`;
  let t = windowRanks.get(key);
  if (!t) {
    const [n, h, w, c] = shape;
    const v = new Float32Array(n * h * w * c);
    for (let i = 0; i < v.length; i++) {
      const col = Math.floor(i / c) % w;
      const row = Math.floor(i / (c * w)) % h;
      v[i] = p * q - ((row % p) * q + (col % q));
    }
    if (windowRanks.size > 16) {
      for (const old of windowRanks.values()) old.dispose();
      windowRanks.clear();
    }
    t = tf.keep(tf.tensor(v, shape, 'float32'));
    windowRanks.set(key, t);
  }
  return t as unknown as Info;
}

/**
 * MaxPoolGrad for windows that tile the input (pool = stride, no padding, H and W divisible), from
 * same-shape element-wise kernels, MaxPool and nearest-neighbour resizing (the backend's broadcasting,
 * comparison and slicing kernels are slow): a window's gradient goes to its first maximal element.
 */
function maxPoolGrad(s: Scratch, dy: Info, x: Info, y: Info, p: number, q: number, rank: Info): Info {
  const [, h, w] = x.shape;
  const up = (t: Info) => s.run('ResizeNearestNeighbor', { images: t }, { alignCorners: false, halfPixelCenters: false, size: [h, w] });
  const pool = (t: Info) => s.run('MaxPool', { x: t }, { filterSize: [p, q], strides: [p, q], pad: 'valid', dimRoundingMode: undefined });
  const below = s.run('Step', { x: s.run('Sub', { a: up(y), b: x }) }, { alpha: 0 }); // 1 where x is under its window's max
  const score = s.run('Sub', { a: rank, b: s.run('Multiply', { a: below, b: rank }) }); // rank at the maxima, else 0
  const notFirst = s.run('Step', { x: s.run('Sub', { a: up(pool(score)), b: score }) }, { alpha: 0 });
  const g = up(dy);
  return s.run('Sub', { a: g, b: s.run('Multiply', { a: notFirst, b: g }) });
}

/**
 * Replaces the slow wasm kernels (once per process). CICLO_WASM_FAST_KERNELS=0 keeps the backend's own
 * (for before/after measurements).
 */
export function registerFastWasmKernels(tf: Tf): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[WRAPPED] || process.env.CICLO_WASM_FAST_KERNELS === '0') return;
  g[WRAPPED] = true;
  const k: Record<string, Kernel> = {};
  for (const cfg of tf.getKernelsForBackend('wasm')) k[cfg.kernelName] = cfg.kernelFunc as unknown as Kernel;
  const replace = (name: string, make: (orig: Kernel) => Kernel) => {
    const cfg = tf.getKernel(name, 'wasm');
    if (!cfg) return;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...cfg, kernelFunc: make(cfg.kernelFunc as unknown as Kernel) as unknown as TF.KernelFunc });
  };
  replace('BatchMatMul', (orig) => untransposed(orig, k));
  replace('_FusedMatMul', (orig) => untransposed(orig, k));
  const convCase = (kind: 'input' | 'filter', orig: Kernel, args: KernelArgs): Info | Info[] => {
    const a = args.attrs as {
      strides: number | [number, number];
      pad: never;
      dataFormat?: string;
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      inputShape?: number[];
      filterShape?: number[];
    };
    const x = kind === 'input' ? null : args.inputs.x!;
    const dy = args.inputs.dy!;
    const xShape = (kind === 'input' ? a.inputShape! : x!.shape) as [number, number, number, number];
    const fShape = (kind === 'input' ? args.inputs.filter!.shape : a.filterShape!) as [number, number, number, number];
    if (a.dataFormat && a.dataFormat !== 'NHWC') return orig(args);
    const info = tf.backend_util.computeConv2DInfo(xShape, fShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    const s = new Scratch(args.backend, k);
    try {
      const out = kind === 'input' ? backpropInput(s, dy, args.inputs.filter!, info) : backpropFilter(s, x!, dy, info);
      if (out) return s.finish(out);
      s.abandon();
    } catch (err) {
      s.abandon();
      throw err;
    }
    return orig(args);
  };
  // Conv2DBackpropFilter is Ciclo's own (wasm-grads.ts, registered first): it stays the fallback
  replace('Conv2DBackpropInput', (orig) => (args) => convCase('input', orig, args));
  replace('Conv2DBackpropFilter', (orig) => (args) => convCase('filter', orig, args));
  replace('MaxPoolGrad', (orig) => (args) => {
    const a = args.attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: unknown; dimRoundingMode?: string };
    const [p, q] = typeof a.filterSize === 'number' ? [a.filterSize, a.filterSize] : a.filterSize;
    const [sh, sw] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
    const { dy, input, output } = args.inputs as Record<string, Info>;
    const [, h, w] = input.shape;
    const tiles = p === sh && q === sw && h % p === 0 && w % q === 0 && (a.pad === 'valid' || a.pad === 'same' || a.pad === 0);
    if (!tiles) return orig(args);
    const s = new Scratch(args.backend, k);
    try {
      const rank = windowRank(tf, input.shape, p, q);
      return s.finish(maxPoolGrad(s, dy, input, output, p, q, rank));
    } catch (err) {
      s.abandon();
      throw err;
    }
  });
}
