import { useTranslation } from 'react-i18next';
import type { VersionDiff } from '../../../../shared/schemas/dataset';
import { formatCount } from '../../format';

/** What changed between two versions, as short badges and lines; "no change in rows" is said too. */
export function DiffSummary({ diff }: { diff: VersionDiff }) {
  const { t } = useTranslation('data');
  const parts: { tone: string; text: string }[] = [];
  if (diff.rowsAdded) parts.push({ tone: 'ok', text: t('diff.rowsAdded', { count: diff.rowsAdded, shown: formatCount(diff.rowsAdded) }) });
  if (diff.rowsRemoved) parts.push({ tone: 'bad', text: t('diff.rowsRemoved', { count: diff.rowsRemoved, shown: formatCount(diff.rowsRemoved) }) });
  for (const c of diff.columnsAdded) parts.push({ tone: 'ok', text: t('diff.columnAdded', { column: c }) });
  for (const c of diff.columnsRemoved) parts.push({ tone: 'bad', text: t('diff.columnRemoved', { column: c }) });
  for (const c of diff.columnsRetyped) parts.push({ tone: 'warn', text: t('diff.retyped', { column: c.name, from: t(`type.${c.from}`), to: t(`type.${c.to}`) }) });
  // a target change is said once, not also as two role changes
  const roles = diff.targetChanged ? diff.rolesChanged.filter((c) => c.from !== 'target' && c.to !== 'target') : diff.rolesChanged;
  for (const c of roles) parts.push({ tone: 'accent', text: t('diff.role', { column: c.name, from: t(`role.${c.from}`), to: t(`role.${c.to}`) }) });
  if (diff.targetChanged) {
    parts.push({ tone: 'accent', text: t('diff.target', { from: diff.targetChanged.from ?? t('diff.noTarget'), to: diff.targetChanged.to ?? t('diff.noTarget') }) });
  }
  return (
    <div className="diff" data-testid="diff-summary">
      {parts.length === 0 ? (
        <span className="muted small">{t('diff.none')}</span>
      ) : (
        parts.map((p, i) => (
          <span key={i} className={`badge ${p.tone}`}>
            {p.text}
          </span>
        ))
      )}
      {!diff.rowsAdded && !diff.rowsRemoved && parts.length > 0 && <span className="muted small">{t('diff.sameRows')}</span>}
    </div>
  );
}
