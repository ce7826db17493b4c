/**
 * Work memory reused from one column to the next by one thread's run of summaries (numeric-summary.ts: the
 * sorted copy, the radix sort's second buffer, the distinct-value table). Memory a process has not touched
 * before costs a page fault per 4 KB on first write (about as much as the sort itself on this kind of
 * machine), so a run over many columns of a million rows allocates each buffer once instead of per column.
 * What a view holds is left over from its last use: callers write before they read.
 */
/** The buffers, one per use (each use's view starts at 0 of its own buffer). */
export const SLOT = { radix: 0, sorted: 1, distinctKeys: 2, distinctCounts: 3, distinctUsed: 4 } as const;

export class Scratch {
  private buffers: ArrayBuffer[] = [];

  /** At least `bytes` bytes of buffer `slot` (a fresh, larger one when it is too small). */
  private buffer(slot: number, bytes: number): ArrayBuffer {
    const b = this.buffers[slot];
    if (b && b.byteLength >= bytes) return b;
    return (this.buffers[slot] = new ArrayBuffer(bytes));
  }

  f64(slot: number, n: number): Float64Array {
    return new Float64Array(this.buffer(slot, 8 * n), 0, n);
  }

  u32(slot: number, n: number): Uint32Array {
    return new Uint32Array(this.buffer(slot, 4 * n), 0, n);
  }

  u8(slot: number, n: number): Uint8Array {
    return new Uint8Array(this.buffer(slot, n), 0, n);
  }
}
