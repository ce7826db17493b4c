/**
 * What the evaluation says to people, as stable i18n keys (namespace "evaluate", written
 * namespace-qualified: "evaluate:error.no_model") with their params, next to the English text.
 * Errors carry their key as one issue in `details.issues`, which the job runner keeps in
 * job.error.details and the UI's ErrorBox translates.
 */
import { AppError, type ErrorCode, type Issue } from '../../../shared/contract/errors.js';
import type { JobStep } from '../../../shared/schemas/system.js';

export type Params = Record<string, unknown>;

/** A key of the "evaluate" namespace, qualified so it resolves from any namespace. */
export const evalKey = (key: string): string => `evaluate:${key}`;

export function keyedIssue(key: string, params: Params, message: string, path: Issue['path'] = []): Issue {
  return { path, key: evalKey(key), params, message };
}

/** An AppError whose details list it as a keyed issue (plus any other details, and further issues). */
export function keyedError(code: ErrorCode, key: string, params: Params, message: string, extra: Params = {}, more: Issue[] = []): AppError {
  return new AppError(code, message, { ...extra, issues: [keyedIssue(key, params, message), ...more] });
}

/** A job step of an evaluation: the English message and the same as a key with params. */
export function step(key: string, params: Params, message: string): [string, JobStep] {
  return [message, { key: evalKey(key), params }];
}
