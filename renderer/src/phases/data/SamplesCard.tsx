import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SampleId } from '../../../../shared/schemas/dataset';
import { formatCount, uiLanguage } from '../../format';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { NamesKept } from '../../components/NamesKept';
import { navigate } from '../../navigation';
import './data.css';
import './samples.css';

/**
 * "Start from a sample": one click makes a project with a sensible charter and its data imported, then
 * opens its Data phase. Used on Home and in the Data phase's empty state.
 */
export function SamplesCard({ compact }: { compact?: boolean }) {
  const { t } = useTranslation('data');
  const samples = useQuery('dataset.samples', {}, []);
  const create = useCommand('dataset.createSample');
  const [busy, setBusy] = useState<SampleId | null>(null);
  const start = async (id: SampleId) => {
    setBusy(id);
    const r = await create.run({ sample: id, lang: uiLanguage() === 'es' ? 'es' : 'en' });
    setBusy(null);
    if (r) navigate('data', ['overview'], { project: r.projectId });
  };
  if (samples.error) return <ErrorBox error={samples.error} />;
  return (
    <div className={`card samples${compact ? ' compact' : ''}`} data-testid="samples-card">
      <h2>{t('samples.title')}</h2>
      <p className="muted">{t('samples.intro')}</p>
      <ErrorBox error={create.error} />
      <div className="sample-grid">
        {(samples.data ?? []).map((s) => (
          <div key={s.id} className="sample" data-testid={`sample-${s.id}`}>
            <span className="badge">{t(`common:task.${s.taskType}`)}</span>
            <strong className="sample-title">{t(`samples.item.${s.id}.title`, { defaultValue: s.title })}</strong>
            <p className="small">{t(`samples.item.${s.id}.description`, { defaultValue: s.description })}</p>
            <p className="small muted">{t('samples.shape', { rows: formatCount(s.rows), columns: s.columns, target: s.target })}</p>
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void start(s.id)} data-testid={`sample-create-${s.id}`}>
              {busy === s.id ? <span className="spinner" /> : null}
              {busy === s.id ? t('samples.creating') : t('samples.create')}
            </button>
            <p className="tiny muted attribution" title={t('samples.attribution', { attribution: s.attribution, copiedFrom: s.copiedFrom })}>
              <NamesKept text={(marks) => t('samples.attribution', marks)} names={{ attribution: s.attribution, copiedFrom: s.copiedFrom }} />
            </p>
          </div>
        ))}
      </div>
    </div>
  );
}
