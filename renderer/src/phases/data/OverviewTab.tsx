import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataIssue, DatasetVersionDetail, TableProfile } from '../../../../shared/schemas/dataset';
import { fixFor, fixLabel } from './fixes';
import type { TaskType } from '../../../../shared/metrics';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { DataError } from './DataError';
import { IssueList } from './IssueList';
import { SchemaTable } from './SchemaTable';
import { TargetCard } from './TargetCard';
import { useSchemaDraft, type SchemaDraft } from './schemaDraft';
import { useTargetSaver, type TargetSaved } from './targetSaver';
import type { ColumnRole } from '../../../../shared/schemas/dataset';

/** Target and task fit, validation findings, import warnings and the editable schema of one version. */
export function OverviewTab({
  projectId,
  version,
  taskType,
  onSaved,
  onTargetSaved,
  carried,
  savedTarget,
}: {
  projectId: string;
  version: DatasetVersionDetail;
  taskType?: TaskType;
  onSaved: (versionId: string) => void;
  /** the target was saved (a new version); `draft` holds the schema edits not applied yet */
  onTargetSaved: (saved: TargetSaved, draft: SchemaDraft) => void;
  /** schema edits carried over from the version before a target change */
  carried?: SchemaDraft;
  /** the target save that made this version, to confirm it */
  savedTarget?: TargetSaved;
}) {
  const { t } = useTranslation('data');
  const ref = { dataset: version.id, project: projectId };
  const validation = useQuery('dataset.validate', ref, ['dataset', 'project']);
  const profile = useQuery('dataset.profile', ref, ['dataset']);
  const update = useCommand('dataset.updateSchema');
  const { draft, setType, setRole, setPrep, change, reset } = useSchemaDraft(version.columns, carried);
  const latestDraft = useRef(draft);
  latestDraft.current = draft;
  const target = useTargetSaver(projectId, version, (saved) => onTargetSaved(saved, latestDraft.current));
  // the target role moves at once (saved), any other role waits in the draft
  const onRole = (name: string, role: ColumnRole) => {
    if (role === 'target') target.choose(name);
    else if (name === target.shown) target.choose(null, role);
    else setRole(name, role);
  };
  // the schema table shows the target being saved
  const shownDraft = useMemo(() => {
    if (!target.saving) return draft;
    const roles = { ...draft.roles };
    for (const n of Object.keys(roles)) if (roles[n] === 'target') roles[n] = target.oldRole ?? 'feature';
    if (target.shown) roles[target.shown] = 'target';
    return { ...draft, roles };
  }, [draft, target.saving, target.shown, target.oldRole]);
  const table = profile.data?.kind === 'table' ? (profile.data as TableProfile) : undefined;
  const profiles = useMemo(() => new Map((table?.columns ?? []).map((c) => [c.name, c])), [table]);
  const editable = version.kind === 'table' && !update.pending;
  const targetEditable = version.kind === 'table' && !update.pending;
  const issues = validation.data?.issues ?? [];

  const apply = async () => {
    const r = await update.run({ ...ref, types: change.types, roles: change.roles, prep: change.prep });
    if (r) onSaved(r.version.id);
  };

  // one-click fixes: read the offending values (stray strings, or 0) as missing, or ignore a constant or leaking column, in a new version
  const fix = fixFor(version.columns);
  const runFix = async (i: DataIssue) => {
    const f = fix(i);
    if (!f) return;
    const r = await update.run({ ...ref, ...f });
    if (r) onSaved(r.version.id);
  };
  const action = (i: DataIssue) =>
    fix(i) && version.kind === 'table' ? (
      <button type="button" className="small" disabled={update.pending} onClick={() => void runFix(i)} data-testid={`fix-${i.key}-${i.column}`}>
        {t(fixLabel(i.key))}
      </button>
    ) : null;

  return (
    <div className="stack" style={{ gap: 14 }}>
      <div className="grid-2">
        <TargetCard
          columns={version.columns}
          value={target.shown}
          stored={version.target}
          onTarget={(name) => target.choose(name)}
          editable={targetEditable}
          saving={target.saving}
          saved={savedTarget}
          error={target.error}
          taskType={taskType}
          issues={validation.data?.issues}
          profile={table}
        />
        <div className="card">
          <div className="row">
            <h2 className="grow" style={{ margin: 0 }}>
              {t('validation.title')}
            </h2>
            {validation.data && <span className={`badge ${validation.data.ok ? 'ok' : 'bad'}`}>{validation.data.ok ? t('validation.ready') : t('validation.blocked')}</span>}
          </div>
          <p className="muted small">{t('validation.intro')}</p>
          <ErrorBox error={validation.error} />
          {validation.data && <IssueList issues={issues} testId="validation-list" emptyText={t('validation.none')} action={action} />}
          {version.importWarnings.length > 0 && (
            <>
              <h3 style={{ marginTop: 14 }}>{t('validation.importWarnings')}</h3>
              <IssueList issues={version.importWarnings} testId="import-warnings" />
            </>
          )}
        </div>
      </div>
      <div className="card">
        <div className="row" style={{ marginBottom: 8 }}>
          <div className="grow">
            <h2 style={{ margin: 0 }}>{t('schema.title')}</h2>
            <p className="muted small" style={{ margin: 0 }}>
              {version.kind === 'table' ? t('schema.intro') : t('schema.imagesFixed')}
            </p>
          </div>
          {change.count > 0 && (
            <>
              <span className="badge warn">{t('schema.unsaved', { count: change.count })}</span>
              <button type="button" onClick={reset} disabled={update.pending}>
                {t('schema.reset')}
              </button>
              <button type="button" className="primary" onClick={() => void apply()} disabled={update.pending} data-testid="schema-apply">
                {update.pending ? t('common:state.saving') : t('schema.apply')}
              </button>
            </>
          )}
        </div>
        <DataError error={update.error} testId="schema-error" />
        <SchemaTable
          columns={version.columns}
          rows={version.rows}
          draft={shownDraft}
          editable={editable}
          profiles={profiles}
          issues={[...issues, ...version.importWarnings]}
          onType={setType}
          onRole={onRole}
          onPrep={setPrep}
        />
        {change.count > 0 && (
          <p className="muted small" style={{ marginTop: 8 }}>
            {t('schema.applyHint')} {t('schema.targetSavesAtOnce')}
          </p>
        )}
      </div>
    </div>
  );
}
