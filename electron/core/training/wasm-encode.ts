/**
 * Just enough of the WebAssembly binary format to write the fused dense step's small modules in code
 * (simd-adam.ts, heap-loops.ts; no toolchain): LEB128 numbers, sections, and the opcodes they use.
 */

export const PAGE = 65536;
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

export const vec = (items: number[][]) => [...leb(items.length), ...items.flat()];
export const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
export const name = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A function type: params, no results. */
export const funcType = (params: number[]) => [0x60, ...vec(params.map((t) => [t])), ...vec([])];
/** A function body: its locals as [count, type] groups, then the code (ending with `end`). */
export const body = (locals: [number, number][], code: number[]) => {
  const b = [...vec(locals), ...code];
  return [...leb(b.length), ...b];
};

export const get = (i: number) => [0x20, i];
export const set = (i: number) => [0x21, i];
export const i32 = (n: number) => [0x41, ...leb(n)];
export const I32_ADD = 0x6a;
export const I32_GE_U = 0x4f;
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const END = 0x0b;
export const simd = (op: number) => [0xfd, ...leb(op)];
/** v128 at address a + b (local indices), 16-byte aligned. */
export const v128Load = (a: number, b: number) => [...get(a), ...get(b), I32_ADD, ...simd(0x00), 4, 0];
export const v128Store = (a: number, b: number, value: number[]) => [...get(a), ...get(b), I32_ADD, ...value, ...simd(0x0b), 4, 0];

// the node project's type libraries leave WebAssembly out; the little used here
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** Compiles and instantiates a module; null where WebAssembly (or what the module uses, SIMD) is missing. */
export function instantiate(bytes: number[], imports?: Record<string, Record<string, unknown>>): Record<string, unknown> | null {
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  if (!wasm) return null;
  try {
    return new wasm.Instance(new wasm.Module(Uint8Array.from(bytes)), imports).exports;
  } catch {
    return null;
  }
}
