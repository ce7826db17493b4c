import fs from 'node:fs';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { AppError } from '../../../shared/contract/errors.js';
import type { Services } from '../services.js';
import { writeFileAtomic } from '../store/files.js';
import { loadBackend } from '../training/backend.js';
import { buildModel, setModelWeights } from '../training/model.js';
import { decodePackage, type PackageMeta } from '../training/package.js';

/**
 * Exports for use outside Ciclo. TensorFlow.js: a LayersModel folder (model.json + one weight shard,
 * loadable by tf.loadLayersModel) plus preprocessing.json (how raw rows become the model's input, the
 * same preprocessing the package holds) and a README naming the classes and the input order.
 * See resources/examples/tfjs-predict.mjs for a plain Node script that loads such a folder and predicts.
 */

const ONNX_NOT_AVAILABLE = 'ONNX export is not available in this version of Ciclo; export the TensorFlow.js folder (--format tfjs) instead.';

export function exportable(s: Services, ref: string) {
  const { version } = s.registry.resolveRef(ref);
  decodePackage(s.blobs.read(version.package_hash));
  return { tfjs: { ok: true, reason: null }, onnx: { ok: false, reason: ONNX_NOT_AVAILABLE } };
}

export async function exportModel(s: Services, input: { model: string; format: 'tfjs' | 'onnx'; output: string }) {
  if (input.format === 'onnx') throw new AppError('invalid_input', ONNX_NOT_AVAILABLE, { format: 'onnx' });
  const { model: m, version } = s.registry.resolveRef(input.model);
  const dir = path.resolve(input.output);
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new AppError('invalid_input', `${dir} is a file; give a folder to write the model into.`);
    const clash = ['model.json', 'weights.bin', 'preprocessing.json'].filter((f) => fs.existsSync(path.join(dir, f)));
    if (clash.length) throw new AppError('conflict', `${dir} already holds ${clash.join(', ')}; choose an empty folder (nothing was overwritten).`);
  }
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
    const preprocessing = {
      model: `${m.name}@${version.version}`,
      task: meta.task,
      classes: meta.classes,
      outputs: meta.task === 'regression' ? 'one value: multiply by target.std and add target.mean' : 'one probability per class, in the order of "classes"',
      ...meta.preprocessing,
    };
    const readme = [
      `# ${m.name}@${version.version} for TensorFlow.js`,
      '',
      '- `model.json` + `weights.bin`: a LayersModel (`tf.loadLayersModel`).',
      '- `preprocessing.json`: how a raw row becomes the input vector (in this order):',
      ...meta.preprocessing.features.map(describeFeature),
      meta.task === 'regression' ? `- Output: value * ${meta.preprocessing.target.std} + ${meta.preprocessing.target.mean}` : `- Output: probabilities of ${JSON.stringify(meta.classes)}`,
      '',
      'An example of loading it in plain Node: resources/examples/tfjs-predict.mjs in the Ciclo repository.',
      '',
    ].join('\n');
    writeFileAtomic(path.join(dir, 'weights.bin'), weightData);
    writeFileAtomic(path.join(dir, 'preprocessing.json'), JSON.stringify(preprocessing, null, 2) + '\n');
    writeFileAtomic(path.join(dir, 'README.md'), readme);
    // model.json last: a folder with model.json is complete
    writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson) + '\n');
    return { format: 'tfjs' as const, dir, files: ['model.json', 'weights.bin', 'preprocessing.json', 'README.md'], model: m.name, version: version.version };
  } finally {
    model.dispose();
  }
}

/** One line of the export's README per feature column, for either preprocessing format. */
function describeFeature(f: PackageMeta['preprocessing']['features'][number]): string {
  const indicator = 'indicator' in f && f.indicator ? ', then a 0/1 missing indicator' : '';
  if (f.kind === 'numeric') return `  - ${f.name}: (value - ${f.mean}) / ${f.std}; missing -> ${'strategy' in f ? `${f.fill} (${f.strategy})` : 'the mean (0 after scaling)'}${indicator}`;
  if (f.kind === 'date') return `  - ${f.name}: calendar parts ${f.parts.join(', ')} (year standardised, periodic parts as sine and cosine)${indicator}`;
  const missing = 'missingSlot' in f && f.missingSlot ? 'a slot of its own after the unknown slot' : JSON.stringify(f.fill);
  return `  - ${f.name}: one-hot over ${f.categories.length} categories + 1 unknown slot; missing -> ${missing}${indicator}`;
}
