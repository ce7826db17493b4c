import type { Column, ColumnRole, ColumnType, DataIssue } from '../../../shared/schemas/dataset.js';
import type { TaskType } from '../../../shared/metrics.js';
import { parseNumber, presentCount, rawLength, type RawColumn, type RawTable } from './columns.js';
import { importError, warning } from './errors.js';
import { decidePrep, type PrepChoice } from './prep-choices.js';
import { sortFloat64 } from './radix.js';
import { dateExample, dateOrderOf, parseDate } from './dates.js';
import { decideDateOrder } from './date-order.js';
import type { DateOrder } from '../../../shared/schemas/prep.js';

/**
 * Boolean words, compared in lower case. Besides English, the Spanish sí / si (with or without the accent),
 * verdadero and falso, as Spanish spreadsheets write them ("no" is already false in both languages). Single
 * letters other than t/f/y/n are left out on purpose: s or v could be sizes, sexes or anything else.
 */
const TRUE_WORDS = new Set(['true', 'yes', 't', 'y', 'sí', 'si', 'verdadero']);
const FALSE_WORDS = new Set(['false', 'no', 'f', 'n', 'falso']);

/** A boolean word as 1 / 0, or NaN. */
export function parseBoolean(text: string): number {
  const t = text.toLowerCase();
  if (TRUE_WORDS.has(t)) return 1;
  if (FALSE_WORDS.has(t)) return 0;
  return NaN;
}

export { parseDate };

/** The type a column's values suggest, before anything the user says. */
export function inferType(col: RawColumn): ColumnType {
  if (col.storage === 'f64') return 'numeric';
  const dict = col.dict;
  if (dict.length === 0) return 'categorical';
  if (dict.length <= 8 && dict.every((s) => parseBoolean(s) === parseBoolean(s))) {
    const values = new Set(dict.map(parseBoolean));
    if (values.size <= 2) return 'boolean';
  }
  if (dateOrderOf(dict, false) !== null) return 'datetime';
  const present = presentCount(col);
  if (dict.length > 50 && dict.length > present * 0.5) return 'text';
  let chars = 0;
  const n = Math.min(dict.length, 1000);
  for (let i = 0; i < n; i++) chars += dict[i].length;
  if (dict.length > 20 && chars / n > 60) return 'text';
  return 'categorical';
}

/** The first row (0-based) whose value does not fit `type` (dates written in `order`), with that value; null when all fit. */
export function firstMisfit(col: RawColumn, type: ColumnType, order: DateOrder = 'ymd'): { row: number; value: string } | null {
  if (type === 'categorical' || type === 'text') return null;
  if (col.storage === 'f64') {
    if (type === 'numeric') return null;
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i];
      if (v !== v) continue;
      if (type === 'datetime' || (v !== 0 && v !== 1)) return { row: i, value: String(v) };
    }
    return null;
  }
  const bad = new Uint8Array(col.dict.length);
  col.dict.forEach((s, k) => {
    const parse = type === 'boolean' ? parseBoolean : type === 'datetime' ? (t: string) => parseDate(t, order) : parseNumber;
    const ok = parse(s) === parse(s);
    if (!ok) bad[k] = 1;
  });
  for (let i = 0; i < col.codes.length; i++) {
    const c = col.codes[i];
    if (c >= 0 && bad[c]) return { row: i, value: col.dict[c] };
  }
  return null;
}

const TYPE_NEEDS: Record<ColumnType, string> = {
  numeric: 'a number',
  boolean: 'true/false, yes/no, sí/no, verdadero/falso, t/f, y/n or 0/1',
  datetime: dateExample('ymd'),
  categorical: 'any value',
  text: 'any value',
};

/** Refuses a type the column's values cannot take, naming the first value (and its data row) that does not fit. */
export function assertTypeFits(col: RawColumn, type: ColumnType, source: string, order: DateOrder = 'ymd'): void {
  const bad = firstMisfit(col, type, order);
  if (!bad) return;
  throw importError(
    'import.type_mismatch',
    { file: source, column: col.name, type, row: bad.row + 1, value: bad.value, ...(type === 'datetime' ? { order } : {}) },
    `Column "${col.name}" cannot be ${type}: data row ${bad.row + 1} of ${source} holds "${bad.value}", which is not ${type === 'datetime' ? dateExample(order) : TYPE_NEEDS[type]}.`,
  );
}

/** Consecutive whole numbers from any start (0, 1, 2, ... or 1001, 1002, ...), no gaps, nothing missing, at least 20 rows. */
function isRowNumber(col: RawColumn): boolean {
  if (col.storage !== 'f64' || col.values.length < 20) return false;
  const v = col.values;
  if (!Number.isInteger(v[0])) return false;
  for (let i = 1; i < v.length; i++) if (v[i] - v[i - 1] !== 1) return false;
  return true;
}

/** id, ID, Id, customer_id, id_cliente, playerId, userID, order-id ... but not paid, valid or humid. */
const ID_NAME = /^(id|ID|Id)$|[_\-\s.](id|ID|Id)$|^(id|ID|Id)[_\-\s.]|[a-z0-9]Id$|[a-z0-9]ID$/;

export function looksLikeIdName(name: string): boolean {
  return ID_NAME.test(name.trim());
}

/** A column named like an id whose present values are whole numbers, each different (at least 2 of them). */
function isNumericId(col: RawColumn): boolean {
  if (col.storage !== 'f64' || !looksLikeIdName(col.name)) return false;
  const present = col.values.filter((v) => v === v);
  if (present.length < 2) return false;
  for (let i = 0; i < present.length; i++) if (!Number.isInteger(present[i])) return false;
  sortFloat64(present);
  for (let i = 1; i < present.length; i++) if (present[i] === present[i - 1]) return false;
  return true;
}

export interface SchemaChoices {
  target?: string | null;
  types?: Record<string, ColumnType>;
  roles?: Record<string, ColumnRole>;
  /** Missing-value tokens and strategies, date handling, per column. */
  prep?: Record<string, PrepChoice>;
  /** Choices of the data set's previous version, kept for columns the user does not mention now. */
  previous?: { columns: Column[]; target: string | null } | null;
  taskType?: TaskType | null;
  /** The file writes numbers with a decimal comma: a date such as 01/02/2024 is then taken as day first. */
  decimalComma?: boolean;
  /** the file name used in messages */
  source: string;
}

function unknownColumn(what: string, name: string, table: RawTable, source: string): Error {
  const known = table.columns.map((c) => c.name).join(', ');
  return importError(
    'import.unknown_column',
    { file: source, column: name, option: what, known },
    `${what} names column "${name}", which is not in ${source}. Its columns are: ${known}.`,
  );
}

/** Types, roles and the target of every column: inferred, then the user's choices applied and checked. */
export function decideSchema(table: RawTable, choices: SchemaChoices): { columns: Column[]; target: string | null; warnings: DataIssue[] } {
  const names = new Set(table.columns.map((c) => c.name));
  const warnings: DataIssue[] = [];
  const types = choices.types ?? {};
  const roles = choices.roles ?? {};
  for (const n of Object.keys(types)) if (!names.has(n)) throw unknownColumn('The type choice', n, table, choices.source);
  for (const n of Object.keys(roles)) if (!names.has(n)) throw unknownColumn('The role choice', n, table, choices.source);
  const prep = choices.prep ?? {};
  for (const n of Object.keys(prep)) if (!names.has(n)) throw unknownColumn('The missing-value or date choice', n, table, choices.source);

  const roleTargets = Object.entries(roles)
    .filter(([, r]) => r === 'target')
    .map(([n]) => n);
  let target: string | null;
  if (choices.target !== undefined) target = choices.target === null || choices.target === '' ? null : choices.target;
  else if (roleTargets.length) target = roleTargets[0];
  else target = choices.previous?.target && names.has(choices.previous.target) ? choices.previous.target : null;
  if (target !== null && !names.has(target)) {
    const known = table.columns.map((c) => c.name).join(', ');
    throw importError(
      'import.target_missing',
      { file: choices.source, column: target, known },
      `Target column "${target}" is not in ${choices.source}. Its columns are: ${known}.`,
    );
  }
  const extraTargets = roleTargets.filter((n) => n !== target);
  if (extraTargets.length) {
    throw importError(
      'import.two_targets',
      { column: extraTargets[0], target: target ?? '' },
      `Only one column can be the target; "${extraTargets[0]}" was given the target role but the target is "${target}".`,
    );
  }
  const prev = new Map((choices.previous?.columns ?? []).map((c) => [c.name, c]));
  const classification = choices.taskType === 'binary' || choices.taskType === 'multiclass';

  const columns = table.columns.map((col): Column => {
    const missing = rawLength(col) - presentCount(col);
    let type: ColumnType;
    const before = prev.get(col.name);
    const dates = decideDateOrder(col, prep[col.name]?.dateOrder, before, choices.decimalComma ?? false);
    if (types[col.name]) {
      type = types[col.name];
      assertTypeFits(col, type, choices.source, dates.order);
    } else {
      type = inferType(col);
      if (before && before.type !== type && firstMisfit(col, before.type, dates.order) === null) type = before.type;
      else if (col.name === target && classification && type !== 'categorical' && (type === 'boolean' || smallIntegerSet(col))) type = 'categorical';
    }
    // a date order named without a type makes the column a date (every value must then read in that order)
    if (dates.chosen && !types[col.name]) {
      type = 'datetime';
      assertTypeFits(col, type, choices.source, dates.order);
    }
    let role: ColumnRole;
    if (col.name === target) role = 'target';
    else if (roles[col.name]) role = roles[col.name];
    else if (prev.get(col.name) && prev.get(col.name)!.role !== 'target') role = prev.get(col.name)!.role;
    else if (type === 'text') role = 'ignore';
    else if (isRowNumber(col)) {
      role = 'ignore';
      warnings.push(
        warning(
          'import.row_number',
          col.name,
          { column: col.name },
          `Column "${col.name}" numbers the rows (each row one more than the one before), so it was set to ignore: a row number tells a model nothing.`,
        ),
      );
    } else if (type === 'numeric' && isNumericId(col)) {
      role = 'ignore';
      warnings.push(
        warning(
          'import.id_column',
          col.name,
          { column: col.name },
          `Column "${col.name}" is an id (a different whole number in every row), so it was set to ignore: an id tells a model nothing about new rows. Give it the feature role if it really means something.`,
        ),
      );
    } else role = 'feature';
    if (type === 'datetime' && dates.note) warnings.push(dates.note);
    const chosen = type === 'datetime' ? { ...prep[col.name], dateOrder: dates.order } : prep[col.name];
    return { name: col.name, type, role, missing, ...decidePrep(col.name, type, chosen, before, choices.source) };
  });
  return { columns, target, warnings };
}

/** Whole numbers with few distinct values: class labels written as numbers. */
export function smallIntegerSet(col: RawColumn): boolean {
  if (col.storage !== 'f64') return false;
  const seen = new Set<number>();
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    if (v !== v) continue;
    if (!Number.isInteger(v)) return false;
    seen.add(v);
    if (seen.size > 50) return false;
  }
  return true;
}
