import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/api';
import type { AppError } from '../../../../shared/contract/errors';
import { client, useQuery } from '../../api/client';
import { isDesktop } from '../../api/transport';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { StageBadge } from '../registry/StageBadge';
import { championFirst } from '../registry/AliasChips';
import { CHAMPION } from '../../../../shared/schemas/registry';
import { downloadBase64 } from '../../download';
import { fmtBytes, fmtSci } from './format';

type Version = MethodOutput<'model.get'>['versions'][number];

/** Every registered version (of the project, or of all projects) with its export buttons. */
export function VersionsCard({ projectId, onShowOrigin }: { projectId?: string; onShowOrigin: (ref: string) => void }) {
  const { t } = useTranslation('deploy');
  const models = useQuery('model.list', projectId ? { project: projectId, includeArchived: false } : { includeArchived: false }, ['model', 'bundle']);
  if (models.error) return <ErrorBox error={models.error} />;
  if (!models.data) return <span className="spinner" />;
  return (
    <div className="card stack" data-testid="deploy-versions">
      <h2>{t('versions.title')}</h2>
      {models.data.length === 0 ? (
        <p className="muted" data-testid="deploy-no-versions">
          {t('versions.none')} <a href={hrefFor('registry', [], { project: projectId })}>{t('versions.goRegistry')}</a>
        </p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t('versions.model')}</th>
              <th>{t('versions.stage')}</th>
              <th>{t('versions.gate')}</th>
              <th>{t('versions.origin')}</th>
              <th>{t('versions.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <ModelRows key={m.id} name={m.name} onShowOrigin={onShowOrigin} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ModelRows({ name, onShowOrigin }: { name: string; onShowOrigin: (ref: string) => void }) {
  const detail = useQuery('model.get', { model: name }, ['model', 'bundle', 'eval']);
  if (!detail.data) return null;
  return (
    <>
      {detail.data.versions.map((v) => (
        <VersionRow key={v.id} v={v} onShowOrigin={onShowOrigin} />
      ))}
    </>
  );
}

function VersionRow({ v, onShowOrigin }: { v: Version; onShowOrigin: (ref: string) => void }) {
  const { t } = useTranslation('deploy');
  const [busy, setBusy] = useState<'bundle' | 'tfjs' | 'onnx' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<AppError | undefined>();
  const imported = v.tags.includes('imported');
  const exportable = useQuery('model.exportable', { model: v.ref }, ['model']);

  const run = async (kind: 'bundle' | 'tfjs' | 'onnx', body: () => Promise<string | null>) => {
    setBusy(kind);
    setError(undefined);
    setDone(null);
    try {
      setDone(await body());
    } catch (err) {
      setError(err as AppError);
    } finally {
      setBusy(null);
    }
  };
  const exportBundle = () =>
    run('bundle', async () => {
      const fileName = `${v.modelName.replace(/[^\p{L}\p{N}._-]+/gu, '_')}-v${v.version}.ciclo`;
      if (isDesktop()) {
        const where = await client.call('dialog.saveFile', {
          title: t('versions.exportBundle'),
          defaultName: fileName,
          filters: [{ name: 'Ciclo bundle', extensions: ['ciclo'] }],
        });
        if (!where.path) return null;
        const r = await client.call('bundle.export', { model: v.ref, output: where.path });
        return t('versions.exported', { file: r.file, size: fmtBytes(r.bytes), fingerprint: r.signer.fingerprint });
      }
      const r = await client.call('bundle.export', { model: v.ref });
      const bytes = await client.call('bundle.download', { file: r.fileName });
      downloadBase64(bytes.fileName, bytes.base64);
      return t('versions.downloaded', { file: r.fileName, size: fmtBytes(r.bytes), fingerprint: r.signer.fingerprint });
    });
  /** Desktop: a folder the user picks; browser mode: a new folder in the workspace's exports folder. */
  const exportFolder = (format: 'tfjs' | 'onnx') =>
    run(format, async () => {
      let dir: string | null = null;
      if (isDesktop()) dir = (await client.call('dialog.openFolder', { title: t(format === 'tfjs' ? 'versions.exportTfjs' : 'versions.exportOnnx') })).path;
      else {
        const info = await client.call('system.info', {});
        dir = `${info.dataDir}/exports/${v.modelName.replace(/[^\p{L}\p{N}._-]+/gu, '_')}-v${v.version}-${format}-${Date.now().toString(36)}`;
      }
      if (!dir) return null;
      const r = await client.call('model.export', { model: v.ref, format, output: dir });
      return r.check ? t('versions.exportedOnnx', { ref: v.ref, dir: r.dir, diff: fmtSci(r.check.maxAbsDiff) }) : t('versions.exportedTfjs', { ref: v.ref, dir: r.dir });
    });

  return (
    <tr data-testid={`deploy-version-${v.ref}`}>
      <td>
        <a className="strong nowrap" href={hrefFor('registry', ['model', v.modelName, 'versions'], { project: v.projectId, v: String(v.version) })}>
          {v.ref}
        </a>
        {done && (
          <div className="small ok-text" role="status" data-testid="deploy-export-done">
            {done}
          </div>
        )}
        {error && <ErrorBox error={error} />}
      </td>
      <td>
        <span className="row tight">
          <StageBadge stage={v.stage} />
          {[...v.aliases].sort(championFirst).map((a) => (
            <span key={a} className={`badge alias ${a === CHAMPION ? 'champion' : ''}`} data-testid={`deploy-alias-${v.ref}-${a}`}>
              {a === CHAMPION && '★ '}
              {a}
            </span>
          ))}
        </span>
      </td>
      <td>
        <span className={`badge ${v.gate.status === 'passed' ? 'ok' : v.gate.status === 'failed' ? 'bad' : ''}`}>{t(`versions.gateStatus.${v.gate.status}`)}</span>
      </td>
      <td>
        {imported ? (
          <button type="button" className="link" onClick={() => onShowOrigin(v.ref)} data-testid={`deploy-origin-${v.ref}`}>
            <span className="badge accent">{t('versions.imported')}</span>
          </button>
        ) : (
          <span className="muted">{t('versions.local')}</span>
        )}
      </td>
      <td>
        <div className="row">
          <button type="button" disabled={busy !== null} onClick={() => void exportBundle()} data-testid={`deploy-export-${v.ref}`}>
            {busy === 'bundle' && <span className="spinner" />} {t('versions.exportBundle')}
          </button>
          <button type="button" disabled={busy !== null || exportable.data?.tfjs.ok === false} onClick={() => void exportFolder('tfjs')}>
            {busy === 'tfjs' && <span className="spinner" />} {t('versions.exportTfjs')}
          </button>
          {exportable.data?.onnx.ok && (
            <button type="button" disabled={busy !== null} onClick={() => void exportFolder('onnx')} data-testid={`deploy-onnx-${v.ref}`}>
              {busy === 'onnx' && <span className="spinner" />} {t('versions.exportOnnx')}
            </button>
          )}
        </div>
        {exportable.data && !exportable.data.onnx.ok && <div className="muted small">{t('versions.onnxNo')}</div>}
      </td>
    </tr>
  );
}
