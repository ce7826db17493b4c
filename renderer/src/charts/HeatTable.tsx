import { formatNumber, shorten } from './format';

export interface HeatTableProps {
  /** row and column labels (a square matrix when `columns` is omitted) */
  rows: string[];
  columns?: string[];
  /** values in [-1, 1]; null where undefined */
  matrix: (number | null)[][];
  label: string;
  testId?: string;
}

/** Background for a value in [-1, 1]: positive in the accent colour, negative in the "bad" colour. */
function cellStyle(v: number | null) {
  if (v === null) return { background: 'transparent' };
  const strength = Math.round(Math.min(1, Math.abs(v)) * 85);
  const base = v >= 0 ? 'var(--series-1)' : 'var(--series-5)';
  return { background: `color-mix(in srgb, ${base} ${strength}%, transparent)`, color: strength > 60 ? 'var(--surface)' : undefined };
}

/** A correlation matrix as a table whose cells are tinted by value: exact numbers and a heat map at once. */
export function HeatTable({ rows, columns = rows, matrix, label, testId }: HeatTableProps) {
  return (
    <div className="heat-wrap">
      <table className="heat" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th />
            {columns.map((c) => (
              <th key={c} scope="col" title={c}>
                <span>{shorten(c, 14)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r}>
              <th scope="row" title={r}>
                {shorten(r, 20)}
              </th>
              {columns.map((c, j) => {
                const v = matrix[i]?.[j] ?? null;
                return (
                  <td key={c} style={cellStyle(v)} title={`${r} × ${c}: ${formatNumber(v, 3)}`}>
                    {v === null ? '—' : formatNumber(v, 2)}
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
