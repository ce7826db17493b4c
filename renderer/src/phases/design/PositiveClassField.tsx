import { useTranslation } from 'react-i18next';
import { useQuery } from '../../api/client';
import { fmtInt } from '../train/run-format';

/**
 * The positive class of a binary charter: the class the model is meant to find. With data, its classes
 * are offered with their counts and the minority one is marked as the suggestion; the user confirms one.
 * Without data yet, the label is typed.
 */
export function PositiveClassField({ projectId, value, onChange }: { projectId?: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('quality');
  const info = useQuery('project.positiveClass', projectId ? { project: projectId } : null, ['project', 'dataset']);
  const classes = info.data?.classes ?? [];
  const suggested = info.data?.suggested ?? null;
  return (
    <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0 }} data-testid="positive-class">
      <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('positive.title')}</legend>
      <span className="muted small">{t('positive.hint')}</span>
      {classes.length > 0 ? (
        <div className="stack" style={{ gap: 4 }} role="radiogroup">
          {classes.map((c) => (
            <label key={c.label} className="row" style={{ gap: 6, fontWeight: 400 }}>
              <input type="radio" name="positive" value={c.label} checked={value === c.label} onChange={() => onChange(c.label)} data-testid={`positive-${c.label}`} />
              <span>{c.label}</span>
              <span className="muted small">{t('positive.rows', { count: c.count, rows: fmtInt(c.count) })}</span>
              {c.label === suggested && (
                <span className="badge warn" data-testid="positive-suggested">
                  {t('positive.suggested')}
                </span>
              )}
            </label>
          ))}
          <span className="muted small">
            {value ? t('positive.chosen', { label: value }) : t('positive.confirm', { label: suggested ?? '', dataset: info.data?.datasetRef ?? '' })}
          </span>
        </div>
      ) : (
        <label className="field">
          {t('positive.label')}
          <input value={value} onChange={(e) => onChange(e.target.value)} maxLength={200} data-testid="positive-input" />
          <span className="hint">{t('positive.noData')}</span>
        </label>
      )}
    </fieldset>
  );
}
