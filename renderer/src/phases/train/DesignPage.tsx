import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Project } from '../../../../shared/schemas/project';
import type { BackendChoice, Hyperparameters, ModelDesign, TemplateId } from '../../../../shared/schemas/training';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import { fmtDay, fmtInt } from './run-format';
import { HyperparamsForm } from './HyperparamsForm';
import { profileImbalance } from '../../../../shared/class-balance';
import { LayerEditor } from './LayerEditor';
import { SplitPicker } from './SplitPicker';
import { useDesignCheck } from './useDesignCheck';

const monitorsFor = (task: string) => (task === 'regression' ? ['val_loss', 'val_mae', 'val_rmse', 'loss', 'mae'] : ['val_loss', 'val_accuracy', 'loss', 'accuracy']);

/** #/train/new: choose the data set version and a template, edit the layers and hyperparameters, start. */
export function DesignPage({ project }: { project: Project }) {
  const { t } = useTranslation('train');
  const datasets = useQuery('dataset.list', { project: project.id }, ['dataset']);
  const [datasetId, setDatasetId] = useState<string>();
  const chosenSet = datasets.data?.find((d) => d.id === datasetId) ?? datasets.data?.[0];
  const versions = useQuery('dataset.versions', chosenSet ? { project: project.id, dataset: chosenSet.id } : null, ['dataset']);
  const [versionId, setVersionId] = useState<string>();
  const version = versions.data?.find((v) => v.id === versionId) ?? versions.data?.[0];
  const templates = useQuery('train.templates', version ? { project: project.id, dataset: version.id } : null, []);
  const prefs = useQuery('prefs.get', {}, ['prefs']);
  const classification = project.taskType !== 'regression';
  const profile = useQuery('dataset.profile', version && classification ? { project: project.id, dataset: version.id } : null, ['dataset']);
  const classes = useMemo(() => {
    const p = profile.data;
    if (!p) return null;
    return p.kind === 'images' ? p.classes.map((c) => c.name) : (p.target?.classes?.map((c) => c.value) ?? null);
  }, [profile.data]);
  const rare = useMemo(() => {
    const p = profile.data;
    if (!p) return null;
    return profileImbalance(p);
  }, [profile.data]);

  const [template, setTemplate] = useState<TemplateId>();
  const [design, setDesign] = useState<ModelDesign>();
  const [params, setParams] = useState<Hyperparameters>();
  const [backend, setBackend] = useState<BackendChoice | ''>('');
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const start = useCommand('train.start');
  const [splitId, setSplitId] = useState('');
  const [logTarget, setLogTarget] = useState(false);

  const available = templates.data ?? [];
  const suited = available.filter((tp) => (version?.kind === 'images' ? tp.inputKind === 'image' : tp.inputKind === 'tabular'));
  // A template is chosen (or re-chosen when the data kind changes): its layers and hyperparameters fill the form.
  useEffect(() => {
    if (!suited.length) return;
    const current = suited.find((tp) => tp.id === template);
    if (current && design) return;
    const pick = current ?? suited[0];
    setTemplate(pick.id);
    setDesign(pick.design);
    setParams(pick.params);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [templates.data, version?.kind]);

  const check = useDesignCheck(project.id, version?.id, design);

  const chooseTemplate = (id: TemplateId) => {
    const tp = available.find((x) => x.id === id);
    if (!tp) return;
    setTemplate(id);
    setDesign(tp.design);
    setParams(tp.params);
  };

  const submit = async () => {
    if (!version || !template || !design || !params) return;
    const run = await start.run({
      project: project.id,
      dataset: version.id,
      template,
      design,
      params,
      ...(backend ? { backend } : {}),
      ...(splitId ? { split: { id: splitId } } : {}),
      ...(logTarget ? { targetTransform: 'log1p' as const } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
      tags: tags
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
    if (run) navigate('train', ['run', run.id], { project: project.id });
  };

  const loadError = datasets.error ?? versions.error ?? templates.error;
  return (
    <div data-testid="train-design">
      <div className="page-head">
        <div className="grow">
          <h1>{t('design.title')}</h1>
          <p className="subtitle">{t('design.subtitle', { project: project.name, task: t(`common:task.${project.taskType}`) })}</p>
        </div>
        <a className="button" href={hrefFor('train', [], { project: project.id })}>
          {t('design.back')}
        </a>
      </div>
      <ErrorBox error={loadError} />

      <div className="grid-2">
        <section className="card stack">
          <h2>{t('design.data')}</h2>
          <label className="field">
            <span>{t('design.dataset')}</span>
            <select value={chosenSet?.id ?? ''} onChange={(e) => (setDatasetId(e.target.value), setVersionId(undefined))} data-testid="design-dataset">
              {(datasets.data ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('design.version')}</span>
            <select value={version?.id ?? ''} onChange={(e) => setVersionId(e.target.value)} data-testid="design-version">
              {(versions.data ?? []).map((v) => (
                <option key={v.id} value={v.id}>
                  {t('design.versionLabel', { version: v.version, rows: fmtInt(v.rows), date: fmtDay(v.createdAt) })}
                </option>
              ))}
            </select>
            {version && (
              <span className="hint">
                {version.target ? t('design.target', { target: version.target }) : t('design.noTarget')} · {t(`design.kind.${version.kind}`)}
              </span>
            )}
          </label>
          {version && <SplitPicker projectId={project.id} versionId={version.id} value={splitId} onChange={setSplitId} />}
          {project.taskType === 'regression' && (
            <label className="row small" style={{ gap: 6, fontWeight: 400 }}>
              <input type="checkbox" checked={logTarget} onChange={(e) => setLogTarget(e.target.checked)} data-testid="design-log-target" />
              {t('quality:target.log')}
            </label>
          )}
        </section>

        <section className="card stack">
          <h2>{t('design.template')}</h2>
          <div className="template-list" role="radiogroup" aria-label={t('design.template')}>
            {available.map((tp) => {
              const fits = suited.includes(tp);
              return (
                <label key={tp.id} className={`template-option${template === tp.id ? ' selected' : ''}${fits ? '' : ' unsuited'}`} data-testid={`template-${tp.id}`}>
                  <input type="radio" name="template" checked={template === tp.id} disabled={!fits} onChange={() => chooseTemplate(tp.id)} />
                  <span>
                    <strong>{t(`template.${tp.id}.name`)}</strong>
                    <span className="small muted block">{fits ? t(`template.${tp.id}.description`) : t('design.templateUnsuited')}</span>
                  </span>
                </label>
              );
            })}
            {templates.loading && <span className="spinner" />}
          </div>
        </section>
      </div>

      <section className="card">
        <div className="row">
          <h2 className="grow">{t('design.layers')}</h2>
          {check.check && (
            <span className={`badge ${check.check.ok ? 'ok' : 'bad'}`} data-testid="design-check">
              {check.check.ok
                ? t('design.checkOk', { count: check.check.totalParams, total: fmtInt(check.check.totalParams) })
                : t('design.checkBad', { count: check.check.issues.length })}
            </span>
          )}
        </div>
        <p className="small muted">{t('design.layersHelp')}</p>
        <ErrorBox error={check.error} />
        {design ? <LayerEditor design={design} check={check.check} checking={check.checking} onChange={setDesign} /> : <span className="spinner" />}
      </section>

      <section className="card">
        <h2>{t('design.hyperparameters')}</h2>
        {params && prefs.data ? (
          <HyperparamsForm
            params={params}
            onChange={setParams}
            monitors={monitorsFor(project.taskType)}
            classes={classification ? classes : null}
            imbalance={classification ? rare : null}
            backend={backend}
            onBackend={setBackend}
            defaultBackend={prefs.data.trainingBackend}
          />
        ) : (
          <span className="spinner" />
        )}
      </section>

      <section className="card start-bar">
        <label className="field">
          <span>{t('design.runName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('design.runNamePlaceholder')} maxLength={120} data-testid="design-name" />
        </label>
        <label className="field">
          <span>{t('design.tags')}</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={t('design.tagsPlaceholder')} />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!version || !design || !params || start.pending || (check.check && !check.check.ok)}
          onClick={() => void submit()}
          data-testid="train-start"
        >
          {start.pending ? <span className="spinner" /> : '▶'} {t('design.start')}
        </button>
        <div className="start-summary small muted">
          {params && check.check ? t('design.summary', { epochs: params.epochs, batch: params.batchSize, params: fmtInt(check.check.totalParams) }) : '\u00a0'}
        </div>
        {start.error && (
          <div style={{ flex: '1 1 100%' }}>
            <ErrorBox error={start.error} />
          </div>
        )}
      </section>
    </div>
  );
}
