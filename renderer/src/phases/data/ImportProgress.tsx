import { useTranslation } from 'react-i18next';
import { formatCount, formatNumber, formatPercent } from '../../format';
import { DataError } from './DataError';
import type { ImportState } from './useImport';

function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? formatCount(v) : formatNumber(v, 1)} ${units[u]}`;
}

/** Where an import stands: the upload's progress, then the import job's, then its outcome. */
export function ImportProgress({ state, onCancel, onClose }: { state: ImportState; onCancel: () => void; onClose: () => void }) {
  const { t } = useTranslation('data');
  if (state.stage === 'idle' || state.stage === 'reviewing') return null;
  const uploading = state.stage === 'uploading';
  const scanning = state.stage === 'scanning';
  const fraction = uploading ? state.uploadFraction : (state.job?.progress ?? 0);
  const running = uploading || scanning || state.stage === 'importing';
  const r = state.result;
  return (
    <div className="card import-progress" data-testid="import-progress" data-stage={state.stage} aria-live="polite">
      <div className="row">
        <strong className="grow">{state.fileName}</strong>
        {state.fileSize !== null && <span className="muted small">{formatBytes(state.fileSize)}</span>}
        {running ? (
          <button type="button" className="ghost" onClick={onCancel} data-testid="import-cancel">
            {t('common:actions.cancel')}
          </button>
        ) : (
          <button type="button" className="ghost" onClick={onClose} aria-label={t('import.close')}>
            ✕
          </button>
        )}
      </div>
      {running && (
        <div className="stack" style={{ gap: 4, marginTop: 8 }}>
          <div className="row small">
            <span className="spinner" />
            <span className="grow">{uploading ? t('import.uploading') : scanning ? t('import-tokens:scanning') : t('import.importing')}</span>
            <span className="muted">{formatPercent(fraction, 0)}</span>
          </div>
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(fraction * 100)}
            aria-label={uploading ? t('import.uploading') : t('import.importing')}
          >
            <div style={{ width: `${Math.round(fraction * 100)}%` }} />
          </div>
        </div>
      )}
      {state.stage === 'done' && r && (
        <div className="alert info" style={{ marginTop: 8 }} data-testid="import-done">
          {r.created
            ? t('import.created', { name: r.version.name, version: r.version.version, rows: formatCount(r.version.rows), columns: r.version.columns.length })
            : t('import.identical', { name: r.version.name, version: r.version.version })}
        </div>
      )}
      {state.stage === 'failed' && (
        <div style={{ marginTop: 8 }}>
          <DataError error={state.error} testId="import-error" />
        </div>
      )}
    </div>
  );
}
