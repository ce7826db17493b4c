import i18next from 'i18next';
import { shorten } from '../format';
import './confusion.css';

export interface ConfusionMatrixProps {
  /** class labels, in the order of the matrix's rows (true) and columns (predicted) */
  classes: string[];
  counts: number[][];
  /** each row divided by its total (the share of each true class); drives the colour */
  normalized: number[][];
  /** show shares instead of counts in the cells */
  showNormalized: boolean;
  trueLabel: string;
  predictedLabel: string;
  label: string;
  testId?: string;
}

/** Past this many classes the cells are small squares without numbers (the value is in the tooltip). */
const COMPACT_FROM = 16;

/** Correct predictions (the diagonal) in the first series colour, mistakes in the fifth; stronger for larger shares. */
function cellStyle(share: number, diagonal: boolean) {
  const strength = Math.round(Math.min(1, Math.max(0, share)) * 85);
  const base = diagonal ? 'var(--series-1)' : 'var(--series-5)';
  return { background: `color-mix(in srgb, ${base} ${strength}%, transparent)`, color: strength > 55 ? 'var(--surface)' : undefined };
}

/** A confusion matrix as a heat map: rows are true classes, columns predicted classes. */
export function ConfusionMatrix({ classes, counts, normalized, showNormalized, trueLabel, predictedLabel, label, testId }: ConfusionMatrixProps) {
  const lang = i18next.language || 'en';
  const count = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const compact = classes.length >= COMPACT_FROM;
  return (
    <div className="confusion-wrap">
      <table className={`confusion${compact ? ' compact' : ''}`} aria-label={label} data-testid={testId} data-mode={showNormalized ? 'normalized' : 'counts'}>
        <thead>
          <tr>
            <th colSpan={2} rowSpan={2} className="corner" />
            <th colSpan={classes.length} scope="colgroup" className="axis-title">
              {predictedLabel} →
            </th>
          </tr>
          <tr>
            {classes.map((c) => (
              <th key={c} scope="col" title={c} className="col-label">
                <span>{shorten(c, compact ? 10 : 16)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classes.map((r, i) => (
            <tr key={r}>
              {i === 0 && (
                <th rowSpan={classes.length} scope="rowgroup" className="axis-title vertical">
                  <span>{trueLabel} →</span>
                </th>
              )}
              <th scope="row" title={r} className="row-label">
                {shorten(r, 20)}
              </th>
              {classes.map((c, j) => {
                const n = counts[i]?.[j] ?? 0;
                const share = normalized[i]?.[j] ?? 0;
                const text = showNormalized ? pct.format(share) : count.format(n);
                return (
                  <td key={c} style={cellStyle(share, i === j)} title={`${r} → ${c}: ${count.format(n)} (${pct.format(share)})`} className={i === j ? 'diag' : undefined}>
                    {compact ? '' : text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
