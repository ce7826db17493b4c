import { useTranslation } from 'react-i18next';
import { useCommand } from '../api/client';
import { ErrorBox } from '../components/ErrorBox';
import { downloadText } from '../download';
import { useLang } from './useLesson';

/** Exports what the workspace did (one lesson's project, or everything), from the audit log, as HTML. */
export function SummaryButton({ lesson }: { lesson?: number }) {
  const { t } = useTranslation('lessons');
  const lang = useLang();
  const summary = useCommand('lesson.summary');
  const run = async () => {
    const r = await summary.run({ lesson, lang });
    if (r) downloadText(r.fileName, r.html, r.mimeType);
  };
  return (
    <>
      <button type="button" onClick={() => void run()} disabled={summary.pending} data-testid={lesson ? `lesson-summary-export-${lesson}` : 'workspace-summary-export'}>
        {lesson ? t('ui.summaryLesson') : t('ui.summary')}
      </button>
      <ErrorBox error={summary.error} />
    </>
  );
}
