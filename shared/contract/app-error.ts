/**
 * The error every door understands, free of zod so that the training worker and the CLI's start do not
 * load it (errors.ts adds the zod schemas of the same shapes for the contract).
 */

/** Every error that crosses a door has one of these codes. */
export const errorCodes = [
  'invalid_input', // the input does not match the contract or breaks a rule (exit 1)
  'not_found', // an id or name that does not exist (exit 1)
  'conflict', // the action clashes with the current state (exit 1)
  'gate_failed', // a quality gate blocks the action (exit 3)
  'unauthorized', // no or wrong token (HTTP 401)
  'forbidden', // foreign origin or sender (HTTP 403)
  'payload_too_large', // body over the limit (HTTP 413)
  'too_many_requests', // too many wrong tokens from one client (HTTP 429)
  'unknown_method', // not in the contract (HTTP 404)
  'workspace_too_new', // written by a newer Ciclo (exit 1)
  'cancelled', // a job was cancelled
  'internal', // a bug: never the user's fault (exit 2)
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem inside an invalid input: where, what (a stable key for i18n), and an English message. */
export interface Issue {
  path: (string | number)[];
  key: string;
  params?: Record<string, unknown>;
  message: string;
}

/** What crosses a door for an error: never a stack trace. */
export interface ErrorShape {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Whether a value has the error shape (what a transport hands back for a failed call). */
export function isErrorShape(value: unknown): value is ErrorShape {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const details = v.details;
  return (
    (errorCodes as readonly unknown[]).includes(v.code) &&
    typeof v.message === 'string' &&
    (details === undefined || (typeof details === 'object' && details !== null && !Array.isArray(details)))
  );
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toJSON(): ErrorShape {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
  static from(shape: ErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.details);
  }
}

/** An input error that lists its issues; the message joins them so a CLI user sees all of them. */
export function invalid(issues: Issue[]): AppError {
  return new AppError('invalid_input', issues.map((i) => i.message).join('\n'), { issues });
}

export function notFound(what: string, ref: string): AppError {
  return new AppError('not_found', `No ${what} called "${ref}" exists in this workspace.`, { what, ref });
}
