import { useTranslation } from 'react-i18next';
import type { GateResult } from '../../../../shared/schemas/evaluation';
import { criterionText, formatMetric, formatSigned } from './metric-format';
import { useSaid } from './said';

/** The charter's acceptance criteria, one line each: pass or fail, the measured value and the margin. */
export function GateChecklist({ gate }: { gate: GateResult }) {
  const { t } = useTranslation('evaluate-ui');
  const said = useSaid();
  const total = gate.checks.length;
  return (
    <section className="card gate-card" data-testid="gate-list" aria-labelledby="gate-title">
      <h2 id="gate-title">{t('gate.title')}</h2>
      <p className={`gate-verdict ${gate.passed ? 'ok' : 'bad'}`} data-testid="gate-verdict">
        {total === 0 ? t('gate.none') : gate.passed ? t('gate.allPass', { count: total }) : t('gate.someFail', { failed: gate.failed, count: total })}
      </p>
      {total > 0 && (
        <table className="data gate-table">
          <thead>
            <tr>
              <th>{t('gate.criterion')}</th>
              <th className="num">{t('gate.measured')}</th>
              <th className="num">{t('gate.margin')}</th>
              <th>{t('gate.result')}</th>
            </tr>
          </thead>
          <tbody>
            {gate.checks.map((c, i) => (
              <tr key={`${c.metric}-${i}`} className={c.passed ? 'pass' : 'fail'} data-testid="gate-check" data-metric={c.metric} data-passed={c.passed}>
                <td>
                  <span className={`gate-icon ${c.passed ? 'ok' : 'bad'}`} aria-hidden="true">
                    {c.passed ? '✓' : '✕'}
                  </span>
                  {/* one line: "Exactitud ≥ 0,9", never "Exactitud ≥" over "0,9" */}
                  <span className="nowrap" data-testid="gate-criterion">
                    {criterionText(c.metric, c.comparator, c.threshold)}
                  </span>
                  {c.reason && <div className="small muted">{t('gate.notMeasured', { reason: said({ key: c.reasonKey, params: c.reasonParams, message: c.reason }) })}</div>}
                </td>
                <td className="num">
                  {formatMetric(c.metric, c.measured)}
                  {c.interval && (
                    <div className="small muted">{t('quality:ci.range', { lower: formatMetric(c.metric, c.interval.lower), upper: formatMetric(c.metric, c.interval.upper) })}</div>
                  )}
                  {c.uncertain && (
                    <div className="small warn-text" data-testid="gate-uncertain">
                      {t('quality:ci.uncertain')}
                    </div>
                  )}
                </td>
                <td className={`num margin ${c.margin === null ? '' : c.margin >= 0 ? 'ok' : 'bad'}`}>{formatSigned(c.metric, c.margin)}</td>
                <td>
                  <span className={`badge ${c.passed ? 'ok' : 'bad'}`}>{c.passed ? t('gate.pass') : t('gate.fail')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
