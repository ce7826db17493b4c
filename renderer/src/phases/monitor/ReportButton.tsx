import { useTranslation } from 'react-i18next';
import { useCommand } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { downloadText } from '../../download';
import { windowInput, type WindowChoice } from './DriftCard';

/** Downloads the offline HTML monitoring report (drift and performance) of the current window, in the UI language. */
export function ReportButton({ model, window }: { model: string; window: WindowChoice }) {
  const { t, i18n } = useTranslation('monitor-loop');
  const report = useCommand('monitor.report');
  const run = async () => {
    const r = await report.run({ model, ...windowInput(window), lang: i18n.language.startsWith('es') ? 'es' : 'en', window: '1d' });
    if (r) downloadText(r.fileName, r.content, r.mimeType);
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={report.pending} data-testid="monitor-report">
        {report.pending ? t('report.making') : t('report.download')}
      </button>
      {report.error && <ErrorBox error={report.error} />}
    </>
  );
}
