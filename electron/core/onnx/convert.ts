/**
 * Converts a Ciclo model package (design + weights) into an ONNX model (opset 13), written with the small
 * protobuf writer in ./proto.ts. The graph reads the ENCODED input (the output of the shared
 * preprocessing, shape [N, ...inputShape], NHWC for images) and returns what the tfjs model returns
 * (softmax probabilities, or the standardised regression value), so the same preprocessing and output
 * reading serve both runtimes. Supported layers: dense, dropout (identity at inference), batchNorm,
 * conv2d, maxPool2d, flatten, globalAvgPool2d, with every activation of the design schema.
 * Used by the prediction server's ONNX runtime and by model export (`ciclo model export --format onnx`).
 */
import type { Layer, ModelDesign } from '../../../shared/schemas/training.js';
import type { NamedTensor } from '../training/tensor-pack.js';
import { ProtoWriter } from './proto.js';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';
const OPSET = 13;
const IR_VERSION = 8;
const FLOAT = 1;

export class OnnxUnsupported extends Error {}

interface Attr {
  name: string;
  i?: number;
  f?: number;
  ints?: number[];
  s?: string;
}
interface Node {
  op: string;
  inputs: string[];
  output: string;
  attrs?: Attr[];
}
interface Init {
  name: string;
  dims: number[];
  type: number;
  raw: Uint8Array;
}

function floatInit(name: string, dims: number[], data: Float32Array): Init {
  return { name, dims, type: FLOAT, raw: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

/** tfjs conv kernel [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
function convKernel(t: NamedTensor): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + h) * kw + w] = t.data[((h * kw + w) * cin + i) * cout + o];
  return { dims: [cout, cin, kh, kw], data: out };
}

class Graph {
  nodes: Node[] = [];
  inits: Init[] = [];
  private n = 0;
  current = ONNX_INPUT;

  add(op: string, inputs: string[], attrs?: Attr[]): string {
    const output = `t${++this.n}_${op.toLowerCase()}`;
    this.nodes.push({ op, inputs, output, attrs });
    this.current = output;
    return output;
  }

  activation(name: string | undefined): void {
    const x = this.current;
    switch (name) {
      case undefined:
      case 'linear':
        return;
      case 'relu':
        this.add('Relu', [x]);
        return;
      case 'elu':
        this.add('Elu', [x], [{ name: 'alpha', f: 1 }]);
        return;
      case 'selu':
        // tfjs' constants (ONNX's defaults differ in the last digits)
        this.add(
          'Selu',
          [x],
          [
            { name: 'alpha', f: 1.6732632423543772 },
            { name: 'gamma', f: 1.0507009873554805 },
          ],
        );
        return;
      case 'tanh':
        this.add('Tanh', [x]);
        return;
      case 'sigmoid':
        this.add('Sigmoid', [x]);
        return;
      case 'swish': {
        const s = this.add('Sigmoid', [x]);
        this.add('Mul', [x, s]);
        return;
      }
      case 'softmax':
        this.add('Softmax', [x], [{ name: 'axis', i: -1 }]);
        return;
      default:
        throw new OnnxUnsupported(`the activation "${name}" has no ONNX conversion`);
    }
  }
}

/** Builds the ONNX model bytes; throws OnnxUnsupported when a layer cannot be converted. */
export function toOnnx(design: ModelDesign, inputShape: number[], outputUnits: number, regression: boolean, weights: NamedTensor[]): Uint8Array {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const weight = (layer: string, part: string): NamedTensor => {
    const w = byName.get(`${layer}/${part}`);
    if (!w) throw new OnnxUnsupported(`the weights have no ${layer}/${part}`);
    return w;
  };
  return encodeModel(buildGraph(design, inputShape, regression, weight), inputShape, outputUnits);
}

/**
 * Why a design (without its weights) cannot be converted, or null when it can: the same graph building as
 * toOnnx, run with one-number stand-in weights. For the export's exportability check, which has no package.
 */
export function onnxBlocker(design: ModelDesign, inputShape: number[]): string | null {
  const stub = (layer: string, part: string): NamedTensor => ({ name: `${layer}/${part}`, shape: [1, 1, 1, 1], data: new Float32Array(1) });
  try {
    buildGraph(design, inputShape, false, stub);
    return null;
  } catch (err) {
    if (!(err instanceof OnnxUnsupported)) throw err;
    return `This design cannot be converted to ONNX: ${err.message}. Export the TensorFlow.js folder instead.`;
  }
}

function buildGraph(design: ModelDesign, inputShape: number[], regression: boolean, weight: (layer: string, part: string) => NamedTensor): Graph {
  const g = new Graph();
  // images are NHWC in tfjs; ONNX convolutions read NCHW
  let layout: 'flat' | 'nchw' = inputShape.length === 3 ? 'nchw' : 'flat';
  if (inputShape.length === 3) g.add('Transpose', [ONNX_INPUT], [{ name: 'perm', ints: [0, 3, 1, 2] }]);
  else if (inputShape.length !== 1) throw new OnnxUnsupported(`an input of shape [${inputShape.join(', ')}] has no ONNX conversion`);

  const dense = (name: string, activation: string | undefined) => {
    const k = weight(name, 'kernel');
    const b = weight(name, 'bias');
    if (layout !== 'flat') throw new OnnxUnsupported(`the dense layer ${name} reads an image; add a flatten layer before it`);
    g.inits.push(floatInit(`${name}_kernel`, k.shape, k.data), floatInit(`${name}_bias`, b.shape, b.data));
    g.add('MatMul', [g.current, `${name}_kernel`]);
    g.add('Add', [g.current, `${name}_bias`]);
    g.activation(activation);
  };

  design.layers.forEach((layer: Layer, i) => {
    const name = `l${i + 1}_${layer.type.toLowerCase()}`;
    switch (layer.type) {
      case 'dense':
        dense(name, layer.activation);
        break;
      case 'dropout':
        break;
      case 'batchNorm': {
        const parts = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => weight(name, p));
        parts.forEach((t, j) => g.inits.push(floatInit(`${name}_${j}`, t.shape, t.data)));
        g.add('BatchNormalization', [g.current, ...parts.map((_, j) => `${name}_${j}`)], [{ name: 'epsilon', f: 0.001 }]);
        break;
      }
      case 'conv2d': {
        if (layout !== 'nchw') throw new OnnxUnsupported(`the convolution ${name} needs an image input`);
        const k = convKernel(weight(name, 'kernel'));
        const b = weight(name, 'bias');
        g.inits.push(floatInit(`${name}_kernel`, k.dims, k.data), floatInit(`${name}_bias`, b.shape, b.data));
        g.add(
          'Conv',
          [g.current, `${name}_kernel`, `${name}_bias`],
          [
            { name: 'kernel_shape', ints: [k.dims[2], k.dims[3]] },
            { name: 'strides', ints: [layer.strides, layer.strides] },
            { name: 'auto_pad', s: layer.padding === 'same' ? 'SAME_UPPER' : 'VALID' },
          ],
        );
        g.activation(layer.activation);
        break;
      }
      case 'maxPool2d': {
        if (layout !== 'nchw') throw new OnnxUnsupported(`the pooling ${name} needs an image input`);
        const s = layer.strides ?? layer.poolSize;
        g.add(
          'MaxPool',
          [g.current],
          [
            { name: 'kernel_shape', ints: [layer.poolSize, layer.poolSize] },
            { name: 'strides', ints: [s, s] },
            { name: 'auto_pad', s: 'VALID' },
          ],
        );
        break;
      }
      case 'flatten':
        // tfjs flattens in NHWC order
        if (layout === 'nchw') g.add('Transpose', [g.current], [{ name: 'perm', ints: [0, 2, 3, 1] }]);
        g.add('Flatten', [g.current], [{ name: 'axis', i: 1 }]);
        layout = 'flat';
        break;
      case 'globalAvgPool2d':
        if (layout !== 'nchw') throw new OnnxUnsupported(`the pooling ${name} needs an image input`);
        g.add('GlobalAveragePool', [g.current]);
        g.add('Flatten', [g.current], [{ name: 'axis', i: 1 }]);
        layout = 'flat';
        break;
      default:
        throw new OnnxUnsupported(`the layer type "${(layer as { type: string }).type}" has no ONNX conversion`);
    }
  });
  if (layout !== 'flat') {
    // the head of an image model without flatten: tfjs' dense reads the last axis of NHWC
    throw new OnnxUnsupported('the head reads an unflattened image');
  }
  dense('head', regression ? 'linear' : 'softmax');
  // name the result
  g.add('Identity', [g.current]);
  g.nodes[g.nodes.length - 1].output = ONNX_OUTPUT;
  return g;
}

function writeAttr(w: ProtoWriter, a: Attr): void {
  w.string(1, a.name);
  if (a.f !== undefined) w.float(2, a.f).int(20, 1);
  else if (a.i !== undefined) w.int(3, a.i).int(20, 2);
  else if (a.s !== undefined) w.string(4, a.s).int(20, 3);
  else if (a.ints) {
    for (const v of a.ints) w.int(8, v);
    w.int(20, 7);
  }
}

function valueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(1, name);
  w.message(2, (t) =>
    t.message(1, (tt) => {
      tt.int(1, FLOAT);
      tt.message(2, (s) => {
        for (const d of dims) s.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

function encodeModel(g: Graph, inputShape: number[], outputUnits: number): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'ciclo');
  w.string(3, '1');
  w.message(7, (gw) => {
    for (const n of g.nodes) {
      gw.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i);
        nw.string(2, n.output);
        nw.string(3, `${n.output}_node`);
        nw.string(4, n.op);
        for (const a of n.attrs ?? []) nw.message(5, (aw) => writeAttr(aw, a));
      });
    }
    gw.string(2, 'ciclo_model');
    for (const t of g.inits) {
      gw.message(5, (tw) => {
        for (const d of t.dims) tw.int(1, d);
        tw.int(2, t.type);
        tw.string(8, t.name);
        tw.bytes(9, t.raw);
      });
    }
    gw.message(11, (v) => valueInfo(v, ONNX_INPUT, ['N', ...inputShape]));
    gw.message(12, (v) => valueInfo(v, ONNX_OUTPUT, ['N', outputUnits]));
  });
  w.message(8, (o) => o.string(1, '').int(2, OPSET));
  return w.finish();
}
