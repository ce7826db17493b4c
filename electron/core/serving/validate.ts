/**
 * Checks request rows against what a model reads before they are scored: every column present, values
 * of the right type (the shared raw-row encoder decides, so validation and scoring agree), categories
 * never seen in training served through the model's unknown bucket with a warning. All row errors of a
 * request are listed; one bad row fails its request only.
 */
import { AppError } from '../../../shared/contract/errors.js';
import { columnName } from '../datasets/header-names.js';
import { MISSING_TOKENS, type Preprocessing } from '../training/preprocess.js';
import { encodeRawRows } from '../training/raw-rows.js';

export interface RowError {
  row: number;
  field: string | null;
  message: string;
}
export interface RowWarning {
  row: number;
  field: string;
  message: string;
}

/** The columns a request row names: the raw feature columns, or "pixels" for an image data set model. */
export function inputColumns(p: Preprocessing): string[] {
  return p.image?.source === 'images' ? ['pixels'] : p.featureNames;
}

export function badRequest(message: string, errors: RowError[] = []): AppError {
  return new AppError('invalid_input', message, { errors });
}

/** Rows given as objects or as arrays in schema order, as objects. An array of the wrong length is an error. */
export function rowsFromInstances(p: Preprocessing, instances: unknown[], errors: RowError[]): Record<string, unknown>[] {
  const cols = inputColumns(p);
  const width = p.inputShape.reduce((a, b) => a * b, 1);
  return instances.map((inst, i) => {
    if (Array.isArray(inst)) {
      if (p.image?.source === 'images') {
        // one image: its pixels (possibly nested h x w x c)
        return { pixels: (inst as unknown[]).flat(3) };
      }
      if (inst.length !== cols.length) {
        errors.push({ row: i, field: null, message: `row ${i}: ${inst.length} values given, the model reads ${cols.length} columns in this order: ${cols.join(', ')}` });
        return {};
      }
      return Object.fromEntries(cols.map((c, j) => [c, inst[j]]));
    }
    if (inst && typeof inst === 'object') return inst as Record<string, unknown>;
    // a bare value is a one-column row
    if (cols.length === 1) return { [cols[0]]: inst };
    errors.push({
      row: i,
      field: null,
      message: `row ${i}: a row is an object {column: value} or an array of ${cols.length} values (${width} inputs), not ${inst === null ? 'null' : typeof inst}`,
    });
    return {};
  });
}

/** Columnar input {column: [values]} as rows; every column must have the same length. */
export function rowsFromColumns(p: Preprocessing, columns: Record<string, unknown>): Record<string, unknown>[] {
  const lengths = new Map<string, number>();
  for (const [k, v] of Object.entries(columns)) {
    if (!Array.isArray(v)) throw badRequest(`input "${k}" must be an array of values, one per row.`, [{ row: 0, field: k, message: `input "${k}" is not an array` }]);
    lengths.set(k, v.length);
  }
  const n = Math.max(0, ...lengths.values());
  const uneven = [...lengths].filter(([, l]) => l !== n);
  if (uneven.length)
    throw badRequest(
      `Every input column needs ${n} values; ${uneven.map(([k, l]) => `"${k}" has ${l}`).join(', ')}.`,
      uneven.map(([k]) => ({ row: 0, field: k, message: `column "${k}" has a different length` })),
    );
  void p;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, (v as unknown[])[i]])));
}

const isMissing = (v: unknown) => v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING_TOKENS.has(v.trim().toLowerCase()));

/** What validation needs of a model, made once per loaded preprocessing. */
const compiled = new WeakMap<Preprocessing, { cols: string[]; categorical: { name: string; known: Set<string> }[] }>();

function compiledOf(p: Preprocessing) {
  let c = compiled.get(p);
  if (!c) {
    c = { cols: inputColumns(p), categorical: p.features.flatMap((f) => (f.kind === 'categorical' ? [{ name: f.name, known: new Set(f.categories) }] : [])) };
    compiled.set(p, c);
  }
  return c;
}

/**
 * Validates rows; throws invalid_input listing every row error (earlier conversion errors included).
 * A key that is absent is an error (naming the row's keys the model does not read: a misspelt name); an explicit
 * null (or NA) is a missing value, imputed as in training. Keys are matched as a CSV header is read: trimmed.
 * Returns the warnings and the rows encoded for the model (the one encoder, `encodeRawRows`), so a
 * request is encoded once: `predictor.predictEncoded(x, rows.length, [])` scores it.
 */
export function validateRows(p: Preprocessing, rows: Record<string, unknown>[], earlier: RowError[] = []): { warnings: RowWarning[]; x: Float32Array } {
  const errors = [...earlier];
  const warnings: RowWarning[] = [];
  const { cols, categorical } = compiledOf(p);
  const failed = new Set(errors.map((e) => e.row));
  const missing = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    if (failed.has(i)) continue;
    const r = rows[i];
    let first = true;
    for (const c of cols) {
      if (c in r) continue;
      // a key is read as a CSV header cell is (columnName): "Uso % " in a request is the column "Uso %", as it is
      // in a CSV file scored by `ciclo predict`
      const spaced = Object.keys(r).find((k) => k !== c && columnName(k) === c);
      if (spaced !== undefined) {
        r[c] = r[spaced];
        continue;
      }
      // a misspelt name is the usual cause: the row's names the model does not read, said once per row
      const unread = first ? Object.keys(r).filter((k) => !cols.includes(columnName(k))) : [];
      const named = unread.length
        ? ` (the row has ${unread
            .slice(0, 3)
            .map((k) => `"${k}"`)
            .join(', ')}${unread.length > 3 ? ', ...' : ''}, which the model does not read)`
        : '';
      first = false;
      errors.push({ row: i, field: c, message: `row ${i}: column "${c}" is missing${named}` });
      missing.add(`${i}\u0000${c}`);
    }
  }
  const { x, rejected } = encodeRawRows(p, rows);
  for (const r of rejected) {
    if (failed.has(r.index)) continue;
    const field = /^column "([^"]+)"/.exec(r.reason)?.[1] ?? (p.image ? 'pixels' : null);
    if (field !== null && missing.has(`${r.index}\u0000${field}`)) continue;
    errors.push({ row: r.index, field, message: `row ${r.index}: ${r.reason}` });
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    const shown = errors
      .slice(0, 5)
      .map((e) => e.message)
      .join('; ');
    // an absent key is the commonest mistake with data that has gaps: say once how to send an unknown value
    const hint = missing.size ? ' (a value that is not known is sent as null: the model fills it in as in training)' : '';
    throw badRequest(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the input: ${shown}${errors.length > 5 ? '; ...' : ''}${hint}`, errors.slice(0, 1000));
  }
  for (const f of categorical) {
    rows.forEach((r, i) => {
      const v = r[f.name];
      if (!isMissing(v) && !f.known.has(String(v)))
        warnings.push({ row: i, field: f.name, message: `row ${i}: "${String(v)}" was never seen in training for column "${f.name}"; it is scored as an unknown category` });
    });
  }
  return { warnings, x };
}
