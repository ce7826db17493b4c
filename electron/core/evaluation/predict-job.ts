import type { JobContext } from '../jobs/runner.js';
import { LogWriter } from '../serving/log-writer.js';
import { deleteBatchRows } from '../store/prediction-log-store.js';
import type { RunInfo } from './model-source.js';
import { predictCsv, type PredictCsvResult, type ScoredRow } from './predict-csv.js';
import type { EvaluationDeps } from './service.js';

export interface PredictRequest {
  run: string;
  input: string;
  output: string;
  /** Log every scored row in the prediction log (source 'batch'). */
  log?: boolean;
  /** The registered version the run is, when the batch was asked for by model name. */
  model?: { name: string; version: number } | null;
}

/**
 * The body of a prediction job (`ciclo predict`, the Deploy phase's batch prediction): scores the CSV file
 * with the run's model (streaming) and, when asked, logs each row as a batch prediction. A batch that fails
 * or is cancelled writes no scored file and leaves no rows in the prediction log.
 */
export async function runPredictJob(deps: EvaluationDeps, run: RunInfo, request: PredictRequest, ctx: JobContext): Promise<PredictCsvResult> {
  const predictor = await deps.models().loadPredictor(run.id);
  const writer = request.log ? new LogWriter(deps.db, { source: 'batch' }) : null;
  try {
    const log = writer
      ? (rows: ScoredRow[]) => {
          const ts = new Date().toISOString();
          writer.add(
            rows.map((r) => ({
              requestId: r.requestId,
              rowIndex: 0,
              ts,
              projectId: run.projectId,
              modelName: request.model?.name ?? null,
              modelVersion: request.model?.version ?? null,
              runId: run.id,
              source: 'batch' as const,
              protocol: 'csv',
              deploymentId: null,
              input: r.input,
              output: r.output,
              prediction: r.output.label ?? (r.output.value !== undefined ? String(r.output.value) : null),
              latencyMs: null,
              warnings: null,
            })),
          );
        }
      : undefined;
    const requestPrefix = `batch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      return await predictCsv(predictor, request.input, request.output, ctx, { log, requestPrefix });
    } catch (err) {
      // no scored file was written: its rows leave the prediction log too (ids are `${prefix}-${line}`)
      if (writer) {
        writer.discard();
        deleteBatchRows(deps.db, requestPrefix);
      }
      throw err;
    }
  } finally {
    writer?.close();
    predictor.dispose();
  }
}
