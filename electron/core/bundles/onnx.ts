import type { NamedTensor } from '../training/tensor-pack.js';
import type { PackageMeta } from '../training/package.js';

/**
 * ONNX export of tabular designs (dense, dropout and batch-normalisation layers plus Ciclo's head) as an
 * ONNX model (opset 13) holding the package's weights. No ONNX writer library is installed, so the few
 * protobuf messages an ONNX file needs (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto)
 * are encoded here with the protobuf wire format. The export is checked against tfjs before it is kept.
 */

const ONNX_LAYERS = new Set(['dense', 'dropout', 'batchNorm']);

/** Why a design cannot be exported to ONNX, or null when it can. */
export function onnxBlocker(meta: Pick<PackageMeta, 'design' | 'inputShape'>): string | null {
  const other = [...new Set(meta.design.layers.map((l) => l.type).filter((t) => !ONNX_LAYERS.has(t)))];
  if (other.length) return `ONNX export covers dense, dropout and batch-normalisation layers; this design has ${other.join(', ')} layers. Export the TensorFlow.js folder instead.`;
  if (meta.inputShape.length !== 1) return 'ONNX export covers models whose input is one row of numbers; this model reads images. Export the TensorFlow.js folder instead.';
  return null;
}

/* ------------------------------------------------------------------ protobuf wire format */

class Pb {
  private parts: Buffer[] = [];
  private varint(n: number | bigint): void {
    let v = BigInt(n);
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v) byte |= 0x80;
      out.push(byte);
    } while (v);
    this.parts.push(Buffer.from(out));
  }
  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number): this {
    this.tag(field, 0);
    this.varint(v);
    return this;
  }
  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.parts.push(b);
    return this;
  }
  bytes(field: number, v: Uint8Array | string | Pb): this {
    const b = v instanceof Pb ? v.done() : typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    this.tag(field, 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const FLOAT = 1;

function tensor(name: string, dims: number[], data: Float32Array): Pb {
  const t = new Pb();
  for (const d of dims) t.int(1, d);
  return t.int(2, FLOAT).bytes(8, name).bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function valueInfo(name: string, width: number): Pb {
  const shape = new Pb().bytes(1, new Pb().bytes(2, 'batch')).bytes(1, new Pb().int(1, width));
  return new Pb().bytes(1, name).bytes(2, new Pb().bytes(1, new Pb().int(1, FLOAT).bytes(2, shape)));
}

function node(op: string, inputs: string[], outputs: string[], name: string, attrs: Pb[] = []): Pb {
  const n = new Pb();
  for (const i of inputs) n.bytes(1, i);
  for (const o of outputs) n.bytes(2, o);
  n.bytes(3, name).bytes(4, op);
  for (const a of attrs) n.bytes(5, a);
  return n;
}
const floatAttr = (name: string, v: number) => new Pb().bytes(1, name).float(2, v).int(20, 1);

/** The ONNX model of a package (call onnxBlocker first). */
export function packageToOnnx(meta: PackageMeta, weights: NamedTensor[], producer: string): Buffer {
  const nodes: Pb[] = [];
  const inits: Pb[] = [];
  // by name: tfjs lists trainable weights first, so a batch norm's moving statistics come last
  const byName = new Map(weights.map((w) => [w.name, w]));
  const take = (layer: string, what: string) => {
    const w = byName.get(`${layer}/${what}`);
    if (!w) throw new Error(`The package has no weight ${layer}/${what}.`);
    byName.delete(`${layer}/${what}`);
    return w;
  };
  let x = 'input';
  let width = meta.inputShape[0];
  let k = 0;
  const out = (what: string) => `${what}_${++k}`;
  const activation = (act: string, name: string) => {
    if (act === 'linear') return;
    const y = out(act);
    if (act === 'swish') {
      const s = out('sigmoid');
      nodes.push(node('Sigmoid', [x], [s], `${name}_sigmoid`), node('Mul', [x, s], [y], `${name}_swish`));
    } else {
      const op = { relu: 'Relu', elu: 'Elu', selu: 'Selu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax' }[act];
      if (!op) throw new Error(`Activation ${act} has no ONNX operator here.`);
      nodes.push(node(op, [x], [y], `${name}_${act}`));
    }
    x = y;
  };
  const dense = (name: string, units: number, act: string) => {
    const kernel = take(name, 'kernel');
    const bias = take(name, 'bias');
    if (kernel.shape[0] !== width || kernel.shape[1] !== units) throw new Error(`Weights of ${name} do not fit the design.`);
    inits.push(tensor(`${name}/kernel`, kernel.shape, kernel.data), tensor(`${name}/bias`, bias.shape, bias.data));
    const m = out('matmul');
    const a = out('add');
    nodes.push(node('MatMul', [x, `${name}/kernel`], [m], `${name}_matmul`), node('Add', [m, `${name}/bias`], [a], `${name}_add`));
    x = a;
    width = units;
    activation(act, name);
  };
  meta.design.layers.forEach((layer, i) => {
    const name = `l${i + 1}_${layer.type.toLowerCase()}`; // as buildModel names it
    if (layer.type === 'dense') dense(name, layer.units, layer.activation);
    else if (layer.type === 'batchNorm') {
      const [gamma, beta, mean, variance] = [take(name, 'gamma'), take(name, 'beta'), take(name, 'moving_mean'), take(name, 'moving_variance')];
      inits.push(tensor(`${name}/gamma`, gamma.shape, gamma.data), tensor(`${name}/beta`, beta.shape, beta.data), tensor(`${name}/mean`, mean.shape, mean.data), tensor(`${name}/variance`, variance.shape, variance.data));
      const y = out('bn');
      nodes.push(node('BatchNormalization', [x, `${name}/gamma`, `${name}/beta`, `${name}/mean`, `${name}/variance`], [y], name, [floatAttr('epsilon', 0.001)]));
      x = y;
    }
    // dropout is the identity when predicting
  });
  dense('head', meta.outputUnits, meta.task === 'regression' ? 'linear' : 'softmax');
  if (byName.size) throw new Error(`The package has weights its design does not use: ${[...byName.keys()].join(', ')}.`);
  nodes.push(node('Identity', [x], ['output'], 'output'));

  const graph = new Pb();
  for (const n of nodes) graph.bytes(1, n);
  graph.bytes(2, 'ciclo_model');
  for (const t of inits) graph.bytes(5, t);
  graph.bytes(11, valueInfo('input', meta.inputShape[0]));
  graph.bytes(12, valueInfo('output', meta.outputUnits));
  return new Pb().int(1, 8).bytes(2, 'Ciclo').bytes(3, producer).bytes(7, graph).bytes(8, new Pb().bytes(1, '').int(2, 13)).done();
}
