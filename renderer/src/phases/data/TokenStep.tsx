import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/contract/api';

export type TokenScan = MethodOutput<'dataset.scanTokens'>;
export type TokenPrep = Record<string, { missingTokens: string[] }>;

/**
 * The import's missing-value step (before anything is stored): per column, the tokens found in the file that
 * will be read as missing (each removable), cells that look like placeholders (each one click to add) and a
 * field for any other token. Only columns whose tokens differ from the defaults are sent with the import.
 */
export function TokenStep({ scan, fileName, onImport, onCancel }: { scan: TokenScan; fileName: string; onImport: (prep: TokenPrep) => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation('import-tokens');
  const nf = new Intl.NumberFormat(i18n.language === 'es' ? 'es-ES' : 'en-GB');
  const [tokens, setTokens] = useState<Record<string, string[]>>(() => Object.fromEntries(scan.columns.map((c) => [c.name, [...scan.defaults]])));
  const [draft, setDraft] = useState<Record<string, string>>({});

  const toggle = (column: string, token: string, on: boolean) =>
    setTokens((all) => ({ ...all, [column]: on ? [...new Set([...all[column], token])] : all[column].filter((x) => x !== token) }));
  const add = (column: string) => {
    const token = (draft[column] ?? '').trim();
    if (!token) return;
    toggle(column, token, true);
    setDraft((d) => ({ ...d, [column]: '' }));
  };
  const prep = (): TokenPrep => {
    const defaults = scan.defaults.join('\u0000');
    return Object.fromEntries(
      Object.entries(tokens)
        .filter(([, list]) => list.join('\u0000') !== defaults)
        .map(([name, list]) => [name, { missingTokens: list }]),
    );
  };
  const cells = (n: number) => t('cells', { count: n, n: nf.format(n) });

  return (
    <div className="card token-step" data-testid="token-step">
      <h2>{t('title', { file: fileName })}</h2>
      <p className="muted small">{t('hint')}</p>
      <table className="token-table">
        <thead>
          <tr>
            <th>{t('column')}</th>
            <th>{t('tokens')}</th>
            <th>{t('suggested')}</th>
          </tr>
        </thead>
        <tbody>
          {scan.columns.map((c) => {
            const active = new Set(tokens[c.name]);
            const counts = new Map([...c.found, ...c.suggestions].map((x) => [x.token, x.count]));
            // tokens found in the file, then the ones the user added (the other defaults apply but match nothing here)
            const shown = [...c.found.map((f) => f.token), ...tokens[c.name].filter((x) => !scan.defaults.includes(x) && !c.found.some((f) => f.token === x))];
            const offered = c.suggestions.filter((s) => !active.has(s.token));
            return (
              <tr key={c.name} data-testid={`token-row-${c.name}`}>
                <th scope="row">{c.name}</th>
                <td>
                  <div className="chips">
                    {shown.map((token) =>
                      active.has(token) ? (
                        <button
                          key={token}
                          type="button"
                          className="chip on"
                          aria-label={t('remove', { token, column: c.name })}
                          data-token={token}
                          data-active="true"
                          onClick={() => toggle(c.name, token, false)}
                        >
                          <code>{token}</code> {counts.has(token) && <span className="muted">{cells(counts.get(token)!)}</span>} <span aria-hidden="true">×</span>
                        </button>
                      ) : (
                        <button
                          key={token}
                          type="button"
                          className="chip off"
                          aria-label={t('restore', { token, column: c.name })}
                          data-token={token}
                          data-active="false"
                          onClick={() => toggle(c.name, token, true)}
                        >
                          <s>
                            <code>{token}</code>
                          </s>{' '}
                          {counts.has(token) && <span className="muted">{cells(counts.get(token)!)}</span>} <span aria-hidden="true">+</span>
                        </button>
                      ),
                    )}
                    {!shown.some((x) => active.has(x)) && <span className="muted small">{t('none')}</span>}
                  </div>
                  <form
                    className="row small"
                    onSubmit={(e) => {
                      e.preventDefault();
                      add(c.name);
                    }}
                  >
                    <input
                      value={draft[c.name] ?? ''}
                      onChange={(e) => setDraft((d) => ({ ...d, [c.name]: e.target.value }))}
                      placeholder={t('addPlaceholder')}
                      aria-label={t('addLabel', { column: c.name })}
                      size={10}
                    />
                    <button type="submit">{t('add')}</button>
                  </form>
                </td>
                <td>
                  <div className="chips">
                    {offered.map((s) => (
                      <button
                        key={s.token}
                        type="button"
                        className="chip"
                        aria-label={t('restore', { token: s.token, column: c.name })}
                        data-suggestion={s.token}
                        onClick={() => toggle(c.name, s.token, true)}
                      >
                        <span aria-hidden="true">+</span> <code>{s.token}</code> <span className="muted">{cells(s.count)}</span>
                      </button>
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row" style={{ justifyContent: 'flex-end', marginTop: 12 }}>
        <button type="button" onClick={onCancel} data-testid="token-cancel">
          {t('cancel')}
        </button>
        <button type="button" className="primary" onClick={() => onImport(prep())} data-testid="token-import">
          {t('import')}
        </button>
      </div>
    </div>
  );
}
