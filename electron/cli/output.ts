import { AppError, type Issue } from '../../shared/contract/errors.js';
import { toErrorShape } from '../core/router.js';

/** Exit codes: 0 ok, 1 the user can fix it, 2 a bug or a broken machine, 3 a quality gate failed. */
export function exitCodeFor(code: string): number {
  if (code === 'internal') return 2;
  if (code === 'gate_failed') return 3;
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A plain text table: columns sized to their widest cell, numbers right-aligned. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (!rows.length) return '(none)';
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : String(v));
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[], numeric: boolean[]) =>
    vals
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] == null));
  return [
    line(
      columns.map((c) => c.toUpperCase()),
      numeric,
    ),
    line(
      widths.map((w) => '-'.repeat(w)),
      numeric,
    ),
    ...cells.map((r) => line(r, numeric)),
  ].join('\n');
}

/** A number for the terminal: whole numbers as they are, 4 significant digits below 100, one decimal above (none when it is 0: "204648", not "204648.0"). */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1).replace(/\.0$/, '') : v.toPrecision(4).replace(/\.?0+$/, '');
}

/** Key: value lines for one record. */
export function details(pairs: [string, unknown][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${(k + ':').padEnd(width + 1)} ${v === null || v === undefined || v === '' ? '-' : String(v)}`).join('\n');
}

/** Prints an error the way the user asked for it (JSON on stdout or a message on stderr) and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const shape = toErrorShape(err);
  if (json) printJson({ error: shape });
  const issues = (shape.details?.issues as Issue[] | undefined) ?? [];
  const lines = issues.length ? issues.map((i) => i.message) : [shape.message];
  process.stderr.write(lines.map((l) => `ciclo: ${l}`).join('\n') + '\n');
  if (shape.code === 'internal' && err instanceof Error && !(err instanceof AppError) && process.env.CICLO_DEBUG) {
    process.stderr.write(`${err.stack}\n`);
  }
  return exitCodeFor(shape.code);
}
