import { useTranslation } from 'react-i18next';
import type { RunStatus } from '../../../../shared/schemas/training';
import { statusTone } from './run-format';

export function StatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation('train');
  return (
    <span className={`badge ${statusTone[status]}`} data-testid="run-status" data-status={status}>
      {status === 'running' && <span className="spinner tiny" aria-hidden="true" />} {t(`status.${status}`)}
    </span>
  );
}
