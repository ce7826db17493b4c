import type { Issue } from '../../../shared/contract/errors.js';
import type { TaskType } from '../../../shared/metrics.js';
import {
  hyperparametersSchema,
  type HyperparametersInput,
  type InputKind,
  type Layer,
  type LayerCheck,
  type ModelDesign,
  type TemplateId,
  type TemplateOptions,
} from '../../../shared/schemas/training.js';

/**
 * Templates and the design check. The check is pure arithmetic (no tfjs), so the UI can call it on
 * every edit; test/unit/training-design.test.ts proves it agrees with the shapes and parameter
 * counts tfjs builds.
 */

export interface Template {
  id: TemplateId;
  inputKind: InputKind;
  taskTypes: TaskType[];
  options: TemplateOptions;
  params: HyperparametersInput;
}

const ALL_TASKS: TaskType[] = ['binary', 'multiclass', 'regression'];

export const templates: Record<TemplateId, Template> = {
  mlp: {
    id: 'mlp',
    inputKind: 'tabular',
    taskTypes: ALL_TASKS,
    options: { hidden: [64, 32], activation: 'relu', dropout: 0.1, batchNorm: false, l2: 0 },
    // chosen by the experiment in docs/defaults-experiment.md (bench/defaults.ts), with early stopping on
    // val_loss and the best epoch's weights restored (the schema's defaults)
    params: { optimizer: 'adam', learningRate: 0.003, batchSize: 32, epochs: 100 },
  },
  baseline: {
    id: 'baseline',
    inputKind: 'tabular',
    taskTypes: ALL_TASKS,
    options: { l2: 0 },
    // logistic / linear regression; chosen by the same experiment
    params: { optimizer: 'adam', learningRate: 0.03, batchSize: 32, epochs: 200 },
  },
  cnn: {
    id: 'cnn',
    inputKind: 'image',
    taskTypes: ['binary', 'multiclass'],
    options: { filters: [16, 32], kernelSize: 3, denseUnits: 64, dropout: 0.25, activation: 'relu', l2: 0 },
    params: { optimizer: 'adam', learningRate: 0.003, batchSize: 32, epochs: 15 },
  },
};

/** The layer list a template makes with these options (unknown options keep the template's values). */
export function templateDesign(id: TemplateId, given: TemplateOptions = {}): ModelDesign {
  const t = templates[id];
  const o = { ...t.options, ...given };
  const activation = o.activation ?? 'relu';
  const l2 = o.l2 ?? 0;
  const layers: Layer[] = [];
  if (id === 'mlp') {
    for (const units of o.hidden ?? []) {
      layers.push({ type: 'dense', units, activation, l2 });
      if (o.batchNorm) layers.push({ type: 'batchNorm' });
      if (o.dropout) layers.push({ type: 'dropout', rate: o.dropout });
    }
  } else if (id === 'cnn') {
    for (const filters of o.filters ?? []) {
      layers.push({ type: 'conv2d', filters, kernelSize: o.kernelSize ?? 3, strides: 1, padding: 'same', activation, l2 });
      if (o.batchNorm) layers.push({ type: 'batchNorm' });
      layers.push({ type: 'maxPool2d', poolSize: 2 });
    }
    layers.push({ type: 'flatten' });
    if (o.denseUnits) layers.push({ type: 'dense', units: o.denseUnits, activation, l2 });
    if (o.dropout) layers.push({ type: 'dropout', rate: o.dropout });
  }
  return { inputKind: t.inputKind, layers };
}

export function templateParams(id: TemplateId) {
  return hyperparametersSchema.parse(templates[id].params);
}

export interface DesignCheck {
  ok: boolean;
  inputShape: number[];
  outputUnits: number;
  layers: LayerCheck[];
  totalParams: number;
  trainableParams: number;
  issues: Issue[];
}

/** Issue keys are in the train namespace (shared/i18n/locales/train.*.json, section "issue"). */
function issue(index: number, key: string, message: string, params: Record<string, unknown> = {}): Issue {
  const p: Record<string, unknown> = { layer: index + 1, ...params };
  if (Array.isArray(p.shape)) p.shape = (p.shape as number[]).join(', ');
  return { path: ['layers', index], key: `train:issue.${key}`, message: `Layer ${index + 1}: ${message}`, params: p };
}

function convOut(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/**
 * Walks the layers from the input shape: each layer's output shape and weights, the head, and every
 * problem (a dense layer on an image without flatten, a kernel larger than its input, ...).
 */
export function checkDesign(design: ModelDesign, inputShape: number[], outputUnits: number): DesignCheck {
  const issues: Issue[] = [];
  const rows: LayerCheck[] = [];
  let shape = [...inputShape];
  let broken = false;
  const all = [...design.layers, { type: 'dense', units: outputUnits, activation: 'linear', l2: 0 } as Layer];
  all.forEach((layer, index) => {
    const head = index === all.length - 1;
    let params = 0;
    let trainable = 0;
    let out = shape;
    if (!broken) {
      const rank = shape.length;
      switch (layer.type) {
        case 'dense':
          if (rank !== 1) {
            issues.push(
              head
                ? issue(
                    index,
                    'head_needs_flat',
                    `the output layer needs a flat input, but the layer before it outputs [${shape.join(', ')}]; add a flatten or globalAvgPool2d layer at the end.`,
                    { shape },
                  )
                : issue(index, 'dense_needs_flat', `dense needs a flat input, but it receives [${shape.join(', ')}]; add a flatten layer before it.`, { shape }),
            );
            broken = true;
            break;
          }
          params = trainable = shape[0] * layer.units + layer.units;
          out = [layer.units];
          break;
        case 'dropout':
          break;
        case 'batchNorm':
          params = 4 * shape[rank - 1];
          trainable = 2 * shape[rank - 1];
          break;
        case 'conv2d': {
          if (rank !== 3) {
            issues.push(issue(index, 'conv_needs_image', `conv2d needs an image input (height, width, channels), but it receives [${shape.join(', ')}].`, { shape }));
            broken = true;
            break;
          }
          const [h, w, c] = shape;
          const oh = convOut(h, layer.kernelSize, layer.strides, layer.padding);
          const ow = convOut(w, layer.kernelSize, layer.strides, layer.padding);
          if (oh < 1 || ow < 1) {
            issues.push(
              issue(
                index,
                'kernel_too_large',
                `a ${layer.kernelSize}x${layer.kernelSize} kernel with 'valid' padding does not fit a ${h}x${w} input; use 'same' padding or a smaller kernel.`,
                { kernel: layer.kernelSize, height: h, width: w },
              ),
            );
            broken = true;
            break;
          }
          params = trainable = layer.kernelSize * layer.kernelSize * c * layer.filters + layer.filters;
          out = [oh, ow, layer.filters];
          break;
        }
        case 'maxPool2d': {
          if (rank !== 3) {
            issues.push(issue(index, 'pool_needs_image', `maxPool2d needs an image input, but it receives [${shape.join(', ')}].`, { type: 'maxPool2d', shape }));
            broken = true;
            break;
          }
          const stride = layer.strides ?? layer.poolSize;
          const oh = convOut(shape[0], layer.poolSize, stride, 'valid');
          const ow = convOut(shape[1], layer.poolSize, stride, 'valid');
          if (oh < 1 || ow < 1) {
            issues.push(
              issue(
                index,
                'pool_too_large',
                `a ${layer.poolSize}x${layer.poolSize} pool does not fit a ${shape[0]}x${shape[1]} input; remove a pooling layer or use a smaller pool.`,
                { pool: layer.poolSize, height: shape[0], width: shape[1] },
              ),
            );
            broken = true;
            break;
          }
          out = [oh, ow, shape[2]];
          break;
        }
        case 'flatten':
          if (rank < 2) {
            issues.push(issue(index, 'nothing_to_flatten', 'flatten has nothing to do: its input is already flat; remove it.'));
            broken = true;
            break;
          }
          out = [shape.reduce((a, b) => a * b, 1)];
          break;
        case 'globalAvgPool2d':
          if (rank !== 3) {
            issues.push(issue(index, 'pool_needs_image', `globalAvgPool2d needs an image input, but it receives [${shape.join(', ')}].`, { type: 'globalAvgPool2d', shape }));
            broken = true;
            break;
          }
          out = [shape[2]];
          break;
      }
    }
    if (broken) out = [];
    rows.push({ index, type: head ? 'output' : layer.type, outputShape: out, params: broken ? 0 : params, trainableParams: broken ? 0 : trainable, head });
    shape = out;
  });
  const totalParams = rows.reduce((a, r) => a + r.params, 0);
  const trainableParams = rows.reduce((a, r) => a + r.trainableParams, 0);
  return { ok: issues.length === 0, inputShape, outputUnits, layers: rows, totalParams, trainableParams, issues };
}
