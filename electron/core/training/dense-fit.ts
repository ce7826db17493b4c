import type * as TF from '@tensorflow/tfjs';
import type { Layer } from '../../../shared/schemas/training.js';
import type { NamedTensor } from './tensor-pack.js';
import { trainableVariables } from './shard-step.js';
import type { TrainData, TrainSpec } from './trainer.js';
import { activate, activationGrad, addL2, gatherRows, headGradient, transposeInto } from './dense-math.js';
import { FlatOptimizer } from './flat-optimizer.js';
import { FlatMemory } from './simd-adam.js';
import { heapLoops } from './heap-loops.js';

type Tf = typeof TF;
type Info = { dataId: object; shape: number[]; dtype: string };
type Kernel = (args: { inputs: Record<string, Info>; attrs: Record<string, unknown>; backend: unknown }) => Info;
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(info: Info): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * The fused training step of dense networks on the wasm backend (issue 18). model.fit spends most of a
 * small network's step outside the matrix products: the gradient tape, a tensor and an engine record per
 * op, Adam's ten ops per variable, the metrics' ops. This step does the same arithmetic with the backend's
 * XNNPACK matrix products called directly (forward with bias and relu fused; dW = A^T dZ, dA = dZ W^T
 * through explicit transposes, the backend's fast untransposed path; the bias gradient as a row of ones
 * appended to A^T), the element-wise parts (softmax + cross-entropy gradient, activation derivatives,
 * dropout) in plain loops, and the optimizer's update over flat Float32Arrays (flat-optimizer.ts; Adam
 * four weights at a time, simd-adam.ts). The relu derivative and the transposes run as small WebAssembly
 * loops on the backend's own memory (heap-loops.ts). Dropout masks come from tf.randomUniform exactly as
 * tf.dropout draws them, so a seed gives model.fit's masks.
 * Where the time goes (bench/lib/fused-step.ts, the bench MLP, per step): the five matrix products about
 * 80 %, the rest (gathering the batch, uploads, the head, transposes, Adam, the batch callback) 20 %.
 *
 * It covers Sequential models of dense and dropout layers on one tabular input with a softmax
 * (categorical cross-entropy) or linear (mean squared error) head, optimizers adam and sgd (with or
 * without momentum); anything else returns null from `denseFit` and trains through model.fit.
 * The weights live in the model between epochs: an epoch reads them at its start and writes them back
 * at its end (or when stopped), so evaluation, checkpoints and predictions are unchanged.
 * CICLO_FUSED_DENSE=0 turns it off; CICLO_SIMD_ADAM=0 and CICLO_HEAP_LOOPS=0 keep Adam and the loops in
 * JavaScript (before/after measurements).
 */

interface DenseLayer {
  kind: 'dense';
  inUnits: number;
  units: number;
  activation: string;
  l2: number;
  w: Float32Array;
  b: Float32Array;
}
type Step = DenseLayer | { kind: 'dropout'; rate: number };

export interface DenseFit {
  epoch(order: Int32Array, lr: number, onBatch: (loss: number) => Promise<boolean>): Promise<{ loss: number; accuracy: number | null; stopped: boolean }>;
  optimizerWeights(): NamedTensor[];
  setOptimizerWeights(weights: NamedTensor[]): void;
}

const HIDDEN = new Set(['relu', 'linear', 'elu', 'selu', 'tanh', 'sigmoid', 'swish']);

/** The layers the fused step covers, or null. */
export function densePlan(spec: TrainSpec, backend: string, threads: number): Layer[] | null {
  if (process.env.CICLO_FUSED_DENSE === '0' || backend !== 'wasm' || threads > 1) return null;
  if (spec.inputShape.length !== 1 || !['adam', 'sgd'].includes(spec.params.optimizer)) return null;
  for (const l of spec.design.layers) {
    if (l.type === 'dense' && HIDDEN.has(l.activation)) continue;
    if (l.type === 'dropout') continue;
    return null;
  }
  return spec.design.layers;
}

export function denseFit(tf: Tf, model: TF.LayersModel, spec: TrainSpec, data: TrainData, threads: number): DenseFit | null {
  const layers = densePlan(spec, tf.getBackend(), threads);
  if (!layers) return null;
  const vars = trainableVariables(model);
  const steps: Step[] = [];
  let inUnits = spec.inputShape[0];
  const denseLayers: DenseLayer[] = [];
  for (const l of [...layers, { type: 'dense' as const, units: spec.outputUnits, activation: 'head', l2: 0 }]) {
    if (l.type === 'dropout') {
      if (l.rate > 0) steps.push({ kind: 'dropout', rate: l.rate });
      continue;
    }
    if (l.type !== 'dense') return null;
    const d: DenseLayer = { kind: 'dense', inUnits, units: l.units, activation: l.activation, l2: l.l2, w: new Float32Array(inUnits * l.units), b: new Float32Array(l.units) };
    denseLayers.push(d);
    steps.push(d);
    inUnits = l.units;
  }
  if (vars.length !== 2 * denseLayers.length || vars.some((v, i) => v.size !== (i % 2 ? denseLayers[i >> 1].units : denseLayers[i >> 1].w.length))) return null;
  const p = spec.params;
  const kind = p.optimizer as 'adam' | 'sgd';
  const flatVars = vars.map((v) => ({ name: v.name, shape: v.shape, size: v.size }));
  // Adam four weights at a time (simd-adam.ts): the weights, gradients and its state in one wasm memory
  const memory = kind === 'adam' && process.env.CICLO_SIMD_ADAM !== '0' ? FlatMemory.create(FlatOptimizer.sizes(kind, flatVars)) : null;
  if (memory) for (const d of denseLayers) [d.w, d.b] = [memory.alloc(d.w.length), memory.alloc(d.b.length)];
  const params = denseLayers.flatMap((d) => [d.w, d.b]);
  const grads = params.map((a) => (memory ? memory.alloc(a.length) : new Float32Array(a.length)));
  const opt = new FlatOptimizer(kind, p.momentum, flatVars, memory);
  const readWeights = () => vars.forEach((v, i) => params[i].set(v.dataSync() as Float32Array));
  const writeWeights = () =>
    vars.forEach((v, i) => {
      const t = tf.tensor(params[i], v.shape);
      v.assign(t);
      t.dispose();
    });
  const features = spec.inputShape[0];
  const head = denseLayers[denseLayers.length - 1];

  return {
    optimizerWeights: () => opt.weights(),
    setOptimizerWeights: (w) => opt.setWeights(w),
    async epoch(order, lr, onBatch) {
      const backend = tf.backend() as unknown as WasmBackend;
      const kernel = (name: string) => tf.getKernel(name, 'wasm')!.kernelFunc as unknown as Kernel;
      const fused = kernel('_FusedMatMul');
      const matMul = kernel('BatchMatMul');
      const run = (k: Kernel, inputs: Record<string, Info>, attrs: Record<string, unknown>) => k({ inputs, attrs, backend });
      const upload = (values: Float32Array, shape: number[]) => {
        const t = backend.makeOutput(shape, 'float32');
        backend.typedArrayFromHeap(t).set(values);
        return t;
      };
      const heap = (t: Info) => backend.typedArrayFromHeap(t);
      // the relu derivative and the transposes in WebAssembly on the backend's memory (heap-loops.ts), else in JavaScript
      const loops = heapLoops(backend);
      const transpose = (src: Float32Array, rows: number, cols: number, dst: Float32Array) => (loops ? loops.transpose(src, rows, cols, dst) : transposeInto(src, rows, cols, dst));
      readWeights();
      const n = order.length;
      const batch = p.batchSize;
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let stopped = false;
      try {
        for (let start = 0; start < n && !stopped; start += batch) {
          const rows = Math.min(batch, n - start);
          const live: Info[] = [];
          const keep = <T extends Info>(t: T): T => (live.push(t), t);
          try {
            // the batch's rows, straight into the backend's memory
            const x = keep(backend.makeOutput([1, rows, features], 'float32'));
            const xv = heap(x);
            gatherRows(data.xTrain, order, start, rows, features, xv);
            const labels = new Float32Array(rows);
            gatherRows(data.yTrain, order, start, rows, 1, labels);
            // forward: per dense layer its input, output and pre-activation (when the derivative needs it)
            const inputs: Info[] = [];
            const weights: Info[] = [];
            const outputs: Info[] = [];
            const pre: (Float32Array | null)[] = [];
            const masks: (Float32Array | null)[] = [];
            let a: Info = x;
            let mask: Float32Array | null = null;
            for (const s of steps) {
              if (s.kind === 'dropout') {
                // tf.dropout's draw: one Math.random() seeds the uniform stream of the layer
                const u = tf.randomUniform([rows, a.shape[2]], 0, 1, 'float32');
                const uv = u.dataSync() as Float32Array;
                u.dispose();
                const keepProb = 1 - s.rate;
                const scale = Math.fround(1 / Math.fround(keepProb));
                const kp = Math.fround(keepProb);
                const m = new Float32Array(uv.length);
                for (let i = 0; i < m.length; i++) m[i] = Math.floor(Math.fround(uv[i] + kp)) * scale;
                // a new tensor: the layer's own output stays as it was for its activation's derivative
                const dropped = keep(backend.makeOutput(a.shape, 'float32'));
                const dv = heap(dropped);
                const av = heap(a);
                for (let i = 0; i < m.length; i++) dv[i] = av[i] * m[i];
                mask = mask ? mask.map((v, i) => v * m[i]) : m;
                a = dropped;
                continue;
              }
              const w = keep(upload(s.w, [1, s.inUnits, s.units]));
              weights.push(w);
              const bias = keep(upload(s.b, [s.units]));
              const fusedRelu = s.activation === 'relu';
              const out = keep(run(fused, { a, b: w, bias }, { transposeA: false, transposeB: false, activation: fusedRelu ? 'relu' : 'linear' }));
              inputs.push(a);
              masks.push(mask);
              mask = null;
              pre.push(s.activation === 'swish' ? Float32Array.from(heap(out)) : null);
              if (!fusedRelu && s.activation !== 'linear' && s.activation !== 'head') activate(s.activation, heap(out));
              outputs.push(out);
              a = out;
            }
            // the head: softmax + cross-entropy or mean squared error, the batch loss and dZ
            const headOut = heap(outputs[outputs.length - 1]);
            const g = headGradient(headOut, labels, rows, head.units, spec.regression, spec.classWeights);
            let penalty = 0;
            correct += g.correct;
            // backward, last layer first
            let dz = keep(upload(g.dz, [1, rows, head.units]));
            for (let li = denseLayers.length - 1; li >= 0; li--) {
              const d = denseLayers[li];
              const input = inputs[li];
              const inUnits = input.shape[2];
              // [input^T; ones] dz: the weights' gradient and, in its last row, the bias gradient (dz's column sums)
              const inT = keep(backend.makeOutput([1, inUnits + 1, rows], 'float32'));
              const inTv = heap(inT);
              transpose(heap(input), rows, inUnits, inTv);
              inTv.fill(1, inUnits * rows);
              const dw = keep(run(matMul, { a: inT, b: dz }, { transposeA: false, transposeB: false }));
              const gw = grads[2 * li];
              const dwv = heap(dw);
              gw.set(dwv.subarray(0, gw.length));
              grads[2 * li + 1].set(dwv.subarray(gw.length));
              if (d.l2 > 0) penalty += addL2(gw, d.w, d.l2);
              if (li === 0) break;
              const wT = keep(backend.makeOutput([1, d.units, d.inUnits], 'float32'));
              transpose(heap(weights[li]), d.inUnits, d.units, heap(wT));
              const da = keep(run(matMul, { a: dz, b: wT }, { transposeA: false, transposeB: false }));
              const dav = heap(da);
              const m = masks[li];
              if (m) for (let i = 0; i < dav.length; i++) dav[i] *= m[i];
              const prev = denseLayers[li - 1];
              if (loops && prev.activation === 'relu') loops.reluGrad(dav, heap(outputs[li - 1]));
              else activationGrad(prev.activation, dav, heap(outputs[li - 1]), pre[li - 1]);
              dz = da;
            }
            opt.apply(params, grads, lr);
            const batchLoss = g.loss + penalty;
            lossSum += batchLoss * rows;
            seen += rows;
            stopped = await onBatch(batchLoss);
          } finally {
            for (const t of live) backend.disposeData(t.dataId);
          }
        }
      } finally {
        writeWeights();
      }
      const done = Math.max(seen, 1);
      return { loss: lossSum / done, accuracy: spec.regression ? null : correct / done, stopped };
    },
  };
}
