import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/contract/errors';
import { gateRefusalSchema } from '../../../../shared/schemas/registry';
import { ErrorBox } from '../../components/ErrorBox';
import { criterionText } from './GateBadge';

/** A refused move: a gate refusal explained in the UI language (with the core's own message), else the usual error box. */
export function MoveError({ error }: { error: AppError | undefined }) {
  const { t } = useTranslation('registry-ui');
  if (!error) return null;
  if (error.code !== 'gate_failed') return <ErrorBox error={error} />;
  const refusal = gateRefusalSchema.safeParse(error.details);
  if (!refusal.success) return <ErrorBox error={error} />;
  const { move, status, failed, minReasonLength, reasonLength } = refusal.data;
  const place = move.alias !== undefined ? t('refused.alias', { alias: move.alias }) : t('refused.production');
  return (
    <div className="alert error" role="alert" data-testid="gate-refused" data-move={move.rollback ? 'rollback' : 'promote'}>
      <strong>{t(move.rollback ? 'refused.titleRollback' : 'refused.title')}</strong>
      <div>{t('refused.move', { model: move.model, version: move.version, place })}</div>
      <div>{t(status === 'missing' ? 'refused.missing' : 'refused.failed', { min: minReasonLength })}</div>
      {reasonLength > 0 && <div>{t('refused.tooShort', { length: reasonLength, min: minReasonLength })}</div>}
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
