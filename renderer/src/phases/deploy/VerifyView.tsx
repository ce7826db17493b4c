import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/api';
import { client, useCommand } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { fmtBytes } from './format';

type Report = MethodOutput<'bundle.verify'>;

/** What a bundle holds and whether it can be trusted, before anything is stored; then the import itself. */
export function VerifyView({ path, file, report, onClose, onImported }: { path: string; file: string; report: Report; onClose: () => void; onImported: (ref: string) => void }) {
  const { t } = useTranslation('deploy');
  const importer = useCommand('bundle.import');
  const trust = useCommand('keys.trust');
  const [name, setName] = useState('');
  const [once, setOnce] = useState(false);
  const [keyName, setKeyName] = useState('');
  const [result, setResult] = useState<MethodOutput<'bundle.import'> | null>(null);
  const [r, setReport] = useState(report);
  const unknown = r.signer?.trust === 'unknown';
  const canImport = r.ok && !result && (!unknown || once || keyName.trim().length > 0);

  const doImport = async () => {
    if (unknown && !once && keyName.trim()) {
      const k = await trust.run({ key: r.signer!.publicKey!, name: keyName.trim() });
      if (!k) return;
    }
    const out = await importer.run({ path, trustSigner: unknown && once, name: name.trim() || undefined });
    if (out) {
      setResult(out);
      onImported(out.ref);
      // the signer may be trusted now: show the bundle as this workspace sees it after the import
      client.call('bundle.verify', { path }).then(setReport, () => undefined);
    }
  };
  const signerText = r.signer ? t(`verify.trust.${r.signer.trust ?? 'unknown'}`, { name: r.signer.name ?? '' }) : '—';
  const plan = r.plan;
  return (
    <div className="stack" data-testid="bundle-verify">
      <div className="verify-head">
        <h3 className="grow">{t('verify.title', { file })}</h3>
        <span className={`badge ${r.ok ? 'ok' : 'bad'}`} data-testid="bundle-verdict">
          {r.ok ? t('verify.ok') : t('verify.refused')}
        </span>
      </div>
      <table className="data">
        <tbody>
          <tr>
            <th>{t('verify.model')}</th>
            <td>{r.model ? `${r.model}@${r.version}` : '—'}</td>
          </tr>
          <tr>
            <th>{t('verify.signer')}</th>
            <td data-testid="bundle-signer">
              <span className="hash">{r.signer?.fingerprint ?? '—'}</span>{' '}
              <span className={`badge ${r.signer?.trust === 'own' || r.signer?.trust === 'trusted' ? 'ok' : r.signer?.trust === 'revoked' ? 'bad' : 'warn'}`}>{signerText}</span>
            </td>
          </tr>
          <tr>
            <th>{t('verify.identity')}</th>
            <td className="hash">{r.manifestHash ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      {r.files.length > 0 && (
        <details open={!r.ok}>
          <summary>
            {t('verify.files')} ({r.files.filter((f) => f.ok).length}/{r.files.length} {t('verify.hashOk')})
          </summary>
          <table className="data" data-testid="bundle-files">
            <thead>
              <tr>
                <th>{t('verify.file')}</th>
                <th className="num">{t('verify.size')}</th>
                <th>{t('verify.hash')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.files.map((f) => (
                <tr key={f.path}>
                  <td>{f.path}</td>
                  <td className="num">{fmtBytes(f.size)}</td>
                  <td className="hash">{f.sha256.slice(0, 16)}…</td>
                  <td>
                    <span className={`badge ${f.ok ? 'ok' : 'bad'}`}>{f.ok ? t('verify.hashOk') : t('verify.hashBad')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {r.problems.length > 0 && (
        <div>
          <h4>{t('verify.problems')}</h4>
          <ul className="problems" data-testid="bundle-problems">
            {r.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {plan && !result && (
        <div>
          <h4>{t('verify.plan')}</h4>
          <p data-testid="bundle-plan">
            {plan.alreadyImportedAs
              ? t('verify.already', { ref: plan.alreadyImportedAs })
              : plan.newModel
                ? t('verify.planNew', { ref: `${name.trim() || plan.model}@1`, project: plan.project, newProject: plan.newProject ? t('verify.newProject') : '' })
                : t('verify.planNext', { ref: `${plan.model}@${plan.nextVersion}`, model: plan.model, project: plan.project })}
          </p>
        </div>
      )}
      {r.ok && !result && !plan?.alreadyImportedAs && (
        <label className="field" style={{ maxWidth: 360 }}>
          {t('verify.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={plan?.model} data-testid="bundle-name" />
        </label>
      )}
      {r.ok && unknown && !result && (
        <div className="stack">
          <label className="row">
            <input type="checkbox" checked={once} onChange={(e) => setOnce(e.target.checked)} data-testid="bundle-trust-once" /> {t('verify.trustOnce')}
          </label>
          {!once && (
            <label className="field" style={{ maxWidth: 360 }}>
              {t('verify.trustName')}
              <input value={keyName} onChange={(e) => setKeyName(e.target.value)} placeholder={t('verify.trustNamePlaceholder')} data-testid="bundle-trust-name" />
            </label>
          )}
        </div>
      )}
      <ErrorBox error={importer.error ?? trust.error} />
      {result ? (
        <p role="status" className="ok-text" data-testid="bundle-imported">
          {result.created ? t('verify.imported', { ref: result.ref }) : t('verify.sameAgain', { ref: result.ref })}{' '}
          <a href={hrefFor('registry', ['model', result.model, 'versions'], { project: result.projectId, v: String(result.version) })} data-testid="bundle-open">
            {t('verify.open', { ref: result.ref })}
          </a>{' '}
          ·{' '}
          <a href={hrefFor('registry', ['model', result.model, 'card'], { project: result.projectId, v: String(result.version) })} data-testid="bundle-open-card">
            {t('verify.card')}
          </a>{' '}
          ·{' '}
          <a href={hrefFor('registry', ['model', result.model, 'lineage'], { project: result.projectId, v: String(result.version) })} data-testid="bundle-open-lineage">
            {t('verify.lineage')}
          </a>
        </p>
      ) : null}
      <div className="row">
        {r.ok && !result && (
          <button type="button" className="primary" disabled={!canImport || importer.pending || trust.pending} onClick={() => void doImport()} data-testid="bundle-import-go">
            {(importer.pending || trust.pending) && <span className="spinner" />} {unknown && !once && keyName.trim() ? t('verify.trustAndImport') : t('verify.import')}
          </button>
        )}
        <button type="button" onClick={onClose} data-testid="bundle-close">
          {t('verify.cancel')}
        </button>
      </div>
    </div>
  );
}
