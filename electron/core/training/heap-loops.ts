/**
 * Two loops of the fused dense step (dense-fit.ts) as WebAssembly working in place on the wasm backend's
 * own memory (its tensors, no copies), written out in code (wasm-encode.ts): the relu derivative four
 * floats at a time (d = d where a > 0, else 0: f32x4.gt and v128.and, +0, -0 and negatives give 0)
 * and the transposes before the backward matrix products (plain loads and stores, without
 * JavaScript's bounds checks). `heapLoops` is null where the backend's memory is not reachable or
 * WebAssembly SIMD is missing; the step then keeps its JavaScript loops (dense-math.ts).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  HEADER,
  I32,
  I32_ADD,
  I32_GE_U,
  LOOP,
  V128,
  body,
  funcType,
  get,
  i32,
  instantiate,
  name,
  section,
  set,
  simd,
  v128Load,
  v128Store,
  vec,
} from './wasm-encode.js';

// relu(d, a, bytes): params 0-2; local 3 the byte offset, 4 zero
function reluBody(): number[] {
  const [D, A, BYTES, OFF, ZERO] = [0, 1, 2, 3, 4];
  // prettier-ignore
  const code = [
    ...simd(0x0c), ...new Array(16).fill(0), ...set(ZERO), // v128.const 0
    ...BLOCK,
    ...LOOP,
    ...get(OFF), ...get(BYTES), I32_GE_U, BR_IF, 1,
    ...v128Store(D, OFF, [...v128Load(D, OFF), ...v128Load(A, OFF), ...get(ZERO), ...simd(0x44), ...simd(0x4e)]), // d & (a > 0)
    ...get(OFF), ...i32(16), I32_ADD, ...set(OFF),
    BR, 0,
    END,
    END,
    END,
  ];
  return body(
    [
      [1, I32],
      [1, V128],
    ],
    code,
  );
}

// transpose(src, rows, cols, dst): dst (cols x rows) = src (rows x cols)^T, dst written in order
function transposeBody(): number[] {
  const [SRC, ROWS, COLS, DST, J, I, S, STRIDE] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f32Load = [0x2a, 2, 0];
  const f32Store = [0x38, 2, 0];
  // prettier-ignore
  const code = [
    ...get(COLS), ...i32(2), 0x74, ...set(STRIDE), // stride = cols << 2
    ...BLOCK,
    ...LOOP,
    ...get(J), ...get(COLS), I32_GE_U, BR_IF, 1,
    ...get(SRC), ...get(J), ...i32(2), 0x74, I32_ADD, ...set(S), // s = src + (j << 2)
    ...i32(0), ...set(I),
    ...BLOCK,
    ...LOOP,
    ...get(I), ...get(ROWS), I32_GE_U, BR_IF, 1,
    ...get(DST), ...get(S), ...f32Load, ...f32Store, // *dst = *s
    ...get(S), ...get(STRIDE), I32_ADD, ...set(S),
    ...get(DST), ...i32(4), I32_ADD, ...set(DST),
    ...get(I), ...i32(1), I32_ADD, ...set(I),
    BR, 0,
    END,
    END,
    ...get(J), ...i32(1), I32_ADD, ...set(J),
    BR, 0,
    END,
    END,
    END,
  ];
  return body([[4, I32]], code);
}

function moduleBytes(): number[] {
  return [
    ...HEADER,
    ...section(1, vec([funcType([I32, I32, I32]), funcType([I32, I32, I32, I32])])),
    // the memory, imported: min 1 page, no maximum
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, 1]])),
    ...section(3, vec([[0], [1]])),
    ...section(
      7,
      vec([
        [...name('relu'), 0x00, 0],
        [...name('transpose'), 0x00, 1],
      ]),
    ),
    ...section(10, vec([reluBody(), transposeBody()])),
  ];
}

export interface HeapLoops {
  /** d = 0 where a is not > 0 (relu's derivative), in place; both on the backend's heap. */
  reluGrad(d: Float32Array, a: Float32Array): void;
  /** dst (cols x rows) = the transpose of src (rows x cols); both on the backend's heap. */
  transpose(src: Float32Array, rows: number, cols: number, dst: Float32Array): void;
}

const cache = new WeakMap<object, HeapLoops | null>();

/** The loops on a wasm backend's memory (`backend.wasm.asm.memory`, Emscripten's), or null. */
export function heapLoops(backend: unknown): HeapLoops | null {
  const module = (backend as { wasm?: { asm?: { memory?: { buffer: ArrayBuffer } } } }).wasm;
  const memory = module?.asm?.memory;
  if (!module || !memory || process.env.CICLO_HEAP_LOOPS === '0') return null;
  if (cache.has(module)) return cache.get(module)!;
  const exports = instantiate(moduleBytes(), { e: { m: memory } });
  let loops: HeapLoops | null = null;
  if (exports) {
    const relu = exports.relu as (d: number, a: number, bytes: number) => void;
    const transpose = exports.transpose as (src: number, rows: number, cols: number, dst: number) => void;
    const onHeap = (...arrays: Float32Array[]) => arrays.every((x) => x.buffer === memory.buffer);
    loops = {
      reluGrad(d, a) {
        // (wasm loads and stores need no alignment: the backend's allocations are 8-byte aligned)
        if (!onHeap(d, a)) throw new Error('heapLoops.reluGrad: the arrays must be on the backend heap');
        const whole = d.length - (d.length % 4);
        relu(d.byteOffset, a.byteOffset, whole * 4);
        for (let i = whole; i < d.length; i++) if (!(a[i] > 0)) d[i] = 0;
      },
      transpose(src, rows, cols, dst) {
        if (!onHeap(src, dst) || dst.length < rows * cols || src.length < rows * cols) throw new Error('heapLoops.transpose: arrays must be on the backend heap');
        transpose(src.byteOffset, rows, cols, dst.byteOffset);
      },
    };
  }
  cache.set(module, loops);
  return loops;
}
