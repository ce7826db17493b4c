/**
 * Batch prediction from the Deploy phase: a CSV (uploaded in browser mode, picked in the desktop app) is
 * scored by a registered model version or alias through the very job `ciclo predict --log` runs
 * (EvaluationService.startPredict -> predictCsv: streaming, bad rows reported by line, a missing column
 * refused before anything is written, rows logged as source 'batch' with a request_id column). The scored
 * file is written to the workspace's exports/predictions folder, never to a path the client names, and
 * handed back for download by its file name only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { Job } from '../../../shared/schemas/system.js';
import type { Services } from '../services.js';

export const predictionsDir = (dataDir: string) => path.join(dataDir, 'exports', 'predictions');

/** A file name safe on every system, from the input's name, the model and its version. */
function outputName(input: string, model: string, version: number): string {
  const base =
    path
      .basename(input)
      .replace(/\.[^.]*$/, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .slice(0, 80) || 'rows';
  const safeModel = model.replace(/[^\p{L}\p{N}._-]+/gu, '_');
  return `${base}-scored-${safeModel}-v${version}-${Date.now().toString(36)}.csv`;
}

export function startBatchPrediction(s: Services, request: { model: string; input: string }): Job {
  const ref = s.registry.resolveRunRef(request.model);
  if (!ref.model)
    throw new AppError('invalid_input', `"${request.model}" is a run; batch prediction scores with a registered model: M@alias, M@VERSION or M.`, { model: request.model });
  const output = path.join(predictionsDir(s.dataDir), outputName(request.input, ref.model.modelName, ref.model.version));
  return s.evaluation.startPredict({ run: ref.runId, input: request.input, output, log: true, model: { name: ref.model.modelName, version: ref.model.version } });
}

/** A scored CSV written by a batch prediction, for the browser's download (nothing outside that folder). */
export function batchDownload(s: Services, file: string): { fileName: string; mimeType: string; content: string } {
  const dir = predictionsDir(s.dataDir);
  const full = path.resolve(dir, file);
  if (path.dirname(full) !== dir || !full.endsWith('.csv'))
    throw new AppError('invalid_input', 'Only scored files written by a batch prediction (exports/predictions) can be downloaded.', { file });
  let content: string;
  try {
    content = fs.readFileSync(full, 'utf8');
  } catch {
    throw new AppError('not_found', `The scored file ${file} is no longer in the workspace; run the batch prediction again.`, { file });
  }
  return { fileName: path.basename(full), mimeType: 'text/csv', content };
}
