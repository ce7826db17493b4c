import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../../shared/contract/errors';
import { taskTypes, type TaskType } from '../../../../shared/metrics';
import { checkCriteria, type Criterion } from '../../../../shared/schemas/charter';
import type { Project } from '../../../../shared/schemas/project';
import type { AppError } from '../../../../shared/contract/errors';
import { ErrorBox } from '../../components/ErrorBox';
import { CriteriaEditor, toDraft, type CriterionDraft } from './CriteriaEditor';
import { PositiveClassField } from './PositiveClassField';

export interface CharterValues {
  name: string;
  taskType: TaskType;
  description: string;
  intendedUse: string;
  owner: string;
  criteria: Criterion[];
  /** Binary tasks: the class the model is meant to find; null when not chosen. */
  positiveClass: string | null;
}

interface Props {
  initial?: Project;
  submitLabel: string;
  pending: boolean;
  error?: AppError;
  onSubmit: (values: CharterValues) => void;
  onCancel: () => void;
  /** A project with trained models keeps its task type. */
  lockTask?: boolean;
}

function parseDrafts(drafts: CriterionDraft[]): { criteria: Criterion[]; badNumbers: number[] } {
  const badNumbers: number[] = [];
  const criteria = drafts.map((d, i) => {
    const text = d.threshold.trim().replace(',', '.');
    const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
    if (!text || !Number.isFinite(n)) badNumbers.push(i);
    return { metric: d.metric, comparator: d.comparator, threshold: Number.isFinite(n) ? n : 0 };
  });
  return { criteria, badNumbers };
}

/** The project charter: checked as the user types with the same rules the core applies on save. */
export function CharterForm({ initial, submitLabel, pending, error, onSubmit, onCancel, lockTask }: Props) {
  const { t } = useTranslation('design');
  const [name, setName] = useState(initial?.name ?? '');
  const [taskType, setTaskType] = useState<TaskType>(initial?.taskType ?? 'multiclass');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [intendedUse, setIntendedUse] = useState(initial?.intendedUse ?? '');
  const [owner, setOwner] = useState(initial?.owner ?? '');
  const [positive, setPositive] = useState(initial?.positiveClass ?? '');
  const [drafts, setDrafts] = useState<CriterionDraft[]>((initial?.criteria ?? []).map(toDraft));
  const [touched, setTouched] = useState(false);

  const { criteria, badNumbers } = useMemo(() => parseDrafts(drafts), [drafts]);
  const localIssues = useMemo(() => checkCriteria(taskType, criteria).filter((i) => !badNumbers.includes(i.path[1] as number)), [taskType, criteria, badNumbers]);
  const serverIssues = ((error?.details?.issues as Issue[] | undefined) ?? []).filter((i) => i.path[0] === 'criteria');
  const criteriaIssues = localIssues.length ? localIssues : serverIssues;
  const nameMissing = touched && !name.trim();
  const nameIssue = ((error?.details?.issues as Issue[] | undefined) ?? []).find((i) => i.path[0] === 'name');
  const blocked = !name.trim() || badNumbers.length > 0 || localIssues.length > 0;
  const otherError = error && !(error.details?.issues as Issue[] | undefined)?.every((i) => i.path[0] === 'criteria' || i.path[0] === 'name') ? error : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (blocked) return;
    onSubmit({ name: name.trim(), taskType, description, intendedUse, owner, criteria, positiveClass: taskType === 'binary' && positive.trim() ? positive.trim() : null });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate data-testid="charter-form" style={{ maxWidth: 760 }}>
      <label className="field">
        {t('form.name')}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={nameMissing || Boolean(nameIssue)}
          maxLength={80}
          autoFocus
          data-testid="charter-name"
        />
        {nameMissing && <span className="field-error">{t('form.nameRequired')}</span>}
        {nameIssue && <span className="field-error">{t(`errors:${nameIssue.key}`, { ...(nameIssue.params ?? {}), defaultValue: nameIssue.message })}</span>}
      </label>
      <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0 }} disabled={lockTask}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('form.task')}</legend>
        <div className="row" role="radiogroup">
          {taskTypes.map((tt) => (
            <label key={tt} className="row" style={{ gap: 4, fontWeight: 400 }}>
              <input type="radio" name="task" value={tt} checked={taskType === tt} onChange={() => setTaskType(tt)} data-testid={`task-${tt}`} />
              {t(`common:task.${tt}`)}
            </label>
          ))}
        </div>
        <span className="muted small">{lockTask ? t('form.taskLocked') : t(`form.taskHint.${taskType}`)}</span>
      </fieldset>
      {taskType === 'binary' && <PositiveClassField projectId={initial?.id} value={positive} onChange={setPositive} />}
      <label className="field">
        {t('form.description')}
        <span className="hint">{t('form.descriptionHint')}</span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} />
      </label>
      <label className="field">
        {t('form.intendedUse')}
        <span className="hint">{t('form.intendedUseHint')}</span>
        <textarea value={intendedUse} onChange={(e) => setIntendedUse(e.target.value)} maxLength={4000} />
      </label>
      <label className="field">
        {t('form.owner')}
        <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} />
      </label>
      <div className="stack" style={{ gap: 6 }}>
        <div>
          <h3 style={{ margin: 0 }}>{t('criteria.title')}</h3>
          <span className="muted small">{t('criteria.hint')}</span>
        </div>
        <CriteriaEditor task={taskType} value={drafts} onChange={setDrafts} issues={criteriaIssues} badNumbers={badNumbers} positiveClass={positive.trim() || null} />
      </div>
      <ErrorBox error={otherError} />
      <div className="row">
        <button type="submit" className="primary" disabled={pending || (touched && blocked)} data-testid="charter-submit">
          {pending ? t('common:state.saving') : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
