import { useTranslation } from 'react-i18next';
import type { GateStatus } from '../../../../shared/schemas/evaluation';

/** The overall gate verdict of an evaluation: passes every criterion, fails one, or checked nothing (no criteria). */
export function GateBadge({ passed, status, failed, large }: { passed: boolean; status?: GateStatus; failed?: number; large?: boolean }) {
  const { t } = useTranslation(['evaluate-ui', 'quality']);
  if (status === 'no_criteria') {
    return (
      <span className={`badge warn${large ? ' large' : ''}`} data-testid="gate-badge" data-passed={false} data-gate="no_criteria" title={t('quality:gate.noCriteriaHint')}>
        ○ {t('quality:gate.noCriteria')}
      </span>
    );
  }
  return (
    <span className={`badge ${passed ? 'ok' : 'bad'}${large ? ' large' : ''}`} data-testid="gate-badge" data-passed={passed} data-gate={passed ? 'passed' : 'failed'}>
      {passed ? `✓ ${t('gate.passed')}` : `✕ ${failed !== undefined ? t('gate.failedN', { count: failed }) : t('gate.failed')}`}
    </span>
  );
}
