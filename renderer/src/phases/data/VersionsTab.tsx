import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetVersionDetail } from '../../../../shared/schemas/dataset';
import { formatCount, formatDate } from '../../format';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { DiffSummary } from './DiffSummary';

/** Every version, newest first, with what changed from the one before; and a comparison of any two. */
export function VersionsTab({
  projectId,
  versions,
  current,
  onPick,
}: {
  projectId: string;
  versions: DatasetVersionDetail[];
  current: DatasetVersionDetail;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation('data');
  return (
    <div className="stack" style={{ gap: 14 }}>
      <div className="card">
        <h2>{t('versions.title')}</h2>
        <p className="muted small">{t('versions.intro')}</p>
        <div className="table-scroll">
          <table className="data versions" data-testid="versions-table">
            <thead>
              <tr>
                <th>{t('version')}</th>
                <th>{t('versions.created')}</th>
                <th className="num">{t('facts.rows')}</th>
                <th className="num">{t('facts.columns')}</th>
                <th>{t('facts.hash')}</th>
                <th>{t('versions.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className={`clickable${v.id === current.id ? ' selected' : ''}`} onClick={() => onPick(v.id)} data-version={v.version}>
                  <td>
                    <button
                      type="button"
                      className="ghost link"
                      onClick={(e) => {
                        e.stopPropagation();
                        onPick(v.id);
                      }}
                    >
                      {t('versionN', { n: v.version })}
                    </button>
                  </td>
                  <td className="small">{formatDate(v.createdAt)}</td>
                  <td className="num">{formatCount(v.rows)}</td>
                  <td className="num">{v.columns.length}</td>
                  <td className="mono small" title={v.hash}>
                    {v.hash.slice(0, 10)}
                  </td>
                  <td>{v.diff ? <DiffSummary diff={v.diff} /> : <span className="muted small">{t('versions.first')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {versions.length > 1 && <Compare projectId={projectId} versions={versions} />}
    </div>
  );
}

function Compare({ projectId, versions }: { projectId: string; versions: DatasetVersionDetail[] }) {
  const { t } = useTranslation('data');
  const [from, setFrom] = useState(versions[versions.length - 1].id);
  const [to, setTo] = useState(versions[0].id);
  const diff = useQuery('dataset.diff', from !== to ? { from, to, project: projectId } : null, ['dataset']);
  const pick = (value: string, set: (v: string) => void, label: string, testId: string) => (
    <label className="row small">
      <span className="muted">{label}</span>
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {t('versionN', { n: v.version })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="card" data-testid="compare">
      <h2>{t('versions.compare')}</h2>
      <div className="row" style={{ marginBottom: 10 }}>
        {pick(from, setFrom, t('versions.from'), 'compare-from')}
        {pick(to, setTo, t('versions.to'), 'compare-to')}
      </div>
      {from === to ? (
        <p className="muted small">{t('versions.same')}</p>
      ) : (
        <>
          <ErrorBox error={diff.error} />
          {diff.data && (
            <>
              <DiffSummary diff={diff.data} />
              <p className="small muted" style={{ marginTop: 8 }}>
                {t('versions.rowsFromTo', { from: formatCount(diff.data.rowsFrom), to: formatCount(diff.data.rowsTo) })}{' '}
                {diff.data.comparedColumns.length > 0 && t('versions.comparedOn', { columns: diff.data.comparedColumns.join(', ') })}
              </p>
            </>
          )}
        </>
      )}
    </div>
  );
}
