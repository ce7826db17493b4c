import { formatFixed, shortenAll } from '../format';

export interface HeatTableProps {
  /** row and column labels (a square matrix when `columns` is omitted) */
  rows: string[];
  columns?: string[];
  /** values in [-1, 1]; null where undefined */
  matrix: (number | null)[][];
  label: string;
  testId?: string;
}

/** Past this many columns the cells are small squares without numbers (the value is in the tooltip). */
const COMPACT_FROM = 16;

/** Background for a value in [-1, 1]: positive in the first series colour, negative in the fifth. */
function cellStyle(v: number | null, compact: boolean) {
  if (v === null) return undefined;
  const strength = Math.round(Math.min(1, Math.abs(v)) * 85);
  const base = v >= 0 ? 'var(--series-1)' : 'var(--series-5)';
  return { background: `color-mix(in srgb, ${base} ${strength}%, transparent)`, color: !compact && strength > 60 ? 'var(--surface)' : undefined };
}

/** A correlation matrix as a table whose cells are tinted by value: exact numbers and a heat map at once. */
export function HeatTable({ rows, columns = rows, matrix, label, testId }: HeatTableProps) {
  const compact = columns.length >= COMPACT_FROM;
  const show = (v: number | null) => (v === null ? '—' : formatFixed(v, 2));
  const colShort = shortenAll(columns, compact ? 10 : 14);
  const rowShort = shortenAll(rows, 20);
  return (
    <div className="heat-wrap">
      <table className={`heat${compact ? ' compact' : ''}`} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th />
            {columns.map((c, j) => (
              <th key={c} scope="col" title={c}>
                <span>{colShort[j]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r}>
              <th scope="row" title={r}>
                {rowShort[i]}
              </th>
              {columns.map((c, j) => {
                const v = matrix[i]?.[j] ?? null;
                return (
                  <td key={c} style={cellStyle(v, compact)} title={`${r} × ${c}: ${show(v)}`}>
                    {compact ? '' : show(v)}
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
