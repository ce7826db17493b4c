import { useTranslation } from 'react-i18next';
import type { ColumnProfile } from '../../../../shared/schemas/dataset';
import { formatCount, formatNumber, formatPercent } from '../../format';
import { valueFormatter } from './ColumnCard';

/** Summary statistics of every column in one table: missing, distinct, and for numbers their spread. */
export function StatsTable({ columns, rows }: { columns: ColumnProfile[]; rows: number }) {
  const { t } = useTranslation('data');
  return (
    <div className="table-scroll">
      <table className="data stats-table" data-testid="stats-table">
        <thead>
          <tr>
            <th>{t('schema.column')}</th>
            <th>{t('schema.type')}</th>
            <th className="num">{t('schema.missing')}</th>
            <th className="num">{t('schema.distinct')}</th>
            <th className="num">{t('stats.min')}</th>
            <th className="num">p05</th>
            <th className="num">p25</th>
            <th className="num">{t('stats.median')}</th>
            <th className="num">p75</th>
            <th className="num">p95</th>
            <th className="num">{t('stats.max')}</th>
            <th className="num">{t('stats.mean')}</th>
            <th className="num">{t('stats.std')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const n = c.numeric;
            const fmt = valueFormatter(c.type) ?? ((v: number) => formatNumber(v));
            const cell = (v: number | undefined) => <td className="num">{n && v !== undefined ? fmt(v) : <span className="muted">—</span>}</td>;
            return (
              <tr key={c.name}>
                <td className="col-name" title={c.name}>
                  {c.name}
                </td>
                <td>{t(`type.${c.type}`)}</td>
                <td className="num">
                  {formatCount(c.missing)}
                  {c.missing > 0 && <span className="muted small"> ({formatPercent(rows ? c.missing / rows : 0)})</span>}
                </td>
                <td className="num">{formatCount(c.distinct)}</td>
                {cell(n?.min)}
                {cell(n?.quantiles.p05)}
                {cell(n?.quantiles.p25)}
                {cell(n?.quantiles.p50)}
                {cell(n?.quantiles.p75)}
                {cell(n?.quantiles.p95)}
                {cell(n?.max)}
                {c.type === 'datetime' ? <td className="num muted">—</td> : cell(n?.mean)}
                {c.type === 'datetime' ? <td className="num muted">—</td> : cell(n?.std)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
