import type { Column, DataIssue } from '../../../../shared/schemas/dataset';
import { columnPrep } from '../../../../shared/schemas/prep';

/**
 * The one-click fix a validation finding offers, as a dataset.updateSchema change: stray strings (or inf/NaN
 * tokens) in a numeric column become missing-value tokens and the column numeric; a 0 standing for
 * "missing" becomes a token of its column. Null when the finding has no fix.
 */
export function fixFor(columns: Column[]) {
  return (i: DataIssue) => {
    const col = columns.find((c) => c.name === i.column);
    if (!col) return null;
    const tokens = columnPrep(col).missingTokens;
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
