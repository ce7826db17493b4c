import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent, shorten } from '../format';
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
/** Row labels longer than this are shortened (full name on hover and in the legend). */
const ROW_LABEL = 22;

/** Correct predictions (the diagonal) in the first series colour, mistakes in the fifth; stronger for larger shares. */
function cellStyle(share: number, diagonal: boolean) {
  const strength = Math.round(Math.min(1, Math.max(0, share)) * 85);
  const base = diagonal ? 'var(--series-1)' : 'var(--series-5)';
  return { background: `color-mix(in srgb, ${base} ${strength}%, transparent)`, color: strength > 55 ? 'var(--surface)' : undefined };
}

/** Cell size by class count: the matrix fits a card up to about 8 classes and scrolls, with a hint, past it. */
function sizeClass(n: number): string {
  if (n >= COMPACT_FROM) return ' compact';
  if (n > 6) return ' dense';
  return '';
}

/**
 * A confusion matrix as a heat map: rows are true classes, columns predicted classes. Columns are numbered
 * (the numbers never collide, whatever the class names) and the rows carry the names; a legend lists every
 * number with its full class name, and every label and cell has the full names on hover. When the matrix is
 * wider than its card it scrolls inside it and says so.
 */
export function ConfusionMatrix({ classes, counts, normalized, showNormalized, trueLabel, predictedLabel, label, testId }: ConfusionMatrixProps) {
  const { t } = useTranslation('evaluate-ui');
  const compact = classes.length >= COMPACT_FROM;
  const wrap = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    check();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(check);
    observer?.observe(el);
    return () => observer?.disconnect();
  }, [classes.length]);
  const pct = (v: number) => formatPercent(v, 1);
  return (
    <div className="confusion-block">
      {overflows && (
        <p className="small muted confusion-scroll-hint" data-testid="confusion-scroll-hint">
          {t('confusion.scrollHint')}
        </p>
      )}
      <div
        className={`confusion-wrap${overflows ? ' overflowing' : ''}`}
        ref={wrap}
        tabIndex={overflows ? 0 : undefined}
        role={overflows ? 'region' : undefined}
        aria-label={overflows ? label : undefined}
      >
        <table className={`confusion${sizeClass(classes.length)}`} aria-label={label} data-testid={testId} data-mode={showNormalized ? 'normalized' : 'counts'}>
          <thead>
            <tr>
              <th colSpan={2} rowSpan={2} className="corner" />
              <th colSpan={classes.length} scope="colgroup" className="axis-title">
                {predictedLabel} →
              </th>
            </tr>
            <tr>
              {classes.map((c, j) => (
                <th key={c} scope="col" title={c} className="col-label" aria-label={c}>
                  <span>{j + 1}</span>
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
                  <span className="muted">{i + 1}</span> {shorten(r, ROW_LABEL)}
                </th>
                {classes.map((c, j) => {
                  const n = counts[i]?.[j] ?? 0;
                  const share = normalized[i]?.[j] ?? 0;
                  const text = showNormalized ? pct(share) : formatCount(n);
                  return (
                    <td key={c} style={cellStyle(share, i === j)} title={`${r} → ${c}: ${formatCount(n)} (${pct(share)})`} className={i === j ? 'diag' : undefined}>
                      {compact ? '' : text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ol className="confusion-legend small" data-testid="confusion-legend" aria-label={t('confusion.legend')}>
        {classes.map((c, i) => (
          <li key={c} title={c}>
            <span className="strong">{i + 1}</span> {c}
          </li>
        ))}
      </ol>
    </div>
  );
}
