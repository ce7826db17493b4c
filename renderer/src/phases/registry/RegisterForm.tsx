import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import { GateBadge } from './GateBadge';
import { formatDate } from '../../format';

/** Registers a finished run's model package as the next version of a named model. */
export function RegisterForm({ projectId, run: initialRun, model: initialModel }: { projectId: string; run?: string; model?: string }) {
  const { t } = useTranslation('registry-ui');
  const runs = useQuery('run.list', { project: projectId, status: ['succeeded'], limit: 200 }, ['run', 'train']);
  const evaluations = useQuery('eval.list', { project: projectId, limit: 1000 }, ['eval']);
  const models = useQuery('model.list', { project: projectId, includeArchived: false }, ['model']);
  const registered = useQuery('model.registeredRuns', { project: projectId }, ['model']);
  const register = useCommand('model.register');
  const [run, setRun] = useState(initialRun ?? '');
  const [name, setName] = useState(initialModel ?? '');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState('');
  const error = runs.error ?? evaluations.error ?? models.error ?? registered.error;
  if (error) return <ErrorBox error={error} />;
  if (!runs.data || !evaluations.data || !models.data || !registered.data) return <span className="spinner" />;

  const items = runs.data.items;
  const chosen = run || items[0]?.id || '';
  // eval.list is newest first: the first evaluation of a run is its latest, the one promotion checks.
  const latestEval = (runId: string) => evaluations.data!.find((e) => e.runId === runId);
  const chosenEval = chosen ? latestEval(chosen) : undefined;
  const versionsOf = (runId: string) => registered.data!.filter((r) => r.runId === runId);
  const chosenVersions = chosen ? versionsOf(chosen) : [];
  const existing = models.data.find((m) => m.name === name.trim());

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const tagList = tags
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const v = await register.run({ run: chosen, name: name.trim(), description: description.trim() || undefined, tags: tagList.length ? tagList : undefined });
    if (v) navigate('registry', ['model', v.modelName, 'versions'], { project: projectId, v: String(v.version) });
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} data-testid="register-form">
      <div className="page-head">
        <div className="grow">
          <h1>{t('register.title')}</h1>
          <p className="subtitle">{t('register.subtitle')}</p>
        </div>
        <a className="button" href={hrefFor('registry', [], { project: projectId })}>
          {t('register.back')}
        </a>
      </div>
      {items.length === 0 ? (
        <div className="card empty-rows">
          <p>{t('register.noRuns')}</p>
          <a href={hrefFor('train', [], { project: projectId })}>{t('register.goTrain')}</a>
        </div>
      ) : (
        <div className="card stack">
          <label className="field">
            {t('register.run')}
            <select value={chosen} onChange={(e) => setRun(e.target.value)} data-testid="register-run">
              {items.map((r) => {
                const ev = latestEval(r.id);
                const gate = ev ? t(`gate.${ev.gateStatus}`) : t('gate.missing');
                const refs = versionsOf(r.id).map((v) => v.ref);
                return (
                  <option key={r.id} value={r.id}>
                    {t('register.runOption', { name: r.name, dataset: r.datasetRef, date: formatDate(r.finishedAt ?? r.createdAt), gate })}
                    {refs.length > 0 ? t('register.registeredSuffix', { refs: refs.join(', ') }) : ''}
                  </option>
                );
              })}
            </select>
            <span className="hint">{t('register.runHint')}</span>
          </label>
          {chosen && (
            <div className="row small" data-testid="register-gate">
              <GateBadge gate={{ status: chosenEval ? chosenEval.gateStatus : 'missing' }} />
              <span className="muted">
                {chosenEval ? t('register.evaluatedOn', { dataset: chosenEval.datasetRef, date: formatDate(chosenEval.createdAt) }) : t('register.notEvaluated')}
              </span>
              {chosenVersions.length > 0 && (
                <span className="badge accent" data-testid="register-already">
                  {t('register.already', { refs: chosenVersions.map((v) => `${v.modelName} v${v.version}`).join(', ') })}
                </span>
              )}
            </div>
          )}
          <label className="field">
            {t('register.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} list="registry-model-names" placeholder="iris-classifier" required data-testid="register-name" />
            <datalist id="registry-model-names">
              {models.data.map((m) => (
                <option key={m.id} value={m.name} />
              ))}
            </datalist>
            <span className="hint">{existing ? t('register.nameExisting', { name: existing.name, version: (existing.latestVersion ?? 0) + 1 }) : t('register.nameHint')}</span>
          </label>
          <label className="field">
            {t('register.description')}
            <textarea
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              rows={3}
              placeholder={t('register.descriptionPlaceholder')}
              data-testid="register-description"
            />
          </label>
          <label className="field">
            {t('register.tags')}
            <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={t('register.tagsPlaceholder')} />
          </label>
          <ErrorBox error={register.error} />
          <div className="row">
            <button type="submit" className="primary" disabled={register.pending || !chosen} data-testid="register-submit">
              {register.pending ? t('common:state.saving') : t('register.submit')}
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
