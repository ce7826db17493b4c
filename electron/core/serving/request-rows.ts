/**
 * A prediction request's body as the rows it holds: a pure function of (body text, protocol, content
 * type, the model's preprocessing). The protocol handlers (proto-*.ts) take their rows from here, and so
 * does the indexer of the serving log's journal (log-journal-index.ts), which re-parses each logged body:
 * one parser, so a logged row is the very row that was scored.
 */
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { headerNames } from '../datasets/header-names.js';
import { mlflowRequestSchema, tfPredictRequestSchema, v2InferRequestSchema } from '../../../shared/schemas/serving.js';
import type { Preprocessing } from '../training/preprocess.js';
import { fastMlflow, fastTfPredict, fastV2 } from './fast-body.js';
import { inputColumns, rowsFromColumns, rowsFromInstances, type RowError } from './validate.js';

export type Rows = Record<string, unknown>[];
export type TfBody = z.output<typeof tfPredictRequestSchema>;
export type MlflowBody = z.output<typeof mlflowRequestSchema>;
export type V2Body = z.output<typeof v2InferRequestSchema>;
type Tensor = V2Body['inputs'][number];

/**
 * Parses a JSON body and checks it against a schema; every problem is a 400 naming where it is. `fast`
 * (fast-body.ts) may accept a plainly valid body as it is, skipping zod's copy; whatever it returns null
 * for is checked by the schema.
 */
export function parseJsonBody<T extends z.ZodType>(text: string, schema: T, fast?: (value: unknown) => z.output<T> | null): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('invalid_input', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  const quick = fast?.(value);
  if (quick) return quick;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
    throw new AppError('invalid_input', `The request body does not match the expected shape: ${issues.slice(0, 5).join('; ')}`, {
      errors: parsed.error.issues.slice(0, 100).map((i) => ({ row: typeof i.path[1] === 'number' ? i.path[1] : 0, field: i.path.join('.') || null, message: i.message })),
    });
  }
  return parsed.data;
}

/** TensorFlow Serving: instances (rows or arrays in schema order) or inputs (the same, or columns). */
export function tfRows(body: TfBody, pre: Preprocessing, errors: RowError[]): Rows {
  if (body.instances) return rowsFromInstances(pre, body.instances, errors);
  if (Array.isArray(body.inputs)) return rowsFromInstances(pre, body.inputs, errors);
  return rowsFromColumns(pre, body.inputs as Record<string, unknown>);
}

/** MLflow JSON: dataframe_split, dataframe_records, instances or inputs. */
export function mlflowRows(body: MlflowBody, pre: Preprocessing, errors: RowError[]): Rows {
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
}

/** MLflow text/csv: a header line, then rows (every value a string, as read). */
export function csvRows(text: string): Rows {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false }) as string[][];
  } catch (err) {
    const e = err as Error & { code?: string; lines?: number; record?: string[] };
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && e.record) {
      const head = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
      const fields = parse(head, { relax_quotes: true })[0]?.length ?? 0;
      // a spreadsheet set to a European locale writes ";" between cells and "," in numbers
      const other = /[;\t]/.test(head) ? ' Its header holds semicolons or tabs: this endpoint reads comma-separated values with a dot as the decimal mark, as MLflow does.' : '';
      throw new AppError('invalid_input', `The CSV body cannot be read: line ${e.lines} has ${e.record.length} fields where the header has ${fields}.${other}`, {
        line: e.lines,
      });
    }
    throw new AppError('invalid_input', `The CSV body cannot be read: ${e.message}`);
  }
  if (!records.length) throw new AppError('invalid_input', 'The CSV body is empty: it needs a header line and at least one row.');
  const header = headerNames(records[0]).names; // the import's names (an unnamed column is column_N, a repeat NAME_2)
  return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

function flat(t: Tensor): unknown[] {
  const data = (t.data as unknown[]).flat(Infinity as 1);
  const size = t.shape.reduce((a, b) => a * b, 1);
  if (data.length !== size)
    throw new AppError('invalid_input', `input "${t.name}": shape [${t.shape.join(', ')}] holds ${size} values but data has ${data.length}.`, {
      errors: [{ row: 0, field: t.name, message: 'data does not match shape' }],
    });
  return data;
}

/** Open Inference Protocol v2: one tensor per column, or one matrix [n, columns] (an image batch). */
export function v2Rows(body: V2Body, pre: Preprocessing, errors: RowError[]): Rows {
  const inputs = body.inputs;
  const cols = inputColumns(pre);
  const width = pre.inputShape.reduce((a, b) => a * b, 1);
  if (
    inputs.length === 1 &&
    (!cols.includes(inputs[0].name) || cols.length === 1) &&
    inputs[0].shape.length >= 2 &&
    !(inputs[0].shape.length === 2 && inputs[0].shape[1] === 1 && cols.length > 1)
  ) {
    // one matrix: [n, columns in schema order] (or an image batch)
    const t = inputs[0];
    const data = flat(t);
    const n = t.shape[0];
    const per = n ? data.length / n : 0;
    const expected = pre.image?.source === 'images' ? width : cols.length;
    if (per !== expected)
      throw new AppError('invalid_input', `input "${t.name}": each row has ${per} values; the model reads ${expected}${pre.image ? '' : ` (columns ${cols.join(', ')})`}.`, {
        errors: [{ row: 0, field: t.name, message: 'wrong row width' }],
      });
    return rowsFromInstances(
      pre,
      Array.from({ length: n }, (_, i) => data.slice(i * per, (i + 1) * per)),
      errors,
    );
  }
  const columns: Record<string, unknown[]> = {};
  for (const t of inputs) {
    if (t.shape.length > 2 || (t.shape.length === 2 && t.shape[1] !== 1))
      throw new AppError('invalid_input', `input "${t.name}": a column tensor has shape [n] or [n, 1], not [${t.shape.join(', ')}].`, {
        errors: [{ row: 0, field: t.name, message: 'wrong shape' }],
      });
    columns[t.name] = flat(t);
  }
  return rowsFromColumns(pre, columns);
}

/** How the serving log's journal names a protocol and a body's content type (one byte each). */
export const PROTOCOLS = ['', 'tfserving', 'mlflow', 'v2'] as const;
export const CONTENT_JSON = 0;
export const CONTENT_CSV = 1;

/** The rows of a logged request body: the same functions the handlers called when it was served. */
export function bodyRows(protocol: string, content: number, text: string, pre: Preprocessing): Rows {
  const errors: RowError[] = [];
  if (protocol === 'mlflow') return content === CONTENT_CSV ? csvRows(text) : mlflowRows(parseJsonBody(text, mlflowRequestSchema, fastMlflow), pre, errors);
  if (protocol === 'v2') return v2Rows(parseJsonBody(text, v2InferRequestSchema, fastV2), pre, errors);
  return tfRows(parseJsonBody(text, tfPredictRequestSchema, fastTfPredict), pre, errors);
}
