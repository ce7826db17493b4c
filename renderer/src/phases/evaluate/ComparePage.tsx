import { useTranslation } from 'react-i18next';
import type { EvaluationComparison, EvaluationSummary, MetricInterval } from '../../../../shared/schemas/evaluation';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import { GateBadge } from './GateBadge';
import { formatCount, formatDate } from '../../format';
import { formatMetric, formatSigned, isOperational, metricLabel } from './metric-format';

/** Two evaluations side by side, metric by metric, with which is better on each (decided by the core). */
export function ComparePage({ projectId, a, b }: { projectId: string; a?: string; b?: string }) {
  const { t } = useTranslation('evaluate-ui');
  const list = useQuery('eval.list', { project: projectId, limit: 200 }, ['eval']);
  const comparison = useQuery('eval.compare', a && b && a !== b ? { a, b } : null, ['eval']);
  const pick = (side: 'a' | 'b', id: string) => navigate('evaluate', ['compare'], { project: projectId, a: side === 'a' ? id : a, b: side === 'b' ? id : b });
  return (
    <div className="stack" data-testid="eval-compare-page">
      <a className="small" href={hrefFor('evaluate', [], { project: projectId })}>
        ← {t('page.back')}
      </a>
      <div className="page-head">
        <div className="grow">
          <h1>{t('compare.title')}</h1>
          <p className="subtitle">{t('compare.subtitle')}</p>
        </div>
      </div>
      {list.error && <ErrorBox error={list.error} />}
      {list.data && (
        <div className="card row compare-pickers">
          <Picker label="A" value={a} options={list.data} onChange={(id) => pick('a', id)} />
          <Picker label="B" value={b} options={list.data} onChange={(id) => pick('b', id)} />
        </div>
      )}
      {a && b && a === b && <div className="alert warn">{t('compare.same')}</div>}
      {comparison.error && <ErrorBox error={comparison.error} />}
      {(!a || !b) && <p className="muted">{t('compare.pick')}</p>}
      {a && b && a !== b && !comparison.data && !comparison.error && <span className="spinner" />}
      {comparison.data && <ComparisonView c={comparison.data} projectId={projectId} />}
    </div>
  );
}

function Picker({ label, value, options, onChange }: { label: string; value?: string; options: EvaluationSummary[]; onChange: (id: string) => void }) {
  const { t } = useTranslation('evaluate-ui');
  return (
    <label className="field grow">
      <span>{t('compare.side', { side: label })}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`compare-${label.toLowerCase()}`}>
        <option value="" disabled>
          {t('compare.choose')}
        </option>
        {options.map((e) => (
          <option key={e.id} value={e.id}>
            {`${e.runName} · ${e.datasetRef} (${t(`subset.${e.subset}`)}) · ${formatDate(e.createdAt)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function Side({ side, e, passed, failed, projectId }: { side: string; e: EvaluationSummary; passed: boolean; failed: number; projectId: string }) {
  const { t } = useTranslation('evaluate-ui');
  return (
    <div className="card compare-side">
      <div className="row">
        <span className="badge accent">{side}</span>
        <a className="grow" href={hrefFor('evaluate', ['e', e.id], { project: projectId })}>
          <strong>{e.runName}</strong>
        </a>
        <GateBadge passed={passed} status={e.gateStatus} failed={failed} />
      </div>
      <div className="small muted" style={{ marginTop: 6 }}>
        <span className="mono">{e.datasetRef}</span> · {t(`subset.${e.subset}`)} · {t('page.rows', { count: e.rows, rows: formatCount(e.rows) })} · {formatDate(e.createdAt)}
      </div>
    </div>
  );
}

function ComparisonView({ c, projectId }: { c: EvaluationComparison; projectId: string }) {
  const { t } = useTranslation('evaluate-ui');
  const quality = c.rows.filter((r) => !isOperational(r.metric));
  const operational = c.rows.filter((r) => isOperational(r.metric));
  return (
    <>
      <div className="grid-2">
        <Side side="A" e={c.a} passed={c.gates.a.passed} failed={c.gates.a.failed} projectId={projectId} />
        <Side side="B" e={c.b} passed={c.gates.b.passed} failed={c.gates.b.failed} projectId={projectId} />
      </div>
      {!c.sameData && <div className="alert warn">{t('evaluate:page.differentData')}</div>}
      <div className="card" data-testid="compare-table">
        <p className="compare-wins" data-testid="compare-wins">
          {t('compare.wins', { a: c.wins.a, b: c.wins.b, equal: c.wins.equal })}
        </p>
        <table className="data">
          <thead>
            <tr>
              <th>{t('compare.metric')}</th>
              <th className="num">A</th>
              <th className="num">B</th>
              <th className="num">{t('compare.delta')}</th>
              <th>{t('compare.better')}</th>
            </tr>
          </thead>
          <tbody>
            {[...quality, ...operational].map((r, i) => (
              <tr
                key={r.metric}
                className={i === quality.length && i > 0 ? 'group-start' : undefined}
                data-testid="compare-row"
                data-metric={r.metric}
                data-better={r.better ?? ''}
              >
                <td>{metricLabel(r.metric)}</td>
                <td className={`num${r.better === 'a' ? ' winner' : ''}`}>
                  {formatMetric(r.metric, r.a)}
                  <IntervalNote metric={r.metric} interval={r.aInterval} />
                </td>
                <td className={`num${r.better === 'b' ? ' winner' : ''}`}>
                  {formatMetric(r.metric, r.b)}
                  <IntervalNote metric={r.metric} interval={r.bInterval} />
                </td>
                <td className="num muted">{formatSigned(r.metric, r.delta)}</td>
                <td>
                  {r.better === 'a' || r.better === 'b' ? (
                    <span className="badge ok">{r.better.toUpperCase()}</span>
                  ) : r.better === 'equal' ? (
                    <span className="badge">{t('compare.equal')}</span>
                  ) : (
                    <span className="muted small">—</span>
                  )}
                  {r.overlap && (
                    <div className="small muted" data-testid="compare-overlap">
                      {t('quality:ci.overlap')}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A side's 95 % bootstrap interval under its value, when the evaluation has one. */
function IntervalNote({ metric, interval }: { metric: string; interval?: MetricInterval | null }) {
  const { t } = useTranslation('quality');
  if (!interval) return null;
  return (
    <div className="small muted" title={t('ci.hint')} data-testid="compare-interval">
      {t('ci.range', { lower: formatMetric(metric, interval.lower), upper: formatMetric(metric, interval.upper) })}
    </div>
  );
}
