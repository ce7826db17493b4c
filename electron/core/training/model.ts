import type * as TF from '@tensorflow/tfjs';
import type { Hyperparameters, Layer, ModelDesign } from '../../../shared/schemas/training.js';
import type { NamedTensor } from './tensor-pack.js';

type Tf = typeof TF;

/**
 * Builds the tfjs model of a design: the layers in order (named l1_dense, l2_dropout, ...) and the
 * output head (softmax over the classes, or one linear unit). Layer names are fixed so that weights
 * and optimizer state saved in one process load in another.
 */
export function buildModel(tf: Tf, design: ModelDesign, inputShape: number[], outputUnits: number, regression: boolean): TF.Sequential {
  const model = tf.sequential({ name: 'ciclo_model' });
  const reg = (l2: number) => (l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined);
  design.layers.forEach((layer: Layer, i) => {
    const name = `l${i + 1}_${layer.type.toLowerCase()}`;
    const first = i === 0 ? { inputShape } : {};
    switch (layer.type) {
      case 'dense':
        model.add(tf.layers.dense({ ...first, name, units: layer.units, activation: layer.activation, kernelRegularizer: reg(layer.l2) }));
        break;
      case 'dropout':
        model.add(tf.layers.dropout({ ...first, name, rate: layer.rate }));
        break;
      case 'batchNorm':
        model.add(tf.layers.batchNormalization({ ...first, name }));
        break;
      case 'conv2d':
        model.add(
          tf.layers.conv2d({
            ...first,
            name,
            filters: layer.filters,
            kernelSize: layer.kernelSize,
            strides: layer.strides,
            padding: layer.padding,
            activation: layer.activation,
            kernelRegularizer: reg(layer.l2),
          }),
        );
        break;
      case 'maxPool2d':
        model.add(tf.layers.maxPooling2d({ ...first, name, poolSize: layer.poolSize, strides: layer.strides ?? layer.poolSize }));
        break;
      case 'flatten':
        model.add(tf.layers.flatten({ ...first, name }));
        break;
      case 'globalAvgPool2d':
        model.add(tf.layers.globalAveragePooling2d({ ...first, name }));
        break;
    }
  });
  const headArgs = design.layers.length === 0 ? { inputShape } : {};
  model.add(tf.layers.dense({ ...headArgs, name: 'head', units: outputUnits, activation: regression ? 'linear' : 'softmax' }));
  return model;
}

export function makeOptimizer(tf: Tf, p: Hyperparameters): TF.Optimizer {
  switch (p.optimizer) {
    case 'sgd':
      return p.momentum > 0 ? tf.train.momentum(p.learningRate, p.momentum) : tf.train.sgd(p.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(p.learningRate, 0.9, p.momentum);
    default:
      return tf.train.adam(p.learningRate);
  }
}

export function setLearningRate(optimizer: TF.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** The learning rate of an epoch (0-based) under the schedule. */
export function learningRateAt(p: Hyperparameters, epoch: number): number {
  const s = p.schedule;
  if (s.type === 'step') return p.learningRate * Math.pow(s.gamma, Math.floor(epoch / s.stepEpochs));
  if (s.type === 'cosine') {
    const t = p.epochs > 1 ? epoch / (p.epochs - 1) : 0;
    return s.minLearningRate + 0.5 * (p.learningRate - s.minLearningRate) * (1 + Math.cos(Math.PI * t));
  }
  return p.learningRate;
}

export function modelWeights(model: TF.LayersModel): NamedTensor[] {
  return model.weights.map((w) => {
    const v = w.read();
    return { name: w.originalName, shape: v.shape, data: Float32Array.from(v.dataSync() as Float32Array) };
  });
}

export function setModelWeights(tf: Tf, model: TF.LayersModel, weights: NamedTensor[]): void {
  const names = model.weights.map((w) => w.originalName);
  if (names.length !== weights.length || names.some((n, i) => n !== weights[i].name)) {
    throw new Error(`The saved weights (${weights.map((w) => w.name).join(', ')}) do not fit this model (${names.join(', ')}).`);
  }
  const tensors = weights.map((w) => tf.tensor(w.data, w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
