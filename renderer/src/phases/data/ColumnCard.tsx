import { useTranslation } from 'react-i18next';
import type { ColumnProfile } from '../../../../shared/schemas/dataset';
import { BarList } from '../../charts/BarList';
import { Histogram } from '../../charts/Histogram';
import { formatCount, formatNumber, formatPercent } from '../../format';

/** How a column's numbers read: dates for datetime columns (epoch ms), plain numbers otherwise. */
export function valueFormatter(type: ColumnProfile['type']): ((v: number) => string) | undefined {
  if (type === 'datetime') return (v) => (Number.isFinite(v) ? new Date(v).toISOString().slice(0, 10) : '—');
  return undefined;
}

/** One column's distribution: a histogram for numbers and dates, the most frequent values otherwise. */
export function ColumnCard({ column, rows, colorIndex }: { column: ColumnProfile; rows: number; colorIndex: number }) {
  const { t } = useTranslation('data');
  const fmt = valueFormatter(column.type) ?? ((v: number) => formatNumber(v));
  const showHistogram = column.numeric && column.type !== 'boolean' && column.numeric.histogram.counts.length > 0;
  const top = column.top.slice(0, 10);
  const rest = column.top.slice(10).reduce((n, v) => n + v.count, 0) + column.otherCount;
  return (
    <div className="card column-card" data-testid={`column-card-${column.name}`} data-chart={showHistogram ? 'histogram' : 'top'}>
      <div className="row" style={{ marginBottom: 4 }}>
        <h3 className="grow col-name" style={{ margin: 0 }} title={column.name}>
          {column.name}
        </h3>
        <span className="badge">{t(`type.${column.type}`)}</span>
        {column.role !== 'feature' && <span className={`badge ${column.role === 'target' ? 'accent' : ''}`}>{t(`role.${column.role}`)}</span>}
      </div>
      <div className="small muted">{t('profile.columnLine', { distinct: formatCount(column.distinct), missing: formatPercent(rows ? column.missing / rows : 0) })}</div>
      {showHistogram ? (
        <>
          <Histogram
            edges={column.numeric!.histogram.edges}
            counts={column.numeric!.histogram.counts}
            formatValue={valueFormatter(column.type)}
            colorIndex={colorIndex}
            label={t('profile.histogramOf', { column: column.name })}
            testId="histogram"
          />
          <div className="small muted mini-stats">
            <span>
              {t('stats.min')} {fmt(column.numeric!.min)}
            </span>
            <span>
              {t('stats.median')} {fmt(column.numeric!.quantiles.p50)}
            </span>
            <span>
              {t('stats.mean')} {fmt(column.numeric!.mean)}
            </span>
            <span>
              {t('stats.max')} {fmt(column.numeric!.max)}
            </span>
          </div>
        </>
      ) : top.length > 0 ? (
        <>
          <BarList
            items={top.map((v) => ({ label: v.value, value: v.count }))}
            colorIndex={colorIndex}
            label={t('profile.topOf', { column: column.name })}
            formatValue={formatCount}
            integer
            testId="top-values"
          />
          {rest > 0 && <div className="small muted">{t('profile.otherValues', { count: rest, shown: formatCount(rest) })}</div>}
        </>
      ) : (
        <p className="muted small">{t('profile.noValues')}</p>
      )}
    </div>
  );
}
