import type { servingMethods } from '../../../shared/contract/serving.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { batchDownload, startBatchPrediction } from './batch.js';
import { DeploymentStore } from '../store/deployment-store.js';

export function servingHandlers(s: Services): HandlersFor<typeof servingMethods> {
  return {
    'serving.start': ({ refs, shadows, port, host, token, ...settings }) => s.serving.start({ refs, shadows, port, host, token, settings }),
    'serving.stop': ({ id }) => s.serving.stop(id),
    'serving.servers': () => s.serving.list(),
    'serving.batchPredict': (input) => startBatchPrediction(s, input),
    'serving.batchDownload': ({ file }) => batchDownload(s, file),
    'deployments.list': (input) => new DeploymentStore(s.db).list(input),
  };
}
