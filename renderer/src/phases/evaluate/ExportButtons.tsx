import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/contract/errors';
import { client } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { downloadText } from '../../download';

/** Export an evaluation as the core's self-contained HTML report (in the UI language) or as JSON. */
export function ExportButtons({ evaluationId }: { evaluationId: string }) {
  const { t, i18n } = useTranslation('evaluate');
  const [pending, setPending] = useState<'html' | 'json' | null>(null);
  const [error, setError] = useState<AppError | undefined>();
  const run = async (format: 'html' | 'json') => {
    setPending(format);
    setError(undefined);
    try {
      const lang = i18n.language === 'es' ? 'es' : 'en';
      const doc = await client.call('eval.export', { id: evaluationId, format, lang });
      downloadText(doc.fileName, doc.content, doc.mimeType);
    } catch (err) {
      setError(err as AppError);
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="stack" style={{ gap: 6 }}>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" onClick={() => void run('html')} disabled={pending !== null} data-testid="export-html">
          {pending === 'html' && <span className="spinner" />} {t('page.exportHtml')}
        </button>
        <button type="button" onClick={() => void run('json')} disabled={pending !== null} data-testid="export-json">
          {pending === 'json' && <span className="spinner" />} {t('page.exportJson')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
    </div>
  );
}
