/**
 * Open Inference Protocol v2 (KServe, Triton): GET /v2, /v2/health/live, /v2/health/ready,
 * GET /v2/models/NAME[/versions/N] (metadata), .../ready, POST .../infer with
 * {"inputs": [{name, shape, datatype, data}]}: one tensor per column (shape [n] or [n, 1]), or one tensor
 * [n, columns] in schema order (an image model: [n, h, w, c] or [n, h*w*c]). Errors are {"error": "..."}.
 */
import { AppError } from '../../../shared/contract/errors.js';
import { v2InferRequestSchema } from '../../../shared/schemas/serving.js';
import { fastV2 } from './fast-body.js';
import { jsonBody, messageOf, rowErrorsOf, statusOf, type Reply, type Req, type ServerCore } from './http-common.js';
import type { ModelHost } from './model-host.js';
import { addressed, rowCount, rowOutput, score } from './scoring.js';
import { inputColumns } from './validate.js';
import { CONTENT_JSON, v2Rows } from './request-rows.js';

const MODEL = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/;

export function v2Metadata(host: ModelHost) {
  const l = host.current;
  const pre = l.predictor.preprocessing;
  const inputs = inputColumns(pre).map((c) => {
    const f = pre.features.find((x) => x.name === c);
    if (!f) return { name: c, datatype: 'FP32', shape: [-1, ...pre.inputShape] };
    return { name: c, datatype: f.kind === 'categorical' ? 'BYTES' : f.type === 'boolean' ? 'BOOL' : 'FP32', shape: [-1] };
  });
  const outputs =
    l.predictor.task === 'regression'
      ? [{ name: 'value', datatype: 'FP64', shape: [-1] }]
      : [
          { name: 'label', datatype: 'BYTES', shape: [-1] },
          { name: 'probabilities', datatype: 'FP32', shape: [-1, l.predictor.classes!.length] },
        ];
  return { name: host.name, versions: [String(l.version)], platform: `ciclo_${l.runtime}`, inputs, outputs, parameters: { classes: l.predictor.classes, alias: host.alias } };
}

export async function v2(req: Req, core: ServerCore): Promise<Reply | null> {
  const p = req.path;
  if (p !== '/v2' && !p.startsWith('/v2/')) return null;
  try {
    if (p === '/v2') return { status: 200, body: { name: 'ciclo', version: core.version, extensions: [] } };
    if (p === '/v2/health/live') return { status: 200, body: { live: true } };
    if (p === '/v2/health/ready') return { status: 200, body: { ready: true } };
    const m = MODEL.exec(p);
    if (!m) throw new AppError('not_found', `${p} is not an Open Inference Protocol endpoint.`);
    const host = core.host(decodeURIComponent(m[1]));
    addressed(host, { version: m[2] !== undefined ? decodeURIComponent(m[2]) : undefined });
    if (m[3] === '/ready') return { status: 200, body: { name: host.name, ready: true } };
    if (!m[3]) return { status: 200, body: v2Metadata(host) };
    if (req.method !== 'POST') throw new AppError('not_found', `Use POST ${p}.`);
    const body = await jsonBody(req, v2InferRequestSchema, fastV2);
    const id = body.id && /^[\w.:-]{1,128}$/.test(body.id) ? body.id : req.requestId;
    const s = await score(core.scoring, host, 'v2', id, (l, errors) => v2Rows(body, l.predictor.preprocessing, errors), {
      bytes: req.bytes(),
      content: CONTENT_JSON,
    });
    const n = rowCount(s.prediction);
    const pr = s.prediction;
    const outputs =
      pr.task === 'regression'
        ? [{ name: 'value', shape: [n], datatype: 'FP64' as const, data: Array.from(pr.values) }]
        : [
            { name: 'label', shape: [n], datatype: 'BYTES' as const, data: pr.labels.map((x) => x ?? '') },
            { name: 'probabilities', shape: [n, pr.classes.length], datatype: 'FP32' as const, data: Array.from(pr.probabilities) },
          ];
    const wanted = body.outputs?.map((o) => o.name);
    return {
      status: 200,
      requestId: id,
      body: {
        model_name: host.name,
        model_version: String(s.loaded.version),
        id,
        parameters: { request_id: id, ...(pr.task !== 'regression' ? { classes: pr.classes } : {}), ...(s.warnings.length ? { warnings: s.warnings } : {}) },
        outputs: wanted ? outputs.filter((o) => wanted.includes(o.name)) : outputs,
      },
    };
  } catch (err) {
    return { status: statusOf(err), body: { error: messageOf(err), ...(rowErrorsOf(err) ? { errors: rowErrorsOf(err) } : {}) } };
  }
}
