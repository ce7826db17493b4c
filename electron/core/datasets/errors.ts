import { AppError } from '../../../shared/contract/errors.js';
import type { DataIssue } from '../../../shared/schemas/dataset.js';

/**
 * An import refused because of the input: a stable i18n key (namespace "data") with its params, and an
 * English message naming the file, line and column where they apply.
 */
export function importError(key: string, params: Record<string, unknown>, message: string): AppError {
  return new AppError('invalid_input', message, { issues: [{ path: [], key, params, message }] });
}

export function warning(key: string, column: string | null, params: Record<string, unknown>, message: string): DataIssue {
  return { key, severity: 'warning', column, params, message };
}

export function issue(severity: DataIssue['severity'], key: string, column: string | null, params: Record<string, unknown>, message: string): DataIssue {
  return { key, severity, column, params, message };
}
