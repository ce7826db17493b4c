/**
 * The one path every protocol's prediction takes: take the served version, validate the rows against its
 * input schema, score them through the batcher, count and log the request. Protocols only unwrap their
 * request shape into rows and wrap the result.
 */
import { AppError } from '../../../shared/contract/errors.js';
import type { Prediction } from '../training/predictor.js';
import type { LogWriter, ServedVersion } from './log-writer.js';
import type { Loaded, ModelHost } from './model-host.js';
import type { ServingStats } from './stats.js';
import { rowOutputJson } from './fast-json.js';
import { PROTOCOLS } from './request-rows.js';
import { badRequest, validateRows, type RowError, type RowWarning } from './validate.js';

export interface Scored {
  host: ModelHost;
  loaded: Loaded;
  prediction: Prediction;
  /** Each row's output as JSON text (JSON.stringify(rowOutput(prediction, i))), as answered and logged. */
  outputs: string[];
  warnings: RowWarning[];
  requestId: string;
}

export interface ScoringDeps {
  stats: ServingStats;
  log: LogWriter | null;
  maxRows: number;
}

/** A row's prediction as every protocol shows it: label + probabilities per class, or the value. */
export function rowOutput(p: Prediction, i: number): { label?: string; probabilities?: Record<string, number>; value?: number } {
  if (p.task === 'regression') return { value: p.values[i] };
  const k = p.classes.length;
  const probabilities: Record<string, number> = {};
  for (let j = 0; j < k; j++) probabilities[p.classes[j]] = p.probabilities[i * k + j];
  return { label: p.labels[i] ?? undefined, probabilities };
}

export function rowCount(p: Prediction): number {
  return p.task === 'regression' ? p.values.length : p.labels.length;
}

/** Picks the version a request addresses: the served one, or refuses a version or label not served. */
export function addressed(host: ModelHost, want: { version?: string; label?: string }): void {
  if (want.version !== undefined && want.version !== String(host.current.version)) {
    throw new AppError('not_found', `Model "${host.name}" is serving version ${host.current.version}, not version ${want.version}.`, { served: host.current.version });
  }
  if (want.label !== undefined && want.label.toLowerCase() !== host.alias) {
    throw new AppError('not_found', `Model "${host.name}" is served ${host.alias ? `under the label "${host.alias}"` : 'by version'}, not under the label "${want.label}".`, {
      label: want.label,
    });
  }
}

/** Each loaded version as the log stores it (one object per version and host: the log keys its journal code on it). */
const served = new WeakMap<Loaded, ServedVersion>();
function servedVersion(host: ModelHost, l: Loaded): ServedVersion {
  let v = served.get(l);
  if (!v) {
    v = { projectId: l.projectId, modelName: host.name, version: l.version, runId: l.runId, deploymentId: host.deploymentId, preprocessing: l.predictor.preprocessing };
    served.set(l, v);
  }
  return v;
}

/**
 * Validates and scores a request's rows, counts it and logs it (sampled): `body` is the request's bytes as
 * received and their content type (request-rows.ts codes), which the log keeps instead of the rows.
 */
export async function score(
  deps: ScoringDeps,
  host: ModelHost,
  protocol: string,
  requestId: string,
  toRows: (loaded: Loaded, errors: RowError[]) => Record<string, unknown>[],
  body: { bytes: Buffer | null; content: number },
): Promise<Scored> {
  const t0 = performance.now();
  const loaded = host.acquire();
  let rowsN = 0;
  try {
    const errors: RowError[] = [];
    const rows = toRows(loaded, errors);
    rowsN = rows.length;
    if (!rows.length && !errors.length) throw badRequest('The request holds no rows to score.');
    if (rows.length > deps.maxRows)
      throw new AppError('payload_too_large', `The request holds ${rows.length} rows; this server scores at most ${deps.maxRows} per request (--max-rows).`, {
        limit: deps.maxRows,
      });
    // validation encodes the rows (the one encoder); the batcher scores that encoding, never a second one
    const { warnings, x } = validateRows(loaded.predictor.preprocessing, rows, errors);
    const prediction = await host.scoreEncoded(loaded, x, rows.length);
    if (prediction.rejected.length) {
      throw badRequest(
        `${prediction.rejected.length} row(s) could not be scored: ${prediction.rejected.map((r) => `row ${r.index}: ${r.reason}`).join('; ')}`,
        prediction.rejected.map((r) => ({ row: r.index, field: null, message: `row ${r.index}: ${r.reason}` })),
      );
    }
    const n = rows.length;
    const outputs = new Array<string>(n);
    for (let i = 0; i < n; i++) outputs[i] = rowOutputJson(prediction, i);
    const ms = performance.now() - t0;
    deps.stats.request(ms, true, n);
    if (deps.log?.sampled()) {
      // bytes only: the body as received and the answer's own output texts (the rows are parsed again when indexed)
      if (body.bytes) deps.log.addServed(servedVersion(host, loaded), PROTOCOLS.indexOf(protocol as 'v2'), body.content, requestId, body.bytes, outputs, warnings, ms);
      // the shadow (challenger) scores the same rows after this answer is sent; it can neither slow nor fail it
      host.shadow?.offer(loaded, host.deploymentId, rows, requestId, protocol);
    }
    return { host, loaded, prediction, outputs, warnings, requestId };
  } catch (err) {
    deps.stats.request(performance.now() - t0, false, rowsN);
    throw err;
  } finally {
    host.release(loaded);
  }
}
