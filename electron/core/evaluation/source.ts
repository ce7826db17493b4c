/**
 * The training domain as evaluation sees it: runs from services.training, models from its
 * loadPredictor, wrapped into the small Predictor interface of ./predictor.ts.
 */
import fs from 'node:fs';
import type { Run } from '../../../shared/schemas/training.js';
import type { DatasetAccess } from '../datasets/types.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { loadPredictor, type Prediction, type Predictor as TrainedPredictor } from '../training/predictor.js';
import type { ModelFeature, ModelSource, Predictor, RunInfo } from './model-source.js';
import { keyedError } from './texts.js';

export interface TrainingAccess {
  get(id: string): Run;
}

function outputOf(p: Prediction): Float64Array {
  return p.task === 'regression' ? p.values : Float64Array.from(p.probabilities);
}

export function wrapPredictor(trained: TrainedPredictor, run: Run, info: { target: string; features: ModelFeature[]; sizeBytes: number }): Predictor {
  return {
    runId: run.id,
    task: trained.task,
    classes: trained.classes,
    target: info.target,
    inputKind: run.design.inputKind,
    features: info.features,
    paramCount: run.paramCount,
    sizeBytes: info.sizeBytes,
    backend: trained.backend,
    async predict(input) {
      const p = input.kind === 'table' ? await trained.predictTable(input.table, input.rows) : await trained.predictImages(input.images, input.rows);
      return outputOf(p);
    },
    rejections: (input) => (input.kind === 'table' ? trained.tableRejections(input.table, input.rows) : []),
    async predictRows(rows) {
      const p = await trained.predictRows(rows);
      return { output: outputOf(p), rejected: p.rejected };
    },
    dispose: () => trained.dispose(),
  };
}

/** The target and the feature types of a run: those of the version it was trained on. */
function schemaOf(run: Run, datasets: DatasetAccess, featureNames: string[] = run.features): { target: string; features: ModelFeature[] } {
  const version = datasets.resolveVersion(run.datasetVersionId, run.projectId);
  const target = version.target ?? version.columns.find((c) => c.role === 'target')?.name ?? (version.kind === 'images' ? 'class' : undefined);
  if (!target) throw keyedError('internal', 'error.no_target', { run: run.id }, `The data set version run ${run.id} was trained on has no target column.`);
  const types = new Map(version.columns.map((c) => [c.name, c.type]));
  const features = version.kind === 'images' ? [] : featureNames.map((name) => ({ name, type: types.get(name) ?? 'numeric' }));
  return { target, features };
}

export function trainingModelSource(deps: { db: Db; blobs: BlobStore; training: () => TrainingAccess; datasets: () => DatasetAccess }): ModelSource {
  return {
    getRun(runId: string): RunInfo {
      const run = deps.training().get(runId);
      return {
        ...schemaOf(run, deps.datasets()),
        inputKind: run.design.inputKind,
        id: run.id,
        name: run.name,
        projectId: run.projectId,
        status: run.status,
        taskType: run.taskType as RunInfo['taskType'],
        datasetVersionId: run.datasetVersionId,
        splitId: run.splitId,
        packageHash: run.packageHash,
      };
    },
    async loadPredictor(runId: string): Promise<Predictor> {
      const run = deps.training().get(runId);
      if (!run.packageHash)
        throw keyedError('conflict', 'error.no_model', { run: run.id, status: run.status }, `Run ${run.id} has no trained model (its status is ${run.status}).`, {
          status: run.status,
        });
      // the target and the feature types are those of the version the run was trained on
      const trained = await loadPredictor({ db: deps.db, blobs: deps.blobs }, { runId: run.id });
      const { target, features } = schemaOf(run, deps.datasets(), trained.features);
      const sizeBytes = fs.statSync(deps.blobs.pathOf(run.packageHash)).size;
      return wrapPredictor(trained, run, { target, features, sizeBytes });
    },
  };
}
