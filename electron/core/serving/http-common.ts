/** What every protocol handler gets and returns, and the mapping of errors to HTTP status codes. */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { parseJsonBody } from './request-rows.js';
import type { ModelHost } from './model-host.js';
import type { ScoringDeps } from './scoring.js';

export interface Req {
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  requestId: string;
  /** The body as text (bounded by the body limit; throws payload_too_large). */
  text(): Promise<string>;
  /** The body's bytes as received, once text() has read them (the serving log keeps them as they are). */
  bytes(): Buffer | null;
}

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
  /** Another request id than the incoming one (Open Inference Protocol's "id"). */
  requestId?: string;
}

export interface ServerCore {
  hosts: Map<string, ModelHost>;
  scoring: ScoringDeps;
  /** The host named, or not_found listing the served names. */
  host(name: string): ModelHost;
  /** The model of a protocol that names none (MLflow): the only one, or ?model=NAME. */
  defaultHost(req: Req): ModelHost;
  version: string;
}

export function statusOf(err: unknown): number {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'invalid_input':
        return 400;
      case 'not_found':
      case 'unknown_method':
        return 404;
      case 'payload_too_large':
        return 413;
      case 'unauthorized':
        return 401;
      case 'forbidden':
        return 403;
      case 'conflict':
        return 409;
      default:
        return 500;
    }
  }
  return 500;
}

export function messageOf(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return `Internal error: ${(err as Error)?.message ?? String(err)}`;
}

export function rowErrorsOf(err: unknown): unknown[] | undefined {
  if (err instanceof AppError && Array.isArray(err.details?.errors) && (err.details.errors as unknown[]).length) return err.details.errors as unknown[];
  return undefined;
}

/** Reads the body and parses it as JSON checked against a schema (request-rows.ts parseJsonBody). */
export async function jsonBody<T extends z.ZodType>(req: Req, schema: T, fast?: (value: unknown) => z.output<T> | null): Promise<z.output<T>> {
  return parseJsonBody(await req.text(), schema, fast);
}

export const answeredBy = (host: ModelHost, version: number, requestId: string) => ({ model_name: host.name, model_version: String(version), request_id: requestId });
