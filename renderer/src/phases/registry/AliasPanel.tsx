import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAMPION, MIN_OVERRIDE_REASON, type ModelDetail } from '../../../../shared/schemas/registry';
import { useCommand } from '../../api/client';
import { GateBadge } from './GateBadge';
import { MoveError } from './MoveError';

/**
 * Every alias (and the production stage): who holds it, who held it before, and a rollback that moves it
 * back in one action (with its reason, recorded as a rollback).
 */
export function AliasPanel({ model }: { model: ModelDetail }) {
  const { t } = useTranslation('registry-ui');
  const [open, setOpen] = useState<string | undefined>();
  const holderOf = (slot: string) => (slot === 'production' ? model.productionVersion : (model.aliases[slot] ?? null));
  // Aliases and production that someone holds or held: the ones a rollback can act on.
  const slots = Object.keys(model.rollbackTargets)
    .filter((s) => holderOf(s) !== null || model.rollbackTargets[s] !== null)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (!slots.length) {
    return (
      <div className="card">
        <h2>{t('aliases.title')}</h2>
        <p className="muted">{t('aliases.none')}</p>
      </div>
    );
  }
  return (
    <div className="card flush" data-testid="alias-panel">
      <h2 className="pad">{t('aliases.title')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t('aliases.slot')}</th>
            <th>{t('aliases.holder')}</th>
            <th>{t('aliases.previous')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => {
            const holder = holderOf(slot);
            const target = model.rollbackTargets[slot];
            return [
              <tr key={slot} data-testid={`slot-${slot}`}>
                <td>
                  {slot === 'production' ? (
                    <span className="badge ok">{t('stage.production')}</span>
                  ) : (
                    <span className={`badge alias ${slot === CHAMPION ? 'champion' : ''}`}>{slot === CHAMPION ? `★ ${slot}` : slot}</span>
                  )}
                </td>
                <td>{holder !== null ? <b>v{holder}</b> : <span className="muted">{t('aliases.nobody')}</span>}</td>
                <td>{target !== null ? `v${target}` : <span className="muted">—</span>}</td>
                <td className="actions">
                  <button
                    type="button"
                    disabled={target === null || model.archived}
                    onClick={() => setOpen(open === slot ? undefined : slot)}
                    title={target === null ? t('aliases.noRollback') : undefined}
                    data-testid={`rollback-open-${slot}`}
                  >
                    ↶ {target !== null ? t('aliases.rollbackTo', { version: target }) : t('aliases.rollback')}
                  </button>
                </td>
              </tr>,
              open === slot && target !== null && (
                <tr key={`${slot}-form`} className="inline-form">
                  <td colSpan={4}>
                    <RollbackForm model={model} slot={slot} target={target} onDone={() => setOpen(undefined)} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

const rank = (slot: string) => (slot === CHAMPION ? 0 : slot === 'production' ? 1 : 2);

function RollbackForm({ model, slot, target, onDone }: { model: ModelDetail; slot: string; target: number; onDone: () => void }) {
  const { t } = useTranslation('registry-ui');
  const rollback = useCommand('model.rollback');
  const [reason, setReason] = useState('');
  const targetVersion = model.versions.find((v) => v.version === target);
  const guarded = slot === CHAMPION || slot === 'production';
  const required = guarded && targetVersion !== undefined && targetVersion.gate.status !== 'passed';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await rollback.run({ model: model.name, ...(slot === 'production' ? { stage: 'production' as const } : { alias: slot }), reason: reason.trim() || undefined });
    if (r) onDone();
  };
  return (
    <form className="stack rollback-form" onSubmit={(e) => void submit(e)} data-testid="rollback-form">
      <div className="row small">
        <span>{t('rollback.explain', { slot: slot === 'production' ? t('stage.production') : slot, target })}</span>
        {targetVersion && <GateBadge gate={targetVersion.gate} />}
      </div>
      {required && <div className="alert warn small">{t('rollback.needsReason', { min: MIN_OVERRIDE_REASON })}</div>}
      <label className="field">
        <span>
          {t('rollback.reason')} <span className="muted small">{required ? t('promote.reasonRequired', { min: MIN_OVERRIDE_REASON }) : t('promote.reasonOptional')}</span>
        </span>
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} placeholder={t('rollback.placeholder')} data-testid="rollback-reason" />
      </label>
      <MoveError error={rollback.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={rollback.pending} data-testid="rollback-submit">
          ↶ {t('rollback.submit', { target })}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
