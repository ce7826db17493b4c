import { useTranslation } from 'react-i18next';
import { MIN_OVERRIDE_REASON, type ModelVersion } from '../../../../shared/schemas/registry';
import { criterionText } from './GateBadge';
import { formatDate } from '../../format';

/** The gate rule for the move being prepared: what is checked, what the version's latest evaluation says, and why a reason is needed. */
export function GateRule({ version, guarded, move }: { version: ModelVersion; guarded: boolean; move: string }) {
  const { t } = useTranslation('registry-ui');
  const g = version.gate;
  if (!guarded) {
    return (
      <p className="muted small" data-testid="gate-rule" data-rule="none">
        {t('rule.unguarded', { move })}
      </p>
    );
  }
  if (g.status === 'passed') {
    return (
      <div className="alert info small" data-testid="gate-rule" data-rule="passed">
        {t('rule.passed', { move, dataset: g.datasetRef ?? '—', date: formatDate(g.evaluatedAt) })}
      </div>
    );
  }
  return (
    <div className="alert warn gate-rule" data-testid="gate-rule" data-rule={g.status}>
      <strong>{g.status === 'failed' ? t('rule.failedTitle', { move }) : t('rule.missingTitle', { move })}</strong>
      {g.status === 'failed' && (
        <ul>
          {g.failed.map((c) => (
            <li key={c.metric}>{criterionText(t, c)}</li>
          ))}
        </ul>
      )}
      <p>{t('rule.why', { min: MIN_OVERRIDE_REASON })}</p>
    </div>
  );
}
