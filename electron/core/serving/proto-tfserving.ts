/**
 * TensorFlow Serving REST API: GET /v1/models/NAME[/versions/N|/labels/L][/metadata],
 * POST /v1/models/NAME[/versions/N|/labels/L]:predict with {"instances": [...]} or {"inputs": {...}}.
 * Errors are {"error": "..."} (plus the row errors and the request id).
 */
import { AppError } from '../../../shared/contract/errors.js';
import { tfPredictRequestSchema } from '../../../shared/schemas/serving.js';
import { fastTfPredict } from './fast-body.js';
import { answeredBy, jsonBody, messageOf, rowErrorsOf, statusOf, type Reply, type Req, type ServerCore } from './http-common.js';
import type { ModelHost } from './model-host.js';
import { predictionsJson } from './fast-json.js';
import { addressed, rowCount, rowOutput, score } from './scoring.js';
import { inputColumns } from './validate.js';
import { CONTENT_JSON, tfRows } from './request-rows.js';

const PATH = /^\/v1\/models\/([^/:]+)(?:\/versions\/([^/:]+)|\/labels\/([^/:]+))?(\/metadata|:predict|:classify|:regress)?$/;

function status(host: ModelHost) {
  return { model_version_status: [{ version: String(host.current.version), state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] };
}

export function tfMetadata(host: ModelHost) {
  const l = host.current;
  const p = l.predictor;
  const pre = p.preprocessing;
  const inputs = Object.fromEntries(
    inputColumns(pre).map((c) => {
      const f = pre.features.find((x) => x.name === c);
      const dtype = !f ? 'DT_FLOAT' : f.kind === 'categorical' ? 'DT_STRING' : f.type === 'boolean' ? 'DT_BOOL' : 'DT_FLOAT';
      const dim = c === 'pixels' ? [{ size: '-1', name: '' }, ...pre.inputShape.map((s) => ({ size: String(s), name: '' }))] : [{ size: '-1', name: '' }];
      return [c, { dtype, tensor_shape: { dim, unknown_rank: false }, name: c }];
    }),
  );
  const outputs =
    p.task === 'regression'
      ? { value: { dtype: 'DT_DOUBLE', tensor_shape: { dim: [{ size: '-1', name: '' }], unknown_rank: false }, name: 'value' } }
      : {
          label: { dtype: 'DT_STRING', tensor_shape: { dim: [{ size: '-1', name: '' }], unknown_rank: false }, name: 'label' },
          probabilities: {
            dtype: 'DT_FLOAT',
            tensor_shape: {
              dim: [
                { size: '-1', name: '' },
                { size: String(p.classes!.length), name: '' },
              ],
              unknown_rank: false,
            },
            name: 'probabilities',
          },
        };
  return {
    model_spec: { name: host.name, signature_name: '', version: String(l.version) },
    metadata: {
      signature_def: {
        signature_def: { serving_default: { inputs, outputs, method_name: p.task === 'regression' ? 'tensorflow/serving/regress' : 'tensorflow/serving/classify' } },
      },
      ciclo: { runtime: l.runtime, run_id: l.runId, alias: host.alias, classes: p.classes, task: p.task },
    },
  };
}

export async function tfServing(req: Req, core: ServerCore): Promise<Reply | null> {
  const m = PATH.exec(req.path);
  if (!m) return null;
  try {
    const name = decodeURIComponent(m[1]);
    const host = core.host(name);
    const want = { version: m[2] !== undefined ? decodeURIComponent(m[2]) : undefined, label: m[3] !== undefined ? decodeURIComponent(m[3]) : undefined };
    addressed(host, want);
    const verb = m[4];
    if (!verb || verb === '/metadata') {
      if (req.method !== 'GET') throw new AppError('not_found', `${req.method} ${req.path} is not an endpoint; use GET, or POST ...:predict.`);
      return { status: 200, body: verb ? tfMetadata(host) : status(host) };
    }
    if (verb !== ':predict')
      throw new AppError('invalid_input', `${verb} is not served for this model: use :predict (classification and regression answers include label, probabilities or value).`);
    if (req.method !== 'POST') throw new AppError('not_found', `Use POST for ${req.path}.`);
    const body = await jsonBody(req, tfPredictRequestSchema, fastTfPredict);
    const columnar = body.inputs !== undefined;
    const s = await score(core.scoring, host, 'tfserving', req.requestId, (l, errors) => tfRows(body, l.predictor.preprocessing, errors), {
      bytes: req.bytes(),
      content: CONTENT_JSON,
    });
    // the common answer as text made directly (the same bytes as JSON.stringify of the object)
    if (!columnar) return { status: 200, body: predictionsJson(s.outputs, answeredBy(host, s.loaded.version, req.requestId), s.warnings), contentType: 'application/json' };
    const n = rowCount(s.prediction);
    const rows = Array.from({ length: n }, (_, i) => rowOutput(s.prediction, i));
    const extra = { ...answeredBy(host, s.loaded.version, req.requestId), ...(s.warnings.length ? { warnings: s.warnings } : {}) };
    const outputs =
      s.prediction.task === 'regression'
        ? { value: rows.map((r) => r.value) }
        : { label: rows.map((r) => r.label), probabilities: rows.map((r) => s.prediction.task !== 'regression' && s.prediction.classes.map((c) => r.probabilities![c])) };
    return { status: 200, body: { outputs, ...extra } };
  } catch (err) {
    return { status: statusOf(err), body: { error: messageOf(err), request_id: req.requestId, ...(rowErrorsOf(err) ? { errors: rowErrorsOf(err) } : {}) } };
  }
}
