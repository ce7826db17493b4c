import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { formatCount, formatDay, formatPercent } from '../../format';
import { LineSeriesChart } from '../../charts/LineSeriesChart';
import { ErrorBox } from '../../components/ErrorBox';

/** A day key (YYYY-MM-DD) in the UI language, read as that calendar day wherever the reader is. */
const dayText = (day: string) => formatDay(`${day}T00:00:00`);

/** Drift share per day (each day's rows against the reference) with the data set threshold, and the days alerts fired. */
export function DriftTimeline({ model }: { model: string }) {
  const { t } = useTranslation('monitor-loop');
  const days = useQuery('monitor.driftTimeline', { model, days: 14 }, ['monitor']);
  const list = days.data ?? [];
  const judged = list.map((d, i) => ({ i, d })).filter(({ d }) => d.driftShare !== null);
  const alertDays = list.filter((d) => d.alerts > 0);
  const logged = list.reduce((n, d) => n + d.rows, 0);
  return (
    <div data-testid="drift-timeline">
      <ErrorBox error={days.error} />
      <LineSeriesChart
        testId="timeline-drift"
        height={180}
        legend
        formatY={(v) => formatPercent(v, 0)}
        formatX={(v) => (list[v] ? dayText(list[v].day) : '')}
        emptyText={logged > 0 ? t('timeline.notJudged', { count: logged }) : days.loading && !days.data ? t('common:state.loading') : t('timeline.noDrift')}
        series={[{ id: 'share', label: t('timeline.driftShare'), colorIndex: 2, x: judged.map(({ i }) => i), y: judged.map(({ d }) => d.driftShare!) }]}
        thresholds={list.length ? [{ y: list[0].threshold, label: t('timeline.threshold', { share: formatPercent(list[0].threshold, 0) }), colorIndex: 3 }] : []}
      />
      {alertDays.length > 0 && (
        <p className="small" data-testid="timeline-alerts">
          {t('timeline.alerts')}: {alertDays.map((d) => `${dayText(d.day)} (${formatCount(d.alerts)})`).join(' · ')}
        </p>
      )}
    </div>
  );
}
