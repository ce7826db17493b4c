import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataIssue } from '../../../../shared/schemas/dataset';
import { useDataIssueText } from './issueText';

const order = { error: 0, warning: 1, info: 2 } as const;
const badge = { error: 'bad', warning: 'warn', info: 'accent' } as const;

/** Findings about a version, most severe first, each with its severity and the column it concerns. */
export function IssueList({ issues, testId, emptyText, action }: { issues: DataIssue[]; testId?: string; emptyText?: string; action?: (issue: DataIssue) => ReactNode }) {
  const { t } = useTranslation('data');
  const text = useDataIssueText();
  const sorted = [...issues].sort((a, b) => order[a.severity] - order[b.severity]);
  if (sorted.length === 0) {
    return emptyText ? (
      <p className="muted" data-testid={testId}>
        <span className="badge ok">✓</span> {emptyText}
      </p>
    ) : null;
  }
  return (
    <ul className="issues" data-testid={testId}>
      {sorted.map((i, n) => (
        <li key={n} className={`issue ${i.severity}`} data-key={i.key} data-severity={i.severity}>
          <span className={`badge ${badge[i.severity]}`}>{t(`severity.${i.severity}`)}</span>
          <span className="grow">{text(i)}</span>
          {action?.(i)}
        </li>
      ))}
    </ul>
  );
}
