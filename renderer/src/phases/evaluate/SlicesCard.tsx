import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricsForTask } from '../../../../shared/metrics';
import type { Evaluation, SliceReport } from '../../../../shared/schemas/evaluation';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { formatCount, formatSliceLabel } from '../../format';
import { formatMetric, metricLabel } from './metric-format';

const binChoices = [2, 3, 4, 5, 8, 10];

/** Metrics per value (or quantile bin) of a chosen feature; slices that fail a criterion are highlighted. */
export function SlicesCard({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation('evaluate-ui');
  const columns = useQuery('eval.sliceable', { id: e.id }, ['eval', 'dataset']);
  const [feature, setFeature] = useState(e.slices[0]?.feature ?? '');
  const [bins, setBins] = useState<number | null>(null);
  const stored = bins === null ? e.slices.find((s) => s.feature === feature) : undefined;
  const asked = useQuery('eval.slice', feature && !stored ? { id: e.id, feature, bins: bins ?? 4 } : null, ['eval']);
  const report = stored ?? asked.data;
  const features = columns.data ?? [];
  const read = features.filter((c) => c.modelFeature);
  const others = features.filter((c) => !c.modelFeature);
  return (
    <section className="card" aria-labelledby="slices-title" data-testid="slices">
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 id="slices-title" className="grow" style={{ margin: 0 }}>
          {t('slices.title')}
        </h2>
        <label className="row small">
          <span>{t('slices.feature')}</span>
          <select
            value={feature}
            onChange={(ev) => {
              setFeature(ev.target.value);
              setBins(null);
            }}
            disabled={features.length === 0}
            data-testid="slice-feature"
          >
            <option value="">{t('slices.choose')}</option>
            {[
              { label: t('slices.modelFeatures'), list: read },
              { label: t('slices.otherColumns'), list: others },
            ]
              .filter((g) => g.list.length)
              .map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.list.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </label>
        {(report?.kind === 'numeric' || report?.kind === 'datetime') && (
          <label className="row small">
            <span>{t('slices.bins')}</span>
            <select value={bins ?? 4} onChange={(ev) => setBins(Number(ev.target.value))} data-testid="slice-bins">
              {binChoices.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {columns.error && <ErrorBox error={columns.error} />}
      {columns.data && features.length === 0 && <p className="muted">{t('slices.noFeatures')}</p>}
      {features.length > 0 && !feature && <p className="muted">{t('slices.intro')}</p>}
      {asked.error && <ErrorBox error={asked.error} />}
      {feature && !report && !asked.error && <span className="spinner" />}
      {report && <SliceTable report={report} evaluation={e} />}
    </section>
  );
}

function SliceTable({ report, evaluation: e }: { report: SliceReport; evaluation: Evaluation }) {
  const { t } = useTranslation('evaluate-ui');
  const judged = [...new Set(report.slices.flatMap((s) => s.gate.checks.map((c) => c.metric)))];
  const columns = judged.length
    ? judged
    : metricsForTask(e.taskType)
        .slice(0, 1)
        .map((m) => m.name);
  const names = { missing: t('evaluate:slices.missing'), other: t('evaluate:slices.other') };
  return (
    <>
      <p className="small muted" data-testid="slice-summary">
        {report.note === 'single_slice'
          ? t('slices.singleSlice', { feature: report.feature })
          : report.failing.length === 0
            ? t('slices.noneFail', { count: report.slices.length })
            : t('slices.someFail', { failed: report.failing.length, count: report.slices.length })}
      </p>
      <div className="table-scroll">
        <table className="data compact" data-testid="slice-table">
          <thead>
            <tr>
              <th>{report.feature}</th>
              <th className="num">{t('slices.rows')}</th>
              {columns.map((m) => (
                <th key={m} className="num">
                  {metricLabel(m)}
                </th>
              ))}
              <th>{t('slices.status')}</th>
            </tr>
          </thead>
          <tbody>
            {report.slices.map((s) => {
              const failed = s.gate.checks.filter((c) => !c.passed);
              return (
                <tr key={s.label} className={failed.length ? 'failing' : undefined} data-testid="slice-row" data-failing={failed.length > 0}>
                  <td className="mono">{formatSliceLabel(s, names, report.kind)}</td>
                  <td className="num">{formatCount(s.count)}</td>
                  {columns.map((m) => (
                    <td key={m} className={`num${failed.some((c) => c.metric === m) ? ' bad' : ''}`}>
                      {formatMetric(m, s.metrics[m])}
                    </td>
                  ))}
                  <td>
                    {failed.length ? (
                      <span className="badge bad">{t('slices.fails', { metrics: failed.map((c) => metricLabel(c.metric)).join(', ') })}</span>
                    ) : s.gate.checks.length ? (
                      <span className="badge ok">{t('slices.passes')}</span>
                    ) : (
                      <span className="muted small">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
