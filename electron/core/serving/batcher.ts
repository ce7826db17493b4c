/**
 * Micro-batching (dynamic batching): requests queued together are scored as one batch of at most `maxBatch`
 * rows, and each request gets its own slice back, in order. An idle model scores what arrived in the same
 * turn of the event loop at once; while a batch runs, new requests queue and go together when it ends (or
 * after `maxDelayMs`, whichever comes first), so batching adds no timer latency at low load.
 * `maxDelayMs` 0 or `maxBatch` 1 scores every request alone. A request larger than `maxBatch` is scored
 * alone. If a batch fails as a whole, its requests are retried one by one so that a failing request
 * never fails its neighbours.
 */
import type { Prediction, Predictor } from '../training/predictor.js';

interface Item {
  /** Raw rows (scored with predictRows), or null when the item holds encoded rows. */
  rows: unknown[] | null;
  /** Rows encoded by encodeRawRows (n x input width), scored with predictEncoded. */
  x: Float32Array | null;
  n: number;
  resolve: (p: Prediction) => void;
  reject: (e: unknown) => void;
}

export interface BatcherOptions {
  maxBatch: number;
  maxDelayMs: number;
  /** Called with the size (rows) of every batch run. */
  onBatch?: (rows: number) => void;
}

/** The rows [from, from + n) of a prediction, with rejections re-indexed. */
export function slicePrediction(p: Prediction, from: number, n: number): Prediction {
  const rejected = p.rejected.filter((r) => r.index >= from && r.index < from + n).map((r) => ({ ...r, index: r.index - from }));
  if (p.task === 'regression') return { task: p.task, values: p.values.slice(from, from + n), rejected };
  const k = p.classes.length;
  return { task: p.task, classes: p.classes, probabilities: p.probabilities.slice(from * k, (from + n) * k), labels: p.labels.slice(from, from + n), rejected };
}

export class Batcher {
  private queue: Item[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly predictor: Predictor,
    private readonly options: BatcherOptions,
  ) {}

  get batching(): boolean {
    return this.options.maxDelayMs > 0 && this.options.maxBatch > 1;
  }

  /** Scores raw rows (encoded in the batch by the predictor). */
  submit(rows: unknown[]): Promise<Prediction> {
    return new Promise<Prediction>((resolve, reject) => this.enqueue({ rows, x: null, n: rows.length, resolve, reject }));
  }

  /** Scores `n` rows already encoded by encodeRawRows with the predictor's preprocessing. */
  submitEncoded(x: Float32Array, n: number): Promise<Prediction> {
    return new Promise<Prediction>((resolve, reject) => this.enqueue({ rows: null, x, n, resolve, reject }));
  }

  private enqueue(item: Item): void {
    if (!this.batching || item.n >= this.options.maxBatch) {
      void this.run([item]);
      return;
    }
    this.queue.push(item);
    this.queuedRows += item.n;
    if (this.queuedRows >= this.options.maxBatch) this.flush();
    else if (!this.running) {
      // Idle model: score what arrived in this turn of the event loop (every request whose bytes came in the
      // same poll of the sockets), with no timer latency.
      this.immediate ??= setImmediate(() => this.flush());
    } else if (!this.timer) {
      // Busy model: the queue goes when the running batch ends (run() flushes it), or after maxDelayMs at most.
      this.timer = setTimeout(() => this.flush(), this.options.maxDelayMs);
    }
  }

  /** Resolves once nothing is queued or running (used to drain a retired model before disposing it). */
  idle(): Promise<void> {
    if (!this.queue.length && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    while (this.queue.length) {
      const batch: Item[] = [];
      let rows = 0;
      // one batch holds items of one kind (encoded or raw rows), at most maxBatch rows
      while (this.queue.length && (batch.length === 0 || (rows + this.queue[0].n <= this.options.maxBatch && (this.queue[0].x === null) === (batch[0].x === null)))) {
        const item = this.queue.shift()!;
        rows += item.n;
        batch.push(item);
      }
      this.queuedRows -= rows;
      void this.run(batch);
    }
  }

  private predict(batch: Item[]): Promise<Prediction> {
    if (batch.length === 1) {
      const it = batch[0];
      return it.x ? this.predictor.predictEncoded(it.x, it.n, []) : this.predictor.predictRows(it.rows!);
    }
    if (!batch[0].x) return this.predictor.predictRows(batch.flatMap((b) => b.rows!));
    let n = 0;
    let size = 0;
    for (const b of batch) ((n += b.n), (size += b.x!.length));
    const x = new Float32Array(size);
    let at = 0;
    for (const b of batch) (x.set(b.x!, at), (at += b.x!.length));
    return this.predictor.predictEncoded(x, n, []);
  }

  private async run(batch: Item[]): Promise<void> {
    this.running++;
    try {
      let n = 0;
      for (const b of batch) n += b.n;
      this.options.onBatch?.(n);
      let result: Prediction | null = null;
      try {
        result = await this.predict(batch);
      } catch (err) {
        if (batch.length === 1) batch[0].reject(err);
        else
          for (const item of batch) {
            // one by one: only the request that fails gets the error
            try {
              item.resolve(await this.predict([item]));
            } catch (e) {
              item.reject(e);
            }
          }
      }
      if (result) {
        let from = 0;
        for (const item of batch) {
          item.resolve(batch.length === 1 ? result : slicePrediction(result, from, item.n));
          from += item.n;
        }
      }
    } finally {
      this.running--;
      if (!this.running && this.queue.length) this.flush();
      if (!this.running && !this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
