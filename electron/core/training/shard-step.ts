import type * as TF from '@tensorflow/tfjs';

type Tf = typeof TF;

/**
 * One shard of a training batch, as data-parallel training computes it on every thread: the gradients
 * of the shard's part of the batch's mean loss (sum of its samples' losses / the whole batch's size),
 * so that adding the shards' gradients gives exactly the gradient model.fit takes for the batch. The
 * loss is the model's compiled one, class weights multiply each sample's loss as model.fit does, and
 * the regularisation penalty is added by the first shard only (once per batch).
 */

export interface ShardInput {
  /** Rows x features of the shard (images: rows x H*W*C). */
  x: Float32Array;
  /** Class index per row, or the regression target. */
  y: Float32Array;
  rows: number;
  /** Rows in the whole batch (the mean's divisor). */
  batchRows: number;
  /** Add the regularisation penalty (the first shard). */
  penalty: boolean;
}

export interface ShardGradients {
  /** One gradient per trainable weight, in model.trainableWeights order. */
  grads: TF.Tensor[];
  /** The shard's part of the batch loss. */
  loss: number;
  /** Correctly classified rows of the shard (classification), else 0. */
  correct: number;
}

export interface ShardModel {
  tf: Tf;
  model: TF.LayersModel;
  inputShape: number[];
  outputUnits: number;
  regression: boolean;
  classWeights: number[] | null;
}

export function trainableVariables(model: TF.LayersModel): TF.Variable[] {
  return model.trainableWeights.map((w) => w.read() as TF.Variable);
}

/** The loss the model was compiled with (a Sequential keeps it on its inner model), per sample. */
function compiledLoss(model: TF.LayersModel): TF.LayersModel['lossFunctions'][number] {
  const compiled = ((model as unknown as { model?: TF.LayersModel }).model ?? model).lossFunctions;
  if (!compiled?.length) throw new Error('The model must be compiled before data-parallel training.');
  return compiled[0];
}

export function shardGradients(m: ShardModel, s: ShardInput): ShardGradients {
  const { tf, model } = m;
  const vars = trainableVariables(model);
  const kept: { loss?: TF.Tensor; correct?: TF.Tensor } = {};
  const { grads } = tf.tidy(() => {
    const x = tf.tensor(s.x, [s.rows, ...m.inputShape]);
    const y = m.regression ? tf.tensor2d(s.y, [s.rows, 1]) : tf.oneHot(tf.tensor1d(s.y, 'int32'), m.outputUnits).toFloat();
    const w = m.classWeights && !m.regression ? tf.tensor1d(Array.from(s.y, (label) => m.classWeights![label])) : null;
    const out = tf.variableGrads(() => {
      const pred = model.apply(x, { training: true }) as TF.Tensor;
      let per = compiledLoss(model)(y, pred);
      if (w) per = tf.mul(per, w);
      let total = tf.div(tf.sum(per), s.batchRows) as TF.Scalar;
      if (s.penalty) for (const r of model.calculateLosses()) total = tf.add(total, r) as TF.Scalar;
      if (!m.regression) kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(pred, -1), tf.argMax(y, -1)), 'float32')));
      kept.loss = tf.keep(total);
      return total;
    }, vars);
    return { grads: vars.map((v) => out.grads[v.name]) };
  });
  const loss = kept.loss?.dataSync()[0] ?? 0;
  const correct = kept.correct?.dataSync()[0] ?? 0;
  tf.dispose([kept.loss, kept.correct].filter((t): t is TF.Tensor => t !== undefined));
  return { grads, loss, correct };
}

/** The trainable weights as one flat array (the order of model.trainableWeights). */
export function flatWeights(vars: TF.Variable[]): Float32Array {
  return flatten(vars);
}

export function setFlatWeights(tf: Tf, vars: TF.Variable[], flat: Float32Array): void {
  let at = 0;
  for (const v of vars) {
    const t = tf.tensor(flat.subarray(at, at + v.size), v.shape);
    v.assign(t);
    t.dispose();
    at += v.size;
  }
}

/** Tensors (gradients or weights) as one flat array, one after the other. */
export function flatten(grads: TF.Tensor[]): Float32Array {
  const total = grads.reduce((n, g) => n + g.size, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const g of grads) {
    out.set(g.dataSync() as Float32Array, at);
    at += g.size;
  }
  return out;
}
