/** The OpenAPI 3 document of the prediction server, generated from the zod schemas the server validates with. */
import { z } from 'zod';
import {
  mlflowErrorSchema,
  mlflowRequestSchema,
  mlflowResponseSchema,
  tfErrorSchema,
  tfPredictRequestSchema,
  tfPredictResponseSchema,
  tfStatusSchema,
  v2ErrorSchema,
  v2InferRequestSchema,
  v2InferResponseSchema,
  v2ModelMetadataSchema,
  v2ServerMetadataSchema,
} from '../../../shared/schemas/serving.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } });
const ok = (s: z.ZodType, description = 'OK') => ({ description, content: json(s) });
const err = (s: z.ZodType, description: string) => ({ description, content: json(s) });

export function openApiDocument(models: string[], version: string) {
  const name = { name: 'name', in: 'path', required: true, schema: { type: 'string', enum: models } };
  const ver = { name: 'version', in: 'path', required: true, schema: { type: 'string' } };
  const label = { name: 'label', in: 'path', required: true, schema: { type: 'string' } };
  const tfPredict = (parameters: unknown[]) => ({
    post: {
      tags: ['TensorFlow Serving'],
      summary: 'Predict rows ({"instances": [...]}) or columns ({"inputs": {...}})',
      parameters,
      requestBody: { required: true, content: json(tfPredictRequestSchema) },
      responses: {
        200: ok(tfPredictResponseSchema),
        400: err(tfErrorSchema, 'Invalid input: every row error listed'),
        404: err(tfErrorSchema, 'Unknown model, version or label'),
        413: err(tfErrorSchema, 'Body too large'),
      },
    },
  });
  const tfStatus = (parameters: unknown[]) => ({
    get: { tags: ['TensorFlow Serving'], summary: 'Model version status', parameters, responses: { 200: ok(tfStatusSchema), 404: err(tfErrorSchema, 'Unknown model') } },
  });
  const v2Infer = (parameters: unknown[]) => ({
    post: {
      tags: ['Open Inference Protocol v2'],
      summary: 'Inference: one tensor per column, or one [n, columns] tensor in schema order',
      parameters,
      requestBody: { required: true, content: json(v2InferRequestSchema) },
      responses: { 200: ok(v2InferResponseSchema), 400: err(v2ErrorSchema, 'Invalid input'), 404: err(v2ErrorSchema, 'Unknown model or version') },
    },
  });
  return {
    openapi: '3.0.3',
    info: {
      title: 'Ciclo prediction server',
      version,
      description:
        'Registered Ciclo models served over the TensorFlow Serving REST, MLflow scoring and Open Inference Protocol v2 APIs. Every prediction carries the model name and version that answered and a request id (also in the X-Request-Id header).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Needed when the server listens on an address other than 127.0.0.1' } } },
    security: [{}, { bearer: [] }],
    paths: {
      '/v1/models/{name}': tfStatus([name]),
      '/v1/models/{name}/versions/{version}': tfStatus([name, ver]),
      '/v1/models/{name}/labels/{label}': tfStatus([name, label]),
      '/v1/models/{name}/metadata': {
        get: { tags: ['TensorFlow Serving'], summary: 'Signature: inputs and outputs', parameters: [name], responses: { 200: { description: 'OK' } } },
      },
      '/v1/models/{name}:predict': tfPredict([name]),
      '/v1/models/{name}/versions/{version}:predict': tfPredict([name, ver]),
      '/v1/models/{name}/labels/{label}:predict': tfPredict([name, label]),
      '/ping': { get: { tags: ['MLflow'], summary: 'Liveness', responses: { 200: { description: 'OK' } } } },
      '/health': { get: { tags: ['MLflow'], summary: 'Liveness', responses: { 200: { description: 'OK' } } } },
      '/version': { get: { tags: ['MLflow'], summary: 'Server version', responses: { 200: { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      '/invocations': {
        post: {
          tags: ['MLflow'],
          summary: 'Score a pandas-style JSON body or a CSV (first model, or ?model=NAME)',
          parameters: [{ name: 'model', in: 'query', required: false, schema: { type: 'string', enum: models } }],
          requestBody: { required: true, content: { ...json(mlflowRequestSchema), 'text/csv': { schema: { type: 'string' } } } },
          responses: { 200: ok(mlflowResponseSchema), 400: err(mlflowErrorSchema, 'Invalid input'), 415: err(mlflowErrorSchema, 'Unsupported content type') },
        },
      },
      '/v2': { get: { tags: ['Open Inference Protocol v2'], summary: 'Server metadata', responses: { 200: ok(v2ServerMetadataSchema) } } },
      '/v2/health/live': { get: { tags: ['Open Inference Protocol v2'], summary: 'Live', responses: { 200: { description: 'OK' } } } },
      '/v2/health/ready': { get: { tags: ['Open Inference Protocol v2'], summary: 'Ready', responses: { 200: { description: 'OK' } } } },
      '/v2/models/{name}': {
        get: {
          tags: ['Open Inference Protocol v2'],
          summary: 'Model metadata',
          parameters: [name],
          responses: { 200: ok(v2ModelMetadataSchema), 404: err(v2ErrorSchema, 'Unknown model') },
        },
      },
      '/v2/models/{name}/ready': { get: { tags: ['Open Inference Protocol v2'], summary: 'Model ready', parameters: [name], responses: { 200: { description: 'OK' } } } },
      '/v2/models/{name}/infer': v2Infer([name]),
      '/v2/models/{name}/versions/{version}/infer': v2Infer([name, ver]),
    },
  };
}
