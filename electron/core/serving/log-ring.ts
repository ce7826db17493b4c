/**
 * A byte ring in shared memory between one writer (the serving thread, which logs a request by copying
 * its bytes in) and one reader (the log writer thread, which drains them into the journal file). Neither
 * side ever waits for the other: a record that does not fit is refused (the caller drops and counts it).
 * A record never wraps: when it does not fit before the end, the writer marks where the data ends and
 * starts again at 0. Positions are byte offsets kept in a small Int32Array of shared memory.
 */
const HEAD = 0;
const TAIL = 1;
const WRAP = 2;
/** Set while a reader drains: the serving thread reads the ring itself until the writer thread is up. */
const READING = 3;

export interface RingShared {
  data: SharedArrayBuffer;
  ctl: SharedArrayBuffer;
}

export function newRing(bytes: number): RingShared {
  return { data: new SharedArrayBuffer(bytes), ctl: new SharedArrayBuffer(16) };
}

export class Ring {
  readonly buf: Buffer;
  private readonly ctl: Int32Array;
  private readonly cap: number;

  constructor(shared: RingShared) {
    this.buf = Buffer.from(shared.data);
    this.ctl = new Int32Array(shared.ctl);
    this.cap = shared.data.byteLength;
  }

  /**
   * Where a record of at most `max` bytes can be written (then `commit(end)`), or -1 when the ring has no
   * room. One writer only.
   */
  reserve(max: number): number {
    const head = this.ctl[HEAD];
    const tail = Atomics.load(this.ctl, TAIL);
    if (head >= tail) {
      if (head + max < this.cap) return head;
      // wrap: the data ends at head; the record goes at 0, and must stay short of the reader's position
      if (max >= tail) return -1;
      Atomics.store(this.ctl, WRAP, head);
      return 0;
    }
    return head + max < tail ? head : -1;
  }

  /** Publishes the record written since reserve(), ending at `end`. */
  commit(end: number): void {
    Atomics.store(this.ctl, HEAD, end);
  }

  /**
   * Hands the reader everything written so far, as one or two views of the ring (valid until the next
   * drain), and frees it. Two readers (the serving thread before the writer thread is up, then the
   * writer thread) take turns: a reader that finds the other one draining gets nothing this time.
   */
  drain(take: (bytes: Buffer) => void): number {
    if (Atomics.compareExchange(this.ctl, READING, 0, 1) !== 0) return 0;
    try {
      return this.drainNow(take);
    } finally {
      Atomics.store(this.ctl, READING, 0);
    }
  }

  private drainNow(take: (bytes: Buffer) => void): number {
    const head = Atomics.load(this.ctl, HEAD);
    const tail = this.ctl[TAIL];
    if (head === tail) return 0;
    let n = 0;
    if (head > tail) {
      take(this.buf.subarray(tail, head));
      n = head - tail;
    } else {
      const wrap = Atomics.load(this.ctl, WRAP);
      if (wrap > tail) take(this.buf.subarray(tail, wrap));
      if (head > 0) take(this.buf.subarray(0, head));
      n = wrap - tail + head;
    }
    Atomics.store(this.ctl, TAIL, head);
    return n;
  }
}
