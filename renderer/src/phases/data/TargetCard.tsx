import { useTranslation } from 'react-i18next';
import type { Column, DataIssue, TableProfile } from '../../../../shared/schemas/dataset';
import type { TaskType } from '../../../../shared/metrics';
import { BarList } from '../../charts/BarList';
import { formatCount } from '../../format';
import { DataError, type ErrorLike } from './DataError';
import type { TargetSaved } from './targetSaver';

/** Validation keys that say the target does not fit the project's task. */
const targetKeys = new Set([
  'validate.no_target',
  'validate.one_class',
  'validate.binary_too_many_classes',
  'validate.target_not_categorical',
  'validate.target_not_numeric',
  'validate.images_regression',
]);

/**
 * The target column (chosen here or in the schema table; saved at once as a new version, which the card
 * confirms) and whether it fits the project's task.
 */
export function TargetCard({
  columns,
  value,
  stored,
  onTarget,
  editable,
  saving,
  saved,
  error,
  taskType,
  issues,
  profile,
}: {
  columns: Column[];
  /** the target shown: the one being saved, else the version's */
  value: string | null;
  /** the version's target */
  stored: string | null;
  onTarget: (name: string | null) => void;
  editable: boolean;
  saving: boolean;
  saved?: TargetSaved;
  error?: ErrorLike;
  taskType?: TaskType;
  issues: DataIssue[] | undefined;
  profile: TableProfile | undefined;
}) {
  const { t } = useTranslation('data');
  const misfit = (issues ?? []).filter((i) => targetKeys.has(i.key) && i.severity === 'error');
  const classes = profile?.target?.classes ?? null;
  return (
    <div className="card stack" data-testid="target-card">
      <div className="row">
        <h2 className="grow" style={{ margin: 0 }}>
          {t('target.title')}
        </h2>
        {issues &&
          !saving &&
          (misfit.length ? (
            <span className="badge bad" data-testid="target-fit">
              {t('target.misfit')}
            </span>
          ) : (
            <span className="badge ok" data-testid="target-fit">
              {t('target.fits')}
            </span>
          ))}
      </div>
      <label className="field">
        <span>{t('target.column')}</span>
        <select
          value={value ?? ''}
          disabled={!editable}
          onChange={(e) => onTarget(e.target.value || null)}
          aria-describedby="target-status"
          aria-busy={saving}
          data-testid="target-select"
        >
          <option value="">{t('target.none')}</option>
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({t(`type.${c.type}`)})
            </option>
          ))}
        </select>
        {taskType && <span className="hint">{t(`target.task.${taskType}`)}</span>}
      </label>
      <p
        id="target-status"
        role="status"
        className={`small target-status${saved && !saving ? ' saved' : ''}`}
        data-testid="target-status"
        data-state={saving ? 'saving' : saved ? 'saved' : 'idle'}
      >
        {saving ? (
          <>
            <span className="spinner" aria-hidden="true" /> {t('target.saving')}
          </>
        ) : saved && saved.target === stored ? (
          <>
            <span aria-hidden="true">✓ </span>
            {saved.target ? t('target.savedAs', { column: saved.target, version: saved.version }) : t('target.savedNone', { version: saved.version })}
          </>
        ) : (
          <span className="muted">{t('target.savesAtOnce')}</span>
        )}
      </p>
      <DataError error={error} testId="target-error" />
      {classes && classes.length > 0 && !saving && value === profile?.target?.name && (
        <div>
          <h3>{t('profile.classBalance')}</h3>
          <BarList
            items={classes.map((c, i) => ({ label: c.value, value: c.count, colorIndex: i }))}
            label={t('profile.classBalance')}
            formatValue={formatCount}
            integer
            testId="target-balance"
          />
        </div>
      )}
    </div>
  );
}
