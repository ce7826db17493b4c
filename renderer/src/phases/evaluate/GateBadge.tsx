import { useTranslation } from 'react-i18next';

/** The overall gate verdict of an evaluation: passes every criterion, or not. */
export function GateBadge({ passed, failed, large }: { passed: boolean; failed?: number; large?: boolean }) {
  const { t } = useTranslation('evaluate-ui');
  return (
    <span className={`badge ${passed ? 'ok' : 'bad'}${large ? ' large' : ''}`} data-testid="gate-badge" data-passed={passed}>
      {passed ? `✓ ${t('gate.passed')}` : `✕ ${failed !== undefined ? t('gate.failedN', { count: failed }) : t('gate.failed')}`}
    </span>
  );
}
