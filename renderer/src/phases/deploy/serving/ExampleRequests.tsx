import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServedModel } from '../../../../../shared/schemas/serving';
import { snippet, type Language, type Protocol } from './snippets';

/** Example requests for a served model, one tab per protocol and language, with a copy button. */
export function ExampleRequests({ baseUrl, model, token }: { baseUrl: string; model: ServedModel; token: string | null }) {
  const { t } = useTranslation('serving');
  const [protocol, setProtocol] = useState<Protocol>('tfserving');
  const [language, setLanguage] = useState<Language>('curl');
  const [copied, setCopied] = useState(false);
  const text = snippet(baseUrl, model, protocol, language, token);
  const copy = async () => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="serving-examples" data-testid={`serving-examples-${model.name}`}>
      <div className="row">
        <select aria-label={t('examples.protocol')} value={protocol} onChange={(e) => setProtocol(e.target.value as Protocol)} data-testid="serving-example-protocol">
          <option value="tfserving">{t('examples.tfserving')}</option>
          <option value="mlflow">{t('examples.mlflow')}</option>
          <option value="v2">{t('examples.v2')}</option>
        </select>
        <select aria-label={t('examples.language')} value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="serving-example-language">
          <option value="curl">curl</option>
          <option value="python">Python requests</option>
          <option value="js">JavaScript fetch</option>
        </select>
        <button type="button" className="ghost" onClick={() => void copy()} data-testid="serving-example-copy">
          {copied ? t('examples.copied') : t('examples.copy')}
        </button>
      </div>
      <pre className="mono small" data-testid="serving-example-text">
        {text}
      </pre>
    </div>
  );
}
