import type { Column, DataIssue } from '../../../shared/schemas/dataset.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { RawTable } from './columns.js';
import { warning } from './errors.js';
import { smallIntegerSet } from './infer.js';

/** Column names that say "this is what to predict", most telling first (compared without case or spaces). */
const TARGET_NAMES = ['target', 'label', 'class', 'y', 'outcome', 'type'];

/**
 * The target to suggest for a first import that named none: a column called target, label, class, y,
 * outcome or type, else the last column when it is a feature that fits the project's task (a category or
 * few whole numbers for classification, a number for regression). Null when nothing fits: then the user
 * chooses, and validation says a target is missing.
 */
export function guessTarget(table: RawTable, columns: Column[], taskType?: TaskType | null): { column: string; why: 'name' | 'last' } | null {
  if (columns.length < 2) return null;
  const usable = (c: Column) => c.type !== 'text' && c.type !== 'datetime' && c.role !== 'ignore';
  for (const name of TARGET_NAMES) {
    const hit = columns.find((c) => c.name.trim().toLowerCase().replace(/\s+/g, '') === name && usable(c));
    if (hit) return { column: hit.name, why: 'name' };
  }
  const last = columns[columns.length - 1];
  if (!usable(last) || last.role !== 'feature') return null;
  const raw = table.columns.find((c) => c.name === last.name);
  const classification = taskType === 'binary' || taskType === 'multiclass';
  const fits = !taskType
    ? true
    : classification
      ? last.type === 'categorical' || last.type === 'boolean' || (last.type === 'numeric' && raw !== undefined && smallIntegerSet(raw))
      : last.type === 'numeric';
  return fits ? { column: last.name, why: 'last' } : null;
}

/** The import warning that says which column was suggested as the target, and why. */
export function guessedTargetNote(guess: { column: string; why: 'name' | 'last' }): DataIssue {
  const because = guess.why === 'name' ? 'its name says so' : 'it is the last column';
  return warning(
    guess.why === 'name' ? 'import.target_by_name' : 'import.target_last_column',
    guess.column,
    { column: guess.column },
    `No target was given, so "${guess.column}" was chosen as the target (${because}). Choose another on the Overview tab if the model should predict something else.`,
  );
}
