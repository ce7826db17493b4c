import { useTranslation } from 'react-i18next';
import type { DatasetVersionDetail, ImageProfile as ImageProfileData } from '../../../../shared/schemas/dataset';
import { BarList } from '../../charts/BarList';
import { formatCount } from '../../format';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';

/** An image set: images per class, the sizes they came in, and a few thumbnails of each class. */
export function ImageProfile({ projectId, version, profile }: { projectId: string; version: DatasetVersionDetail; profile: ImageProfileData }) {
  const { t } = useTranslation('data');
  const thumbs = useQuery('dataset.images', { dataset: version.id, project: projectId, perClass: 12 }, ['dataset']);
  const sizes = [...profile.sizes].sort((a, b) => b.count - a.count).slice(0, 12);
  return (
    <div className="stack" style={{ gap: 14 }} data-testid="profile-images">
      <div className="card stats-row">
        <div className="stat">
          <div className="stat-value">{formatCount(profile.rows)}</div>
          <div className="stat-label">{t('images.count')}</div>
        </div>
        <div className="stat">
          <div className="stat-value">{formatCount(profile.classes.length)}</div>
          <div className="stat-label">{t('images.classes')}</div>
        </div>
        <div className="stat">
          <div className="stat-value">
            {profile.width}×{profile.height}
          </div>
          <div className="stat-label">{t('images.storedSize', { channels: profile.channels })}</div>
        </div>
        <div className={`stat${profile.duplicateRows ? ' warn' : ''}`}>
          <div className="stat-value">{formatCount(profile.duplicateRows)}</div>
          <div className="stat-label">{t('profile.duplicates')}</div>
        </div>
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>{t('images.perClass')}</h2>
          <BarList
            items={profile.classes.map((c, i) => ({ label: c.name, value: c.count, colorIndex: i }))}
            label={t('images.perClass')}
            formatValue={formatCount}
            integer
            testId="images-per-class"
          />
        </div>
        <div className="card">
          <h2>{t('images.sizes')}</h2>
          <BarList items={sizes.map((s) => ({ label: `${s.width}×${s.height}`, value: s.count }))} label={t('images.sizes')} formatValue={formatCount} integer colorIndex={1} />
          {profile.sizes.length > sizes.length && <p className="small muted">{t('images.moreSizes', { count: profile.sizes.length - sizes.length })}</p>}
        </div>
      </div>
      <div className="card">
        <h2>{t('images.thumbnails')}</h2>
        <ErrorBox error={thumbs.error} />
        {!thumbs.data && !thumbs.error && <p className="muted">{t('common:state.loading')}</p>}
        {thumbs.data?.classes.map((c) => (
          <div key={c.name} className="thumb-class">
            <h3>
              {c.name} <span className="muted small">({formatCount(c.count)})</span>
            </h3>
            <div className="thumbs">
              {c.thumbnails.map((th) => (
                <img key={th.index} src={th.dataUrl} alt={t('images.thumbAlt', { label: c.name, index: th.index })} width={56} height={56} />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
