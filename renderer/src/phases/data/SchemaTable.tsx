import { useTranslation } from 'react-i18next';
import { columnRoles, columnTypes, type Column, type ColumnProfile, type DataIssue } from '../../../../shared/schemas/dataset';
import { formatCount, formatPercent } from '../../format';
import { BreakableName } from '../../components/BreakableName';
import { PrepCells } from './PrepCells';
import { prepDraftOf, type PrepDraft, type SchemaDraft } from './schemaDraft';

const severityBadge = { error: 'bad', warning: 'warn', info: 'accent' } as const;

/**
 * Every column with its inferred type and role as selects; edited cells are marked until applied.
 * Missing and distinct counts and a few example values help decide.
 */
export function SchemaTable({
  columns,
  rows,
  draft,
  editable,
  profiles,
  issues,
  onType,
  onRole,
  onPrep,
}: {
  columns: Column[];
  rows: number;
  draft: SchemaDraft;
  editable: boolean;
  profiles: Map<string, ColumnProfile>;
  issues: DataIssue[];
  onType: (name: string, type: Column['type']) => void;
  onRole: (name: string, role: Column['role']) => void;
  onPrep: (name: string, patch: Partial<PrepDraft>) => void;
}) {
  const { t } = useTranslation('data');
  return (
    <div className="table-scroll">
      <table className="data schema-table" data-testid="schema-table">
        <thead>
          <tr>
            <th>{t('schema.column')}</th>
            <th>{t('schema.type')}</th>
            <th>{t('schema.role')}</th>
            <th className="num">{t('schema.missing')}</th>
            <th title={t('prep.strategyHint')}>{t('prep.strategyTitle')}</th>
            <th title={t('prep.tokensHint')}>{t('prep.tokensTitle')}</th>
            <th title={t('prep.dateTitleHint')}>{t('prep.dateTitle')}</th>
            <th className="num">{t('schema.distinct')}</th>
            <th>{t('schema.examples')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const p = profiles.get(c.name);
            const type = draft.types[c.name] ?? c.type;
            const role = draft.roles[c.name] ?? c.role;
            const mine = issues.filter((i) => i.column === c.name);
            const worst = mine.find((i) => i.severity === 'error') ?? mine.find((i) => i.severity === 'warning') ?? mine[0];
            return (
              <tr key={c.name} data-column={c.name} className={role === 'ignore' ? 'ignored' : undefined}>
                <td>
                  <BreakableName name={c.name} className="col-name" />
                  {worst && (
                    <span className={`badge ${severityBadge[worst.severity]}`} title={mine.map((i) => i.message).join('\n')} style={{ marginLeft: 6 }}>
                      {mine.length > 1 ? t('schema.findings', { count: mine.length }) : t(`severity.${worst.severity}`)}
                    </span>
                  )}
                </td>
                <td className={type !== c.type ? 'edited' : undefined}>
                  <select value={type} disabled={!editable} onChange={(e) => onType(c.name, e.target.value as Column['type'])} aria-label={t('schema.typeOf', { column: c.name })}>
                    {columnTypes.map((k) => (
                      <option key={k} value={k}>
                        {t(`type.${k}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className={role !== c.role ? 'edited' : undefined}>
                  <select value={role} disabled={!editable} onChange={(e) => onRole(c.name, e.target.value as Column['role'])} aria-label={t('schema.roleOf', { column: c.name })}>
                    {columnRoles.map((k) => (
                      <option key={k} value={k}>
                        {t(`role.${k}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">
                  {c.missing ? (
                    <>
                      {formatCount(c.missing)} <span className="muted small">({formatPercent(rows ? c.missing / rows : 0)})</span>
                    </>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
                <PrepCells
                  column={c.name}
                  type={type}
                  role={role}
                  prep={draft.prep[c.name] ?? prepDraftOf(c)}
                  stored={prepDraftOf(c)}
                  editable={editable}
                  onPrep={(patch) => onPrep(c.name, patch)}
                />
                <td className="num">{p ? formatCount(p.distinct) : '—'}</td>
                <td className="examples muted small" translate="no" title={p?.examples.join(', ')}>
                  {p?.examples.slice(0, 4).join(', ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
