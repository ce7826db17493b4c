import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { fmtDateTime } from './format';

/** Settings: this workspace's public key, the keys it trusts to sign bundles, trust and revoke. */
export function TrustedKeys() {
  const { t } = useTranslation('deploy');
  const own = useQuery('keys.show', {}, ['keys']);
  const list = useQuery('keys.list', {}, ['keys']);
  const trust = useCommand('keys.trust');
  const revoke = useCommand('keys.revoke');
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [copied, setCopied] = useState(false);
  const add = async () => {
    if (await trust.run({ key: key.trim(), name: name.trim() })) {
      setKey('');
      setName('');
    }
  };
  return (
    <div className="card stack keys-card" style={{ maxWidth: 860 }} data-testid="trusted-keys">
      <h2>{t('keys.title')}</h2>
      <p className="muted">{t('keys.hint')}</p>
      {own.data && (
        <div className="stack">
          <span>{t('keys.own')}</span>
          <div className="row">
            <code className="hash grow" data-testid="own-key">
              {own.data.publicKey}
            </code>
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(own.data!.publicKey).then(() => setCopied(true));
              }}
            >
              {copied ? t('keys.copied') : t('keys.copy')}
            </button>
          </div>
          <span className="muted small">
            {t('keys.fingerprint')}: <span className="hash">{own.data.fingerprint}</span>
          </span>
        </div>
      )}
      {list.data && (
        <table className="data">
          <thead>
            <tr>
              <th>{t('keys.fingerprint')}</th>
              <th>{t('keys.name')}</th>
              <th>{t('keys.status')}</th>
              <th>{t('keys.since')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((k) => (
              <tr key={k.fingerprint} data-testid={`key-${k.fingerprint}`}>
                <td className="hash">{k.fingerprint}</td>
                <td>{k.own ? t('keys.statusOwn') : k.name}</td>
                <td>
                  <span className={`badge ${k.revokedAt ? 'bad' : 'ok'}`}>
                    {k.own ? t('keys.statusOwn') : k.revokedAt ? t('keys.statusRevoked', { date: fmtDateTime(k.revokedAt) }) : t('keys.statusTrusted')}
                  </span>
                </td>
                <td>{k.trustedAt ? fmtDateTime(k.trustedAt) : '—'}</td>
                <td>
                  {!k.own && !k.revokedAt && (
                    <button
                      type="button"
                      className="danger"
                      disabled={revoke.pending}
                      onClick={() => window.confirm(t('keys.revokeConfirm', { name: k.name })) && void revoke.run({ key: k.fingerprint, reason: '' })}
                    >
                      {t('keys.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('keys.add')}</h3>
      <label className="field">
        {t('keys.keyLabel')}
        <input value={key} onChange={(e) => setKey(e.target.value)} data-testid="trust-key" />
      </label>
      <label className="field" style={{ maxWidth: 360 }}>
        {t('keys.nameLabel')}
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="trust-name" />
      </label>
      <div className="row">
        <button type="button" className="primary" disabled={!key.trim() || !name.trim() || trust.pending} onClick={() => void add()} data-testid="trust-add">
          {t('keys.addButton')}
        </button>
      </div>
      <ErrorBox error={own.error ?? list.error ?? trust.error ?? revoke.error} />
    </div>
  );
}
