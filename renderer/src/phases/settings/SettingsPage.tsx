import { useTranslation } from 'react-i18next';
import { backendChoices, themes } from '../../../../shared/constants';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import i18n, { supportedLanguages, systemLanguage } from '../../i18n';
import { applyTheme } from '../../theme';
import { TrustedKeys } from '../deploy/TrustedKeys';

/** Preferences: language, theme, training backend. Saved through the core (electron-store or conf). */
export function SettingsPage() {
  const { t } = useTranslation();
  const prefs = useQuery('prefs.get', {}, ['prefs']);
  const save = useCommand('prefs.set');
  const p = prefs.data;

  const setLanguage = async (value: string) => {
    const language = value === 'system' ? null : (value as (typeof supportedLanguages)[number]);
    const saved = await save.run({ language });
    if (saved) await i18n.changeLanguage(saved.language ?? systemLanguage());
  };
  const setTheme = async (value: (typeof themes)[number]) => {
    const saved = await save.run({ theme: value });
    if (saved) applyTheme(saved.theme);
  };

  return (
    <div>
      <div className="page-head">
        <div className="grow">
          <h1>{t('settings.title')}</h1>
          <p className="subtitle">{t('settings.subtitle')}</p>
        </div>
      </div>
      <ErrorBox error={prefs.error ?? save.error} />
      {p && (
        <div className="card stack" style={{ maxWidth: 520 }}>
          <label className="field">
            {t('settings.language')}
            <select value={p.language ?? 'system'} onChange={(e) => void setLanguage(e.target.value)} data-testid="settings-language">
              <option value="system">{t('settings.systemLanguage')}</option>
              <option value="es">Español</option>
              <option value="en">English</option>
            </select>
          </label>
          <label className="field">
            {t('settings.theme')}
            <select value={p.theme} onChange={(e) => void setTheme(e.target.value as (typeof themes)[number])} data-testid="settings-theme">
              {themes.map((th) => (
                <option key={th} value={th}>
                  {t(`settings.themes.${th}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('settings.backend')}
            <span className="hint">{t('settings.backendHint')}</span>
            <select
              value={p.trainingBackend}
              onChange={(e) => void save.run({ trainingBackend: e.target.value as (typeof backendChoices)[number] })}
              data-testid="settings-backend"
            >
              {backendChoices.map((b) => (
                <option key={b} value={b}>
                  {t(`settings.backends.${b}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <TrustedKeys />
    </div>
  );
}
