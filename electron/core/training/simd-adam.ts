/**
 * Adam's update four floats at a time (WebAssembly SIMD) for the fused dense step (flat-optimizer.ts,
 * issue 18): the JavaScript loop costs ~4 ns a weight (a square root and a division each), about a tenth
 * of a step of the bench MLP; f32x4 does four per instruction. The module is a few dozen bytes, written
 * out below (no toolchain); its memory holds the weights, gradients and Adam's m and v, handed out as
 * Float32Array views (`FlatMemory`) so the rest of the step reads and writes them as plain arrays.
 * The arithmetic is tfjs's in float32, op for op: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * w -= (lr / c1) m / (sqrt(v) / sqrt(c2) + epsilon). Where WebAssembly SIMD is missing, `simdAdam` is null
 * and the optimizer keeps its JavaScript loop.
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F32,
  HEADER,
  I32,
  I32_ADD,
  I32_GE_U,
  LOOP,
  PAGE,
  V128,
  body,
  funcType,
  get,
  i32,
  instantiate,
  leb,
  name,
  section,
  set,
  simd,
  v128Load,
  v128Store,
  vec,
} from './wasm-encode.js';

const load = v128Load;
const store = v128Store;
const splat = simd(0x13);
const sqrt = simd(0xe3);
const add = simd(0xe4);
const sub = simd(0xe5);
const mul = simd(0xe6);
const div = simd(0xe7);

// adam(w, g, m, v, bytes, b1, a1, b2, a2, step, root, eps): params 0-4 i32 (byte addresses, byte length), 5-11 f32
const [W, G, M, V, END_AT, B1, A1, B2, A2, STEP, ROOT, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// locals: 12 the byte offset; 13-15 g, m, v of four weights; 16-22 the scalars splatted
const [OFF, GI, MI, VI] = [12, 13, 14, 15];
const S = (p: number) => 16 + (p - B1);

function adamBody(): number[] {
  // prettier-ignore
  const code = [
    ...[B1, A1, B2, A2, STEP, ROOT, EPS].flatMap((p) => [...get(p), ...splat, ...set(S(p))]),
    ...BLOCK,
    ...LOOP,
    ...get(OFF), ...get(END_AT), I32_GE_U, BR_IF, 1, // off >= end: out of the block
    ...load(G, OFF), ...set(GI),
    ...get(S(B1)), ...load(M, OFF), ...mul, ...get(S(A1)), ...get(GI), ...mul, ...add, ...set(MI),
    ...store(M, OFF, get(MI)),
    ...get(S(B2)), ...load(V, OFF), ...mul, ...get(S(A2)), ...get(GI), ...mul, ...get(GI), ...mul, ...add, ...set(VI),
    ...store(V, OFF, get(VI)),
    ...store(W, OFF, [...load(W, OFF), ...get(S(STEP)), ...get(MI), ...mul, ...get(VI), ...sqrt, ...get(S(ROOT)), ...mul, ...get(S(EPS)), ...add, ...div, ...sub]),
    ...get(OFF), ...i32(16), I32_ADD, ...set(OFF), // off += 16
    BR, 0, // to the loop
    END, // the loop
    END, // the block
    END, // the function
  ];
  return body(
    [
      [1, I32],
      [10, V128],
    ],
    code,
  );
}

function moduleBytes(pages: number): number[] {
  return [
    ...HEADER,
    ...section(1, vec([funcType([I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32])])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...leb(pages)]])),
    ...section(
      7,
      vec([
        [...name('adam'), 0x00, 0],
        [...name('mem'), 0x02, 0],
      ]),
    ),
    ...section(10, vec([adamBody()])),
  ];
}

type AdamFn = (w: number, g: number, m: number, v: number, bytes: number, b1: number, a1: number, b2: number, a2: number, step: number, root: number, eps: number) => void;

/** Float32Arrays in one WebAssembly memory, 16-byte aligned and padded to whole groups of four. */
export class FlatMemory {
  private next = 0;
  private constructor(
    private readonly buffer: ArrayBuffer,
    private readonly fn: AdamFn,
  ) {}

  /** Room for arrays of these sizes (each rounded up to a multiple of four). */
  static create(sizes: number[]): FlatMemory | null {
    const bytes = sizes.reduce((a, n) => a + padded(n) * 4, 0);
    // null without WebAssembly SIMD
    const exports = instantiate(moduleBytes(Math.max(1, Math.ceil(bytes / PAGE))));
    if (!exports) return null;
    const { adam, mem } = exports as { adam: AdamFn; mem: { buffer: ArrayBuffer } };
    return new FlatMemory(mem.buffer, adam);
  }

  /** A zeroed array of n floats; its padding (up to the next multiple of four) stays zero. */
  alloc(n: number): Float32Array {
    const size = padded(n);
    if (this.next + size * 4 > this.buffer.byteLength) throw new Error('FlatMemory: out of room');
    const view = new Float32Array(this.buffer, this.next, n);
    this.next += size * 4;
    return view;
  }

  /** One Adam step over arrays allocated here (a weight's padding gets a zero gradient and stays zero). */
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, b1: number, b2: number, step: number, root: number, eps: number): void {
    this.fn(w.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset, padded(w.length) * 4, b1, 1 - b1, b2, 1 - b2, step, root, eps);
  }

  owns(a: Float32Array): boolean {
    return a.buffer === this.buffer;
  }
}

function padded(n: number): number {
  return Math.ceil(n / 4) * 4;
}
