import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ColumnDrift } from '../../../../shared/schemas/monitoring';
import { formatNumber, formatPercent, shorten } from '../../format';
import { ChartTable } from '../../charts/ChartTable';
import { chartColors } from '../../theme';

/** Reference vs current shares of one column: overlaid histogram bins or category bars. */
export function SharesChart({ column }: { column: ColumnDrift }) {
  const { t } = useTranslation('monitor');
  const colors = chartColors();
  const data = column.shares.labels.slice(0, 30).map((label, i) => {
    const [lo] = label.split('..');
    return {
      label: column.type === 'numeric' && label.includes('..') ? formatNumber(Number(lo)) : shorten(label),
      reference: column.shares.reference[i],
      current: column.shares.current[i],
    };
  });
  return (
    <div data-testid={`shares-${column.name}`} aria-label={column.name}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} barGap={0}>
          <CartesianGrid strokeDasharray="3 3" stroke={colors.grid} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} />
          <YAxis tickFormatter={(v: number) => formatPercent(v, 0)} tick={{ fontSize: 10 }} />
          <Tooltip formatter={(v) => formatPercent(Number(v))} />
          <Legend />
          <Bar dataKey="reference" name={t('drift.chartReference')} fill={colors.series[2 % colors.series.length]} isAnimationActive={false} />
          <Bar dataKey="current" name={t('drift.chartCurrent')} fill={colors.series[0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <ChartTable
        label={column.name}
        columns={['', t('drift.chartReference'), t('drift.chartCurrent')]}
        rows={() => column.shares.labels.map((l, i) => [l, formatPercent(column.shares.reference[i]), formatPercent(column.shares.current[i])])}
        testId={`shares-${column.name}`}
      />
    </div>
  );
}
