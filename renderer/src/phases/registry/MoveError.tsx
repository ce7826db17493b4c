import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/contract/errors';
import { MIN_OVERRIDE_REASON, type VersionGate } from '../../../../shared/schemas/registry';
import { ErrorBox } from '../../components/ErrorBox';
import { criterionText } from './GateBadge';

/** A refused move: a gate refusal explained in the UI language (with the core's own message), else the usual error box. */
export function MoveError({ error }: { error: AppError | undefined }) {
  const { t } = useTranslation('registry-ui');
  if (!error) return null;
  if (error.code !== 'gate_failed') return <ErrorBox error={error} />;
  const failed = (error.details?.failed as VersionGate['failed'] | undefined) ?? [];
  const status = error.details?.status as string | undefined;
  return (
    <div className="alert error" role="alert" data-testid="gate-refused">
      <strong>{t('refused.title')}</strong>
      <div>{t(status === 'missing' ? 'refused.missing' : 'refused.failed', { min: Number(error.details?.minReasonLength ?? MIN_OVERRIDE_REASON) })}</div>
      {failed.length > 0 && (
        <ul>
          {failed.map((c) => (
            <li key={c.metric}>{criterionText(t, c)}</li>
          ))}
        </ul>
      )}
      <div className="small core-message">{error.message}</div>
    </div>
  );
}
