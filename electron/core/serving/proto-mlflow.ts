/**
 * MLflow scoring server: GET /ping, /health, /version; POST /invocations with application/json
 * (dataframe_split, dataframe_records, instances or inputs) or text/csv (a header line, then rows);
 * any other content type is 415. Errors are {"error_code": "BAD_REQUEST", "message": ...}.
 * With several models served, /invocations scores the first one, or ?model=NAME.
 */
import { AppError } from '../../../shared/contract/errors.js';
import { mlflowRequestSchema } from '../../../shared/schemas/serving.js';
import { fastMlflow } from './fast-body.js';
import { answeredBy, jsonBody, messageOf, rowErrorsOf, statusOf, type Reply, type Req, type ServerCore } from './http-common.js';
import { predictionsJson } from './fast-json.js';
import { score } from './scoring.js';
import { CONTENT_CSV, CONTENT_JSON, csvRows, mlflowRows } from './request-rows.js';

function errorCode(status: number): string {
  if (status === 404) return 'RESOURCE_DOES_NOT_EXIST';
  if (status >= 500) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

export async function mlflow(req: Req, core: ServerCore): Promise<Reply | null> {
  const p = req.path;
  if (p !== '/ping' && p !== '/health' && p !== '/version' && p !== '/invocations') return null;
  try {
    if (p !== '/invocations') {
      if (req.method !== 'GET') throw new AppError('not_found', `Use GET ${p}.`);
      if (p === '/version') return { status: 200, body: core.version, contentType: 'text/plain; charset=utf-8' };
      return { status: 200, body: '\n', contentType: 'application/json' };
    }
    if (req.method !== 'POST') throw new AppError('not_found', 'Use POST /invocations.');
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && type !== 'text/csv') {
      return {
        status: 415,
        body: {
          error_code: 'BAD_REQUEST',
          message: `This predictor supports the content types application/json and text/csv, not "${type || '(none)'}".`,
          request_id: req.requestId,
        },
      };
    }
    const host = core.defaultHost(req);
    let toRows: Parameters<typeof score>[4];
    if (type === 'text/csv') {
      const rows = csvRows(await req.text());
      toRows = () => rows;
    } else {
      const body = await jsonBody(req, mlflowRequestSchema, fastMlflow);
      toRows = (l, errors) => mlflowRows(body, l.predictor.preprocessing, errors);
    }
    const s = await score(core.scoring, host, 'mlflow', req.requestId, toRows, { bytes: req.bytes(), content: type === 'text/csv' ? CONTENT_CSV : CONTENT_JSON });
    return { status: 200, body: predictionsJson(s.outputs, answeredBy(host, s.loaded.version, req.requestId), s.warnings), contentType: 'application/json' };
  } catch (err) {
    const status = statusOf(err);
    return { status, body: { error_code: errorCode(status), message: messageOf(err), request_id: req.requestId, ...(rowErrorsOf(err) ? { errors: rowErrorsOf(err) } : {}) } };
  }
}
