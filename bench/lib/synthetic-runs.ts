import type { NewRun } from '../../electron/core/store/run-store.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

/** The statuses seeded runs cycle through: half succeeded, the rest failed, cancelled or interrupted. */
export const seededStatuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;

/** Where a seeded run belongs and what it is called. */
export interface SeededRunPlace {
  id: string;
  projectId: string;
  name: string;
  datasetVersionId: string;
  datasetRef: string;
  splitId: string;
}

/**
 * The i-th run of a seeded registry (the ui and train benches): an MLP or, every third, a CNN, a learning-rate
 * sweep over ten values, every seventh tagged 'sweep'. No model behind it: only what the run table and charts read.
 */
export function seededRun(i: number, place: SeededRunPlace, epochs?: number): NewRun {
  const params = hyperparametersSchema.parse(epochs === undefined ? {} : { epochs });
  return {
    ...place,
    jobId: null,
    taskType: 'multiclass',
    template: i % 3 ? 'mlp' : 'cnn',
    backendRequested: 'auto',
    params: { ...params, learningRate: 0.001 * (1 + (i % 10)) },
    design: { inputKind: 'tabular', layers: [] },
    templateOptions: {},
    inputShape: [8],
    classes: ['a', 'b'],
    features: ['f'],
    preprocessingHash: '0'.repeat(64),
    paramCount: 1000 + i,
    tags: i % 7 ? [] : ['sweep'],
    notes: '',
  };
}
