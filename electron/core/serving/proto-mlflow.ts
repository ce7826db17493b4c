/**
 * MLflow scoring server: GET /ping, /health, /version; POST /invocations with application/json
 * (dataframe_split, dataframe_records, instances or inputs) or text/csv (a header line, then rows);
 * any other content type is 415. Errors are {"error_code": "BAD_REQUEST", "message": ...}.
 * With several models served, /invocations scores the first one, or ?model=NAME.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../../../shared/contract/errors.js';
import { mlflowRequestSchema } from '../../../shared/schemas/serving.js';
import { fastMlflow } from './fast-body.js';
import { answeredBy, jsonBody, messageOf, rowErrorsOf, statusOf, type Reply, type Req, type ServerCore } from './http-common.js';
import { predictionsJson } from './fast-json.js';
import { score } from './scoring.js';
import { rowsFromColumns, rowsFromInstances } from './validate.js';

function errorCode(status: number): string {
  if (status === 404) return 'RESOURCE_DOES_NOT_EXIST';
  if (status >= 500) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

function csvRows(text: string): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false }) as string[][];
  } catch (err) {
    throw new AppError('invalid_input', `The CSV body cannot be read: ${(err as Error).message}`);
  }
  if (!records.length) throw new AppError('invalid_input', 'The CSV body is empty: it needs a header line and at least one row.');
  const header = records[0].map((h) => h.trim());
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
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
      toRows = (l, errors) => {
        const pre = l.predictor.preprocessing;
        if (body.dataframe_split) {
          const { columns, data } = body.dataframe_split;
          return data.map((r, i) => {
            if (r.length !== columns.length) errors.push({ row: i, field: null, message: `row ${i}: ${r.length} values for ${columns.length} columns` });
            return Object.fromEntries(columns.map((c, j) => [c, r[j]]));
          });
        }
        if (body.dataframe_records) return body.dataframe_records;
        if (body.instances) return rowsFromInstances(pre, body.instances, errors);
        if (Array.isArray(body.inputs)) return rowsFromInstances(pre, body.inputs, errors);
        return rowsFromColumns(pre, body.inputs as Record<string, unknown>);
      };
    }
    const s = await score(core.scoring, host, 'mlflow', req.requestId, toRows);
    return { status: 200, body: predictionsJson(s.outputs, answeredBy(host, s.loaded.version, req.requestId), s.warnings), contentType: 'application/json' };
  } catch (err) {
    const status = statusOf(err);
    return { status, body: { error_code: errorCode(status), message: messageOf(err), request_id: req.requestId, ...(rowErrorsOf(err) ? { errors: rowErrorsOf(err) } : {}) } };
  }
}
