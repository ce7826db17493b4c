import { AppError } from '../../../shared/contract/errors.js';

/** What follows "@" in a model reference. */
export type VersionSelector = { kind: 'latest' } | { kind: 'version'; version: number } | { kind: 'alias'; alias: string };

export interface ModelRef {
  /** The model's name or id. */
  model: string;
  selector: VersionSelector;
  /** The text as given. */
  text: string;
}

/**
 * Parses a model reference: `M` or `M@latest` (the newest version), `M@3` or `M@v3` (version 3),
 * `M@champion` (the version holding that alias). Throws invalid_input naming what is wrong.
 */
export function parseModelRef(text: string): ModelRef {
  const ref = text.trim();
  const at = ref.indexOf('@');
  const bad = (why: string) =>
    new AppError('invalid_input', `"${text}" is not a model reference: ${why} Use M, M@VERSION (such as M@3) or M@alias (such as M@champion).`, {
      issues: [{ path: ['model'], key: 'registry.bad_ref', params: { ref: text }, message: `"${text}" is not a model reference: ${why}` }],
    });
  if (!ref) throw bad('it is empty.');
  if (at < 0) return { model: ref, selector: { kind: 'latest' }, text: ref };
  const model = ref.slice(0, at).trim();
  const tail = ref.slice(at + 1).trim();
  if (!model) throw bad('the model name before "@" is missing.');
  if (!tail) throw bad('nothing follows "@".');
  if (tail.includes('@')) throw bad('it has more than one "@".');
  if (tail.toLowerCase() === 'latest') return { model, selector: { kind: 'latest' }, text: ref };
  const num = /^v?(\d+)$/i.exec(tail);
  if (num) {
    const version = Number(num[1]);
    if (!Number.isSafeInteger(version) || version < 1) throw bad(`version numbers start at 1.`);
    return { model, selector: { kind: 'version', version }, text: ref };
  }
  if (!/^[a-z][a-z0-9_-]*$/i.test(tail)) throw bad(`"${tail}" is neither a version number nor an alias.`);
  return { model, selector: { kind: 'alias', alias: tail.toLowerCase() }, text: ref };
}

export function formatRef(model: string, version: number): string {
  return `${model}@${version}`;
}

/** A date or date-time as an ISO instant; a date alone means the end of that day (UTC). */
export function instant(text: string, field = 'at'): string {
  const t = text.trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(t) ? new Date(`${t}T23:59:59.999Z`) : new Date(t);
  if (Number.isNaN(d.getTime())) {
    throw new AppError('invalid_input', `${field}: "${text}" is not a date; use ISO 8601, such as 2026-01-31 or 2026-01-31T14:00Z.`, {
      issues: [{ path: [field], key: 'registry.bad_date', params: { value: text }, message: `${field}: "${text}" is not a date.` }],
    });
  }
  return d.toISOString();
}
