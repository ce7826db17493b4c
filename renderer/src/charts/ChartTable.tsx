import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../format';

/** Past this many rows the table shows the first ones and says how many there are. */
const MAX_ROWS = 400;

/**
 * The text alternative of a chart: the same numbers as a table, behind a disclosure that a keyboard and a
 * screen reader reach like any button. Rows are built only when the table is opened.
 */
export function ChartTable({ label, columns, rows, testId }: { label: string; columns: string[]; rows: () => string[][]; testId?: string }) {
  const { t } = useTranslation('chart-table');
  const [open, setOpen] = useState(false);
  const all = open ? rows() : [];
  const shown = all.slice(0, MAX_ROWS);
  return (
    <details className="chart-table" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} data-testid={testId ? `${testId}-table` : undefined}>
      <summary className="small">{t('show')}</summary>
      {open && (
        <div className="chart-table-wrap">
          <table className="data compact">
            <caption className="sr-only">{t('caption', { chart: label })}</caption>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={i} scope="col" className={i > 0 ? 'num' : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={i}>
                  {r.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j} className="num">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {all.length > shown.length && <p className="small muted">{t('firstRows', { shown: formatCount(shown.length), total: formatCount(all.length) })}</p>}
        </div>
      )}
    </details>
  );
}

/** Rows of overlaid line series: one per x value, one column per series ('—' where a series has no point). */
export function seriesRows(series: { x: number[]; y: number[] }[], formatX: (v: number) => string, formatY: (v: number) => string): string[][] {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const maps = series.map((s) => new Map(s.x.map((x, i) => [x, s.y[i]])));
  return xs.map((x) => [formatX(x), ...maps.map((m) => (m.has(x) && Number.isFinite(m.get(x)) ? formatY(m.get(x)!) : '—'))]);
}
