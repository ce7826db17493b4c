import type { ServerResponse } from 'node:http';
import type { ErrorShape } from '../../shared/contract/errors.js';

const STATUS: Record<string, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  cancelled: 409,
  workspace_too_new: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  gate_failed: 422,
  internal: 500,
};

export function statusFor(code: string): number {
  return STATUS[code] ?? 500;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ErrorShape): void {
  sendJson(res, statusFor(error.code), { error });
}
