import { useTranslation } from 'react-i18next';
import type { AppError, Issue } from '../../../shared/contract/errors';

/** Translates an issue by its key (namespace "errors"), falling back to the core's English message. */
export function useIssueText() {
  const { t } = useTranslation('errors');
  return (issue: Issue) => t(issue.key, { ...(issue.params ?? {}), defaultValue: issue.message });
}

/** Shows an error from the core: its issues one per line when it has them, else its message. */
export function ErrorBox({ error }: { error: AppError | { code: string; message: string; details?: Record<string, unknown> } | undefined }) {
  const { t } = useTranslation('errors');
  const issueText = useIssueText();
  if (!error) return null;
  const issues = (error.details?.issues as Issue[] | undefined) ?? [];
  return (
    <div className="alert error" role="alert">
      <strong>{t(`code.${error.code}`, { defaultValue: t('code.internal') })}</strong>
      {issues.length ? (
        <ul>
          {issues.map((i, n) => (
            <li key={n}>{issueText(i)}</li>
          ))}
        </ul>
      ) : (
        <div>{error.message}</div>
      )}
    </div>
  );
}
