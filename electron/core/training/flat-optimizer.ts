import type { NamedTensor } from './tensor-pack.js';
import type { FlatMemory } from './simd-adam.js';

/**
 * Adam and SGD (with or without momentum) over flat Float32Arrays, for the fused dense step
 * (dense-fit.ts): tfjs's formulas (Adam: beta1 0.9, beta2 0.999, epsilon 1e-7, bias correction from
 * beta^(t + 1); momentum without Nesterov), one loop per weight instead of ten tensor ops. Its state
 * reads and writes in tfjs's optimizer.getWeights() layout (iter, then adam's m's and v's or the momentum
 * accumulators, named `<variable>/m` ...), so a checkpoint resumes on either training path.
 * Given a FlatMemory (simd-adam.ts) holding the weights and gradients, Adam's state lives there too and
 * its update runs four weights at a time.
 */

export interface FlatVariable {
  name: string;
  shape: number[];
  size: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class FlatOptimizer {
  private iterations = 0;
  /** adam: m then v per variable; momentum: the accumulator per variable; sgd: none. */
  private readonly slots: Float32Array[][];
  private readonly suffixes: string[];

  constructor(
    private readonly kind: 'adam' | 'sgd',
    private readonly momentum: number,
    private readonly vars: FlatVariable[],
    private readonly memory: FlatMemory | null = null,
  ) {
    this.suffixes = kind === 'adam' ? ['m', 'v'] : momentum > 0 ? ['momentum'] : [];
    this.slots = this.suffixes.map(() => vars.map((v) => (memory ? memory.alloc(v.size) : new Float32Array(v.size))));
  }

  /** Float32Arrays the optimizer needs beside its own state: the weights and gradients (in its memory when it has one). */
  static sizes(kind: 'adam' | 'sgd', vars: FlatVariable[]): number[] {
    const sizes = vars.map((v) => v.size);
    return kind === 'adam' ? [...sizes, ...sizes, ...sizes, ...sizes] : [...sizes, ...sizes];
  }

  apply(params: Float32Array[], grads: Float32Array[], lr: number): void {
    if (this.kind === 'adam') {
      const c1 = 1 - Math.pow(BETA1, this.iterations + 1);
      const c2 = 1 - Math.pow(BETA2, this.iterations + 1);
      const [m, v] = this.slots;
      const mem = this.memory;
      for (let k = 0; k < params.length; k++) {
        if (mem && mem.owns(params[k]) && mem.owns(grads[k])) mem.adam(params[k], grads[k], m[k], v[k], BETA1, BETA2, lr / c1, 1 / Math.sqrt(c2), EPSILON);
        else adam(params[k], grads[k], m[k], v[k], lr, c1, c2);
      }
    } else if (this.momentum > 0) {
      params.forEach((w, k) => momentumStep(w, grads[k], this.slots[0][k], lr, this.momentum));
    } else params.forEach((w, k) => sgd(w, grads[k], lr));
    this.iterations++;
  }

  weights(): NamedTensor[] {
    const out: NamedTensor[] = [{ name: 'iter', shape: [], data: Float32Array.of(this.iterations) }];
    this.suffixes.forEach((suffix, s) => this.vars.forEach((v, k) => out.push({ name: `${v.name}/${suffix}`, shape: v.shape, data: Float32Array.from(this.slots[s][k]) })));
    return out;
  }

  setWeights(weights: NamedTensor[]): void {
    const [iter, ...rest] = weights;
    if (iter?.name !== 'iter' || rest.length !== this.suffixes.length * this.vars.length) {
      throw new Error(`The saved optimizer state (${weights.length} tensors) does not fit this ${this.kind} optimizer.`);
    }
    this.suffixes.forEach((_, s) =>
      this.vars.forEach((v, k) => {
        const w = rest[s * this.vars.length + k];
        if (w.data.length !== v.size) throw new Error(`The saved optimizer state ${w.name} has ${w.data.length} values; ${v.name} needs ${v.size}.`);
      }),
    );
    this.iterations = iter.data[0];
    this.suffixes.forEach((_, s) => this.vars.forEach((_v, k) => this.slots[s][k].set(rest[s * this.vars.length + k].data)));
  }
}

/** w -= lr * (m / c1) / (sqrt(v / c2) + epsilon), with the constant factors taken out of the loop. */
function adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, c1: number, c2: number): void {
  const a = 1 - BETA1;
  const b = 1 - BETA2;
  const step = lr / c1;
  const root = 1 / Math.sqrt(c2);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = BETA1 * m[i] + a * gi;
    const vi = BETA2 * v[i] + b * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (step * mi) / (Math.sqrt(vi) * root + EPSILON);
  }
}

function momentumStep(w: Float32Array, g: Float32Array, acc: Float32Array, lr: number, momentum: number): void {
  for (let i = 0; i < w.length; i++) {
    const ai = momentum * acc[i] + g[i];
    acc[i] = ai;
    w[i] -= lr * ai;
  }
}

function sgd(w: Float32Array, g: Float32Array, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
}
