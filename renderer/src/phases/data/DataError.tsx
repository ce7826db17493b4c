import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../../shared/contract/errors';
import { useDataIssueText } from './issueText';

export interface ErrorLike {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * An error from an import, an upload or a schema change: the heading from the error code, then each
 * issue translated from the data namespace (the core names file, line and column in its params).
 */
export function DataError({ error, testId }: { error: ErrorLike | undefined | null; testId?: string }) {
  const { t } = useTranslation('data');
  const text = useDataIssueText();
  if (!error) return null;
  const issues = (error.details?.issues as Issue[] | undefined) ?? [];
  const heading = t(`errorCode.${error.code}`, { defaultValue: t(`errors:code.${error.code}`, { defaultValue: t('errors:code.internal') }) });
  return (
    <div className="alert error" role="alert" data-testid={testId}>
      <strong>{heading}</strong>
      {issues.length ? (
        <ul>
          {issues.map((i, n) => (
            <li key={n}>{text(i)}</li>
          ))}
        </ul>
      ) : (
        <div>{error.message}</div>
      )}
    </div>
  );
}
