import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fastMlflow, fastTfPredict, fastV2 } from '../../electron/core/serving/fast-body.js';
import { mlflowRequestSchema, tfPredictRequestSchema, v2InferRequestSchema } from '../../shared/schemas/serving.js';

// Every body the quick check accepts must be one the protocol's zod schema accepts, with an equal result;
// what it declines goes to zod (which words the errors), so declining is always safe.
function agree(fast: (v: unknown) => unknown, schema: z.ZodType, bodies: unknown[]): number {
  let accepted = 0;
  for (const text of bodies.map((b) => JSON.stringify(b)).concat(['{"__proto__": {"x": 1}, "instances": []}', '{"instances": [{"__proto__": 1}]}'])) {
    const quick = fast(JSON.parse(text));
    const parsed = schema.safeParse(JSON.parse(text));
    if (quick === null) continue;
    accepted++;
    expect(parsed.success, text).toBe(true);
    expect(quick, text).toEqual(parsed.data);
  }
  return accepted;
}

const rows = [{ a: 1, b: 'x', c: null }, [1, 'x', null], {}];
const odd = [null, 1, 'x', true, [], {}, [null], [1], ['x'], [{ a: 1 }, 2], { a: [1] }, { a: 1 }];

describe('quick acceptance of request bodies agrees with zod', () => {
  it('TensorFlow Serving :predict', () => {
    const bodies: unknown[] = [
      { instances: rows },
      { instances: [rows[0]] },
      { inputs: { a: [1, 2], b: ['x', 'y'] } },
      { inputs: rows },
      { signature_name: 'serving_default', instances: rows },
      { signature_name: 1, instances: rows },
      { instances: rows, inputs: { a: [1] } },
      {},
      { instances: rows, extra: 1 },
      { inputs: { a: 1 } },
    ];
    for (const v of odd) bodies.push({ instances: v }, { inputs: v }, { instances: [v] }, { inputs: [v] });
    expect(agree(fastTfPredict, tfPredictRequestSchema, bodies)).toBeGreaterThan(5);
  });
  it('MLflow /invocations', () => {
    const bodies: unknown[] = [
      { dataframe_records: [rows[0]] },
      { dataframe_records: [[1, 2]] },
      { instances: rows },
      { inputs: { a: [1] } },
      { inputs: rows },
      { instances: rows, params: { k: 1 } },
      { instances: rows, params: [1] },
      { dataframe_split: { columns: ['a'], data: [[1]] } },
      { instances: rows, dataframe_records: [] },
      {},
    ];
    for (const v of odd) bodies.push({ dataframe_records: v }, { instances: v }, { inputs: v }, { dataframe_records: [v] });
    expect(agree(fastMlflow, mlflowRequestSchema, bodies)).toBeGreaterThan(4);
  });
  it('Open Inference Protocol v2 infer', () => {
    const t = { name: 'a', shape: [2], datatype: 'FP32', data: [1, 2] };
    const bodies: unknown[] = [
      { inputs: [t] },
      { id: 'r1', inputs: [t, { ...t, name: 'b', parameters: { x: 1 } }] },
      { id: 1, inputs: [t] },
      { inputs: [] },
      { inputs: [{ ...t, datatype: 'FP99' }] },
      { inputs: [{ ...t, shape: [-1] }] },
      { inputs: [{ ...t, shape: [1.5] }] },
      { inputs: [{ ...t, data: 'x' }] },
      { inputs: [{ ...t, extra: 1 }] },
      { inputs: [t], outputs: [{ name: 'label' }] },
      { inputs: [t], parameters: { a: 1 } },
      { inputs: [t], parameters: [] },
    ];
    for (const v of odd) bodies.push({ inputs: v }, { inputs: [v] }, { inputs: [{ ...t, shape: v }] }, { inputs: [{ ...t, name: v }] });
    expect(agree(fastV2, v2InferRequestSchema, bodies)).toBeGreaterThan(2);
  });
});
