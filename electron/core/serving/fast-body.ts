/**
 * Quick acceptance of the common request bodies before zod: a body whose shape is plainly what the
 * protocol's zod schema (shared/schemas/serving.ts) accepts is taken as it is (zod would return an equal
 * copy); anything else (an unexpected key, a wrong type, an empty list, a dataframe_split) returns null
 * and goes through zod, which alone words the errors. So the schemas stay the one definition of a valid
 * body; this only skips copying every row key by key on the request path (measured: zod was 12 % of the
 * serving thread's time with 64-column rows). test/unit/serving-fast-body.test.ts checks that every body
 * accepted here is one zod accepts, with an equal result.
 */
import type { z } from 'zod';
import type { mlflowRequestSchema, tfPredictRequestSchema, v2InferRequestSchema } from '../../../shared/schemas/serving.js';
import { v2Datatypes } from '../../../shared/schemas/serving.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__');

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in o) if (!allowed.includes(k)) return false;
  return true;
}

/** An array of rows: each an object {column: value} or an array of values. */
function isRows(v: unknown): v is unknown[] {
  if (!Array.isArray(v)) return false;
  for (const r of v) if (!(isObject(r) || Array.isArray(r))) return false;
  return true;
}

function isColumns(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) if (!Array.isArray(v[k])) return false;
  return true;
}

const TF_KEYS = ['signature_name', 'instances', 'inputs'] as const;

export function fastTfPredict(v: unknown): z.output<typeof tfPredictRequestSchema> | null {
  if (!isObject(v) || !onlyKeys(v, TF_KEYS)) return null;
  if (v.signature_name !== undefined && typeof v.signature_name !== 'string') return null;
  if ((v.instances === undefined) === (v.inputs === undefined)) return null;
  if (v.instances !== undefined && !isRows(v.instances)) return null;
  if (v.inputs !== undefined && !isRows(v.inputs) && !isColumns(v.inputs)) return null;
  return v as z.output<typeof tfPredictRequestSchema>;
}

const MLFLOW_KEYS = ['dataframe_records', 'instances', 'inputs', 'params'] as const;

export function fastMlflow(v: unknown): z.output<typeof mlflowRequestSchema> | null {
  if (!isObject(v) || !onlyKeys(v, MLFLOW_KEYS)) return null; // dataframe_split: zod checks its cells
  if (v.params !== undefined && !isObject(v.params)) return null;
  const given = [v.dataframe_records, v.instances, v.inputs].filter((x) => x !== undefined).length;
  if (given !== 1) return null;
  if (v.dataframe_records !== undefined && !(Array.isArray(v.dataframe_records) && v.dataframe_records.every(isObject))) return null;
  if (v.instances !== undefined && !isRows(v.instances)) return null;
  if (v.inputs !== undefined && !isRows(v.inputs) && !isColumns(v.inputs)) return null;
  return v as z.output<typeof mlflowRequestSchema>;
}

const V2_KEYS = ['id', 'parameters', 'inputs'] as const;
const TENSOR_KEYS = ['name', 'shape', 'datatype', 'parameters', 'data'] as const;
const DATATYPES: readonly string[] = v2Datatypes;

export function fastV2(v: unknown): z.output<typeof v2InferRequestSchema> | null {
  if (!isObject(v) || !onlyKeys(v, V2_KEYS)) return null; // "outputs": zod
  if (v.id !== undefined && typeof v.id !== 'string') return null;
  if (v.parameters !== undefined && !isObject(v.parameters)) return null;
  if (!Array.isArray(v.inputs) || !v.inputs.length) return null;
  for (const t of v.inputs) {
    if (!isObject(t) || !onlyKeys(t, TENSOR_KEYS)) return null;
    if (typeof t.name !== 'string' || typeof t.datatype !== 'string' || !DATATYPES.includes(t.datatype) || !Array.isArray(t.data)) return null;
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) return null;
    if (t.parameters !== undefined && !isObject(t.parameters)) return null;
  }
  return v as z.output<typeof v2InferRequestSchema>;
}
