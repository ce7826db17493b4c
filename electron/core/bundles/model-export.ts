import fs from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../services.js';
import { writeFileAtomic } from '../store/files.js';
import { loadBackend } from '../training/backend.js';
import { buildModel, setModelWeights } from '../training/model.js';
import { decodePackage, type PackageMeta } from '../training/package.js';
import { mulberry32 } from '../stats/random.js';
import { ONNX_INPUT, ONNX_OUTPUT, onnxBlocker } from '../onnx/convert.js';
import { loadOrt, packageToOnnx } from '../onnx/runtime.js';

/**
 * Exports for use outside Ciclo. TensorFlow.js: a LayersModel folder (model.json + one weight shard,
 * loadable by tf.loadLayersModel) plus preprocessing.json (how raw rows become the model's input, the
 * same preprocessing the package holds) and a README naming the classes and the input order.
 * See resources/examples/tfjs-predict.mjs for a plain Node script that loads such a folder and predicts.
 * ONNX (every design electron/core/onnx/ converts: dense, dropout, batch norm, convolutions, pooling,
 * flatten): model.onnx, checked in onnxruntime-node against tfjs first.
 */

export function exportable(s: Services, ref: string) {
  const { version } = s.registry.resolveRef(ref);
  // the run row holds the design and input shape: no need to read the (possibly large) package
  const run = s.training.get(version.run_id);
  const blocker = onnxBlocker(run.design, run.inputShape);
  return { tfjs: { ok: true, reason: null }, onnx: { ok: blocker === null, reason: blocker } };
}

function checkFolder(dir: string, files: string[]): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new AppError('invalid_input', `${dir} is a file; give a folder to write the model into.`);
  const clash = files.filter((f) => fs.existsSync(path.join(dir, f)));
  if (clash.length) throw new AppError('conflict', `${dir} already holds ${clash.join(', ')}; choose an empty folder (nothing was overwritten).`);
}

function preprocessingDoc(ref: string, meta: PackageMeta) {
  return {
    model: ref,
    task: meta.task,
    classes: meta.classes,
    outputs: meta.task === 'regression' ? 'one value: multiply by target.std and add target.mean' : 'one probability per class, in the order of "classes"',
    ...meta.preprocessing,
  };
}

function readme(title: string, files: string, meta: PackageMeta): string {
  return [
    `# ${title}`,
    '',
    files,
    '- `preprocessing.json`: how a raw row becomes the input vector (in this order):',
    ...meta.preprocessing.features.map(describeFeature),
    meta.task === 'regression'
      ? `- Output: value * ${meta.preprocessing.target.std} + ${meta.preprocessing.target.mean}`
      : `- Output: probabilities of ${JSON.stringify(meta.classes)}`,
    '',
    'An example of loading the TensorFlow.js folder in plain Node: resources/examples/tfjs-predict.mjs in the Ciclo repository.',
    '',
  ].join('\n');
}

/** ONNX: model.onnx, checked in onnxruntime-node against tfjs on random rows (max abs difference <= 1e-5) before it is kept. */
async function exportOnnx(s: Services, ref: string, packageHash: string, dir: string, model: string, version: number) {
  const pkg = decodePackage(s.blobs.read(packageHash));
  const blocker = onnxBlocker(pkg.meta.design, pkg.meta.inputShape);
  if (blocker) throw new AppError('invalid_input', `${ref}: ${blocker}`, { format: 'onnx' });
  checkFolder(dir, ['model.onnx', 'preprocessing.json']);
  const bytes = packageToOnnx(pkg);
  let ort: Awaited<ReturnType<typeof loadOrt>>;
  try {
    ort = await loadOrt();
  } catch {
    throw new AppError('invalid_input', 'onnxruntime-node is not installed, so the ONNX export cannot be checked; export the TensorFlow.js folder instead.');
  }
  const { tf } = await loadBackend('cpu');
  const shape = pkg.meta.inputShape;
  const width = shape.reduce((a, b) => a * b, 1);
  const rows = 256;
  const r = mulberry32(7);
  const x = Float32Array.from({ length: rows * width }, () => (r() - 0.5) * 6);
  const tfModel = buildModel(tf, pkg.meta.design, pkg.meta.inputShape, pkg.meta.outputUnits, pkg.meta.task === 'regression');
  let expected: Float32Array;
  try {
    setModelWeights(tf, tfModel, pkg.weights);
    const t = tfModel.predict(tf.tensor(x, [rows, ...shape])) as TF.Tensor;
    expected = Float32Array.from(t.dataSync() as Float32Array);
    t.dispose();
  } finally {
    tfModel.dispose();
  }
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [rows, ...shape]) });
  const got = result[ONNX_OUTPUT].data as Float32Array;
  await session.release();
  let maxAbsDiff = 0;
  for (let i = 0; i < expected.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i] - got[i]));
  if (!(maxAbsDiff <= 1e-5) || got.length !== expected.length) {
    throw new AppError('internal', `Internal error: the ONNX export of ${ref} differs from the model by up to ${maxAbsDiff} (the limit is 1e-5); nothing was written.`);
  }
  writeFileAtomic(path.join(dir, 'preprocessing.json'), JSON.stringify(preprocessingDoc(ref, pkg.meta), null, 2) + '\n');
  writeFileAtomic(
    path.join(dir, 'README.md'),
    readme(
      `${ref} as ONNX`,
      `- \`model.onnx\`: opset 13; input "${ONNX_INPUT}" [batch, ${shape.join(', ')}]${shape.length === 3 ? ' (height, width, channels)' : ''}, output "${ONNX_OUTPUT}".`,
      pkg.meta,
    ),
  );
  writeFileAtomic(path.join(dir, 'model.onnx'), bytes);
  return { format: 'onnx' as const, dir, files: ['model.onnx', 'preprocessing.json', 'README.md'], model, version, check: { runtime: 'onnxruntime-node', rows, maxAbsDiff } };
}

export async function exportModel(s: Services, input: { model: string; format: 'tfjs' | 'onnx'; output: string }) {
  const { model: m, version } = s.registry.resolveRef(input.model);
  const dir = path.resolve(input.output);
  if (input.format === 'onnx') return exportOnnx(s, `${m.name}@${version.version}`, version.package_hash, dir, m.name, version.version);
  checkFolder(dir, ['model.json', 'weights.bin', 'preprocessing.json']);
  const pkg = decodePackage(s.blobs.read(version.package_hash));
  const meta = pkg.meta;
  const { tf } = await loadBackend('cpu');
  const model = buildModel(tf, meta.design, meta.inputShape, meta.outputUnits, meta.task === 'regression');
  try {
    setModelWeights(tf, model, pkg.weights);
    let artifacts: TF.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
    const a = artifacts as TF.io.ModelArtifacts | null;
    if (!a?.weightData || !a.weightSpecs) throw new Error('TensorFlow.js returned no weights.');
    const weightData = Array.isArray(a.weightData) ? Buffer.concat(a.weightData.map((b) => Buffer.from(b))) : Buffer.from(a.weightData);
    const modelJson = {
      format: 'layers-model',
      generatedBy: a.generatedBy,
      convertedBy: `Ciclo (${m.name}@${version.version})`,
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
    };
    const preprocessing = preprocessingDoc(`${m.name}@${version.version}`, meta);
    const text = readme(`${m.name}@${version.version} for TensorFlow.js`, '- `model.json` + `weights.bin`: a LayersModel (`tf.loadLayersModel`).', meta);
    writeFileAtomic(path.join(dir, 'weights.bin'), weightData);
    writeFileAtomic(path.join(dir, 'preprocessing.json'), JSON.stringify(preprocessing, null, 2) + '\n');
    writeFileAtomic(path.join(dir, 'README.md'), text);
    // model.json last: a folder with model.json is complete
    writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson) + '\n');
    return { format: 'tfjs' as const, dir, files: ['model.json', 'weights.bin', 'preprocessing.json', 'README.md'], model: m.name, version: version.version, check: null };
  } finally {
    model.dispose();
  }
}

/** One line of the export's README per feature column, for either preprocessing format. */
function describeFeature(f: PackageMeta['preprocessing']['features'][number]): string {
  const indicator = 'indicator' in f && f.indicator ? ', then a 0/1 missing indicator' : '';
  if (f.kind === 'numeric')
    return `  - ${f.name}: (value - ${f.mean}) / ${f.std}; missing -> ${'strategy' in f ? `${f.fill} (${f.strategy})` : 'the mean (0 after scaling)'}${indicator}`;
  if (f.kind === 'date') {
    const written = 'dateOrder' in f && f.dateOrder ? `; dates written ${f.dateOrder === 'dmy' ? 'day first (31/12/2024)' : 'month first (12/31/2024)'}` : '';
    return `  - ${f.name}: calendar parts ${f.parts.join(', ')} (year standardised, periodic parts as sine and cosine)${written}${indicator}`;
  }
  const missing = 'missingSlot' in f && f.missingSlot ? 'a slot of its own after the unknown slot' : JSON.stringify(f.fill);
  return `  - ${f.name}: one-hot over ${f.categories.length} categories + 1 unknown slot; missing -> ${missing}${indicator}`;
}
