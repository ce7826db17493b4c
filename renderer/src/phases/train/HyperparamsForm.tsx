import { useTranslation } from 'react-i18next';
import { backendChoices } from '../../../../shared/schemas/preferences';
import { optimizers, scheduleTypes, type BackendChoice, type Hyperparameters } from '../../../../shared/schemas/training';
import type { Imbalance } from '../../../../shared/class-balance';
import { formatPercent, metricDisplayName } from '../../format';
import { NumField, SelectField } from './fields';

interface Props {
  params: Hyperparameters;
  onChange: (p: Hyperparameters) => void;
  /** Epoch metrics early stopping can watch (from the task). */
  monitors: string[];
  /** Class labels of the target, for custom class weights (null for regression or while loading). */
  classes: string[] | null;
  /** The target's smallest class when the classes are imbalanced (the data check's rule), else null. */
  imbalance?: Imbalance | null;
  backend: BackendChoice | '';
  onBackend: (b: BackendChoice | '') => void;
  defaultBackend: BackendChoice;
}

/** Optimizer, learning rate and schedule, batch size, epochs, early stopping, class weights, seed, backend. */
export function HyperparamsForm({ params: p, onChange, monitors, classes, imbalance, backend, onBackend, defaultBackend }: Props) {
  const { t } = useTranslation('train');
  const set = (patch: Partial<Hyperparameters>) => onChange({ ...p, ...patch });
  const es = p.earlyStopping;
  const weightsMode = typeof p.classWeights === 'string' ? p.classWeights : 'custom';
  return (
    <div className="stack" data-testid="hyperparams">
      <div className="grid-hp">
        <SelectField
          label={t('hp.optimizer')}
          value={p.optimizer}
          onChange={(optimizer) => set({ optimizer })}
          options={optimizers.map((o) => ({ value: o, label: t(`hp.optimizers.${o}`) }))}
          testId="hp-optimizer"
        />
        <NumField label={t('hp.learningRate')} value={p.learningRate} min={1e-7} max={10} onChange={(learningRate) => set({ learningRate })} testId="hp-lr" />
        {p.optimizer !== 'adam' && <NumField label={t('hp.momentum')} value={p.momentum} min={0} max={0.999} onChange={(momentum) => set({ momentum })} />}
        <NumField label={t('hp.batchSize')} value={p.batchSize} integer min={1} max={65536} onChange={(batchSize) => set({ batchSize })} testId="hp-batch" />
        <NumField label={t('hp.epochs')} value={p.epochs} integer min={1} max={10000} onChange={(epochs) => set({ epochs })} testId="hp-epochs" />
        <NumField label={t('hp.seed')} value={p.seed} integer min={0} max={2 ** 31 - 1} onChange={(seed) => set({ seed })} hint={t('hp.seedHint')} testId="hp-seed" />
      </div>

      <fieldset className="hp-group">
        <legend>{t('hp.schedule')}</legend>
        <div className="grid-hp">
          <SelectField
            label={t('hp.scheduleType')}
            value={p.schedule.type}
            onChange={(type) => set({ schedule: { ...p.schedule, type } })}
            options={scheduleTypes.map((s) => ({ value: s, label: t(`hp.schedules.${s}`) }))}
          />
          {p.schedule.type === 'step' && (
            <>
              <NumField label={t('hp.stepEpochs')} value={p.schedule.stepEpochs} integer min={1} onChange={(stepEpochs) => set({ schedule: { ...p.schedule, stepEpochs } })} />
              <NumField label={t('hp.gamma')} value={p.schedule.gamma} min={0.0001} max={1} onChange={(gamma) => set({ schedule: { ...p.schedule, gamma } })} />
            </>
          )}
          {p.schedule.type === 'cosine' && (
            <NumField
              label={t('hp.minLearningRate')}
              value={p.schedule.minLearningRate}
              min={0}
              onChange={(minLearningRate) => set({ schedule: { ...p.schedule, minLearningRate } })}
            />
          )}
        </div>
        <p className="small muted">{t(`hp.scheduleHelp.${p.schedule.type}`)}</p>
      </fieldset>

      <fieldset className="hp-group">
        <legend>
          <label className="row">
            <input type="checkbox" checked={es.enabled} onChange={(e) => set({ earlyStopping: { ...es, enabled: e.target.checked } })} data-testid="hp-early" />
            {t('hp.earlyStopping')}
          </label>
        </legend>
        {es.enabled ? (
          <div className="grid-hp">
            <SelectField
              label={t('hp.monitor')}
              value={monitors.includes(es.monitor) ? es.monitor : monitors[0]}
              onChange={(monitor) => set({ earlyStopping: { ...es, monitor } })}
              options={monitors.map((m) => ({ value: m, label: metricDisplayName(m) }))}
            />
            <NumField label={t('hp.patience')} value={es.patience} integer min={1} max={1000} onChange={(patience) => set({ earlyStopping: { ...es, patience } })} />
            <NumField label={t('hp.minDelta')} value={es.minDelta} min={0} onChange={(minDelta) => set({ earlyStopping: { ...es, minDelta } })} />
            <label className="row check">
              <input type="checkbox" checked={es.restoreBestWeights} onChange={(e) => set({ earlyStopping: { ...es, restoreBestWeights: e.target.checked } })} />
              {t('hp.restoreBest')}
            </label>
          </div>
        ) : (
          <p className="small muted">{t('hp.earlyOff')}</p>
        )}
      </fieldset>

      {classes && (
        <fieldset className="hp-group">
          <legend>{t('hp.classWeights')}</legend>
          <div className="row">
            {(['none', 'balanced', 'custom'] as const).map((mode) => (
              <label key={mode} className="row check">
                <input
                  type="radio"
                  name="class-weights"
                  checked={weightsMode === mode}
                  onChange={() => set({ classWeights: mode === 'custom' ? Object.fromEntries(classes.map((c) => [c, 1])) : mode })}
                />
                {t(`hp.weights.${mode}`)}
              </label>
            ))}
          </div>
          {typeof p.classWeights === 'object' && (
            <div className="grid-hp">
              {classes.map((c) => (
                <NumField
                  key={c}
                  label={c}
                  value={(p.classWeights as Record<string, number>)[c] ?? 1}
                  min={0.0001}
                  onChange={(w) => set({ classWeights: { ...(p.classWeights as Record<string, number>), [c]: w } })}
                />
              ))}
            </div>
          )}
          <p className="small muted">{t(`hp.weightsHelp.${weightsMode}`)}</p>
          {imbalance && weightsMode === 'none' && (
            <p className="small warn-text" data-testid="hp-imbalance">
              {t('hp.imbalanced', { value: imbalance.value, fraction: formatPercent(imbalance.fraction) })}
            </p>
          )}
        </fieldset>
      )}

      <SelectField
        label={t('hp.backend')}
        value={backend}
        onChange={onBackend}
        options={[
          { value: '' as const, label: t('hp.backendDefault', { backend: t(`hp.backends.${defaultBackend}`) }) },
          ...backendChoices.map((b) => ({ value: b, label: t(`hp.backends.${b}`) })),
        ]}
        hint={t('hp.backendHint')}
        testId="hp-backend"
      />
    </div>
  );
}
