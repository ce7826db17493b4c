import type { ModelDesign } from '../../../shared/schemas/training.js';
import { decodeTensorPack, encodeTensorPack, type NamedTensor } from './tensor-pack.js';
import type { Preprocessing } from './preprocess.js';

/**
 * A model package: everything needed to score raw rows, in one content-addressed blob: the design, the
 * weights, the preprocessing learnt on the training rows, the class list and the feature list.
 */

export const PACKAGE_FORMAT = 'ciclo-model/1';

export interface PackageMeta {
  format: typeof PACKAGE_FORMAT;
  runId: string;
  task: Preprocessing['target']['task'];
  design: ModelDesign;
  inputShape: number[];
  outputUnits: number;
  classes: string[] | null;
  features: string[];
  preprocessing: Preprocessing;
}

export interface ModelPackage {
  meta: PackageMeta;
  weights: NamedTensor[];
}

export function encodePackage(p: { runId: string; design: ModelDesign; preprocessing: Preprocessing; outputUnits: number }, weights: NamedTensor[]): Uint8Array {
  const meta: PackageMeta = {
    format: PACKAGE_FORMAT,
    runId: p.runId,
    task: p.preprocessing.target.task,
    design: p.design,
    inputShape: p.preprocessing.inputShape,
    outputUnits: p.outputUnits,
    classes: p.preprocessing.target.classes,
    features: p.preprocessing.featureNames,
    preprocessing: p.preprocessing,
  };
  return encodeTensorPack(meta, { weights });
}

export function decodePackage(bytes: Uint8Array): ModelPackage {
  const { meta, groups } = decodeTensorPack<PackageMeta>(bytes, 'model package');
  if (meta?.format !== PACKAGE_FORMAT) throw new Error(`Unknown model package format "${String(meta?.format)}" (this Ciclo reads ${PACKAGE_FORMAT}).`);
  return { meta, weights: groups.weights ?? [] };
}
