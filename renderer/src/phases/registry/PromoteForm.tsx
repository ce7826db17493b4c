import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAMPION, MIN_OVERRIDE_REASON, modelStages, needsGate, type ModelDetail, type ModelStage, type ModelVersion } from '../../../../shared/schemas/registry';
import { useCommand } from '../../api/client';
import { useDialogFocus } from '../../components/useDialogFocus';
import { GateRule } from './GateRule';
import { MoveError } from './MoveError';

const OTHER = '__other';

/** Gives one version an alias or moves it to a stage; the gate rule and the reason it may need are shown first. */
export function PromoteForm({ model, version, knownAliases, onDone }: { model: ModelDetail; version: ModelVersion; knownAliases: string[]; onDone: () => void }) {
  const { t } = useTranslation('registry-ui');
  const promote = useCommand('model.promote');
  const [kind, setKind] = useState<'alias' | 'stage'>('alias');
  const aliasChoices = [...new Set([CHAMPION, 'challenger', ...knownAliases])].filter((a) => !version.aliases.includes(a));
  const [aliasPick, setAliasPick] = useState(aliasChoices[0] ?? OTHER);
  const [customAlias, setCustomAlias] = useState('');
  const stageChoices = modelStages.filter((s) => s !== version.stage);
  const [stage, setStage] = useState<ModelStage>(stageChoices.includes('production') ? 'production' : stageChoices[0]);
  const [reason, setReason] = useState('');
  const alias = aliasPick === OTHER ? customAlias.trim() : aliasPick;
  const guarded = needsGate(kind === 'alias' ? { alias } : { stage });
  const required = guarded && version.gate.status !== 'passed';
  const holder = kind === 'alias' ? model.aliases[alias] : stage === 'production' ? model.productionVersion : null;

  // opened from a version's button: focus moves in, Escape closes, and focus goes back to that button
  const focus = useDialogFocus<HTMLFormElement>(true, onDone, { trap: false });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await promote.run({ model: model.name, version: version.version, ...(kind === 'alias' ? { alias } : { stage }), reason: reason.trim() || undefined });
    if (r) onDone();
  };

  return (
    <form
      ref={focus.ref}
      onKeyDown={focus.onKeyDown}
      className="card stack promote"
      onSubmit={(e) => void submit(e)}
      data-testid="promote-form"
      aria-label={t('promote.title', { version: version.version })}
    >
      <div className="row">
        <h2 className="grow">{t('promote.title', { version: version.version })}</h2>
        <button type="button" className="ghost" onClick={onDone}>
          {t('common:actions.cancel')}
        </button>
      </div>
      <div className="row wrap-gap">
        <div className="segmented" role="radiogroup" aria-label={t('promote.kind')}>
          {(['alias', 'stage'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              data-autofocus={kind === k ? '' : undefined}
              className={kind === k ? 'on' : ''}
              onClick={() => setKind(k)}
              data-testid={`promote-kind-${k}`}
            >
              {t(`promote.kinds.${k}`)}
            </button>
          ))}
        </div>
        {kind === 'alias' ? (
          <>
            <label className="row small">
              <span className="muted">{t('promote.alias')}</span>
              <select value={aliasPick} onChange={(e) => setAliasPick(e.target.value)} data-testid="promote-alias">
                {aliasChoices.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
                <option value={OTHER}>{t('promote.otherAlias')}</option>
              </select>
            </label>
            {aliasPick === OTHER && (
              <input
                value={customAlias}
                onChange={(e) => setCustomAlias(e.target.value)}
                placeholder={t('promote.customPlaceholder')}
                aria-label={t('promote.customAlias')}
                data-testid="promote-custom-alias"
              />
            )}
          </>
        ) : (
          <label className="row small">
            <span className="muted">{t('promote.stage')}</span>
            <select value={stage} onChange={(e) => setStage(e.target.value as ModelStage)} data-testid="promote-stage">
              {stageChoices.map((s) => (
                <option key={s} value={s}>
                  {t(`stage.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {holder !== null && holder !== undefined && holder !== version.version && (
        <p className="muted small" data-testid="promote-holder">
          {kind === 'alias' ? t('promote.aliasHeld', { alias, holder, version: version.version }) : t('promote.productionHeld', { holder, version: version.version })}
        </p>
      )}
      <GateRule
        version={version}
        guarded={guarded}
        move={kind === 'alias' ? t('promote.moveAlias', { alias: alias || '…' }) : t('promote.moveStage', { stage: t(`stage.${stage}`) })}
      />
      <label className="field">
        <span>
          {t('promote.reason')}{' '}
          <span className={required ? 'req' : 'muted small'}>{required ? t('promote.reasonRequired', { min: MIN_OVERRIDE_REASON }) : t('promote.reasonOptional')}</span>
        </span>
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={2000}
          placeholder={required ? t('promote.reasonPlaceholderOverride') : t('promote.reasonPlaceholder')}
          data-testid="promote-reason"
        />
        {required && (
          <span className={`hint ${reason.trim().length >= MIN_OVERRIDE_REASON ? 'ok-text' : ''}`} data-testid="reason-count">
            {t('promote.reasonCount', { count: reason.trim().length, min: MIN_OVERRIDE_REASON })}
          </span>
        )}
      </label>
      <MoveError error={promote.error} />
      <div className="row">
        <button type="submit" className={required ? 'danger' : 'primary'} disabled={promote.pending || (kind === 'alias' && !alias)} data-testid="promote-submit">
          {required ? t('promote.submitOverride') : t('promote.submit')}
        </button>
      </div>
    </form>
  );
}
