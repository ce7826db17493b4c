import type { Column, DataIssue } from '../../../../shared/schemas/dataset';
import { columnPrep } from '../../../../shared/schemas/prep';

/** Findings whose advice is "set its role to ignore": a constant column, a feature that leaks the target. */
const IGNORE_FIX = new Set(['validate.constant_column', 'validate.leak_identical', 'validate.leak_perfect', 'validate.leak_correlation']);

/** The label key (data namespace) of a finding's one-click fix. */
export function fixLabel(key: string): string {
  return key === 'validate.zero_placeholder' ? 'prep.fixZero' : IGNORE_FIX.has(key) ? 'prep.fixIgnore' : 'prep.fixStray';
}

/**
 * The one-click fix a validation finding offers, as a dataset.updateSchema change: stray strings (or inf/NaN
 * tokens) in a numeric column become missing-value tokens and the column numeric; a 0 standing for
 * "missing" becomes a token of its column; a constant or leaking feature is ignored. Null when the finding has no fix.
 */
export function fixFor(columns: Column[]) {
  return (i: DataIssue) => {
    const col = columns.find((c) => c.name === i.column);
    if (!col) return null;
    const tokens = columnPrep(col).missingTokens;
    if (IGNORE_FIX.has(i.key)) return col.role === 'feature' ? { roles: { [col.name]: 'ignore' as const } } : null;
    if (i.key === 'validate.zero_placeholder') return { prep: { [col.name]: { missingTokens: [...tokens, '0'] } } };
    if ((i.key === 'validate.stray_values' || i.key === 'validate.nonfinite_tokens') && Array.isArray(i.params.values)) {
      return {
        types: { [col.name]: 'numeric' as const },
        roles: col.role === 'ignore' ? { [col.name]: 'feature' as const } : {},
        prep: { [col.name]: { missingTokens: [...tokens, ...(i.params.values as string[])] } },
      };
    }
    return null;
  };
}
