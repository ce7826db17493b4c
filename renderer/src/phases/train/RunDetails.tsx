import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer, Run, Series } from '../../../../shared/schemas/training';
import { useCommand } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { layerText } from '../../../../shared/names';
import { formatDate, formatFixed, formatNumber, metricDisplayName, uiLanguage, valueDisplayName } from '../../format';
import { fmtDuration, fmtInt, fmtNumber, fmtShape } from './run-format';
import { splitLabel } from './SplitPicker';

const describeLayer = (l: Layer) => layerText(l, uiLanguage());

const EPOCH_ROWS = 50;

/** Column order of the epoch table: loss first, each metric next to its validation twin, learning rate last. */
function columnRank(key: string): string {
  if (key === 'lr') return 'z';
  const base = key.replace(/^val_/, '');
  return `${base === 'loss' ? '0' : '1'}${base}${key.startsWith('val_') ? '1' : '0'}`;
}

function Pairs({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="pairs">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything recorded about a run: metrics per epoch, parameters, design, data, environment, tags, notes. */
export function RunDetails({ run: r, series, durationMs }: { run: Run; series: Series[]; durationMs?: number }) {
  const { t } = useTranslation('train');
  const [showAll, setShowAll] = useState(false);
  const p = r.params;
  const epochKeys = series.filter((s) => !s.key.startsWith('batch/') && !s.key.startsWith('sys/')).sort((a, b) => columnRank(a.key).localeCompare(columnRank(b.key)));
  const allEpochs = [...new Set(epochKeys.flatMap((s) => s.x))].sort((a, b) => b - a);
  const epochs = showAll ? allEpochs : allEpochs.slice(0, EPOCH_ROWS);
  const value = new Map(epochKeys.map((s) => [s.key, new Map(s.x.map((x, i) => [x, s.y[i]]))]));
  const env = r.environment;
  const fixed4 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : Math.abs(v) >= 1e-4 || v === 0 ? formatFixed(v, 4) : fmtNumber(v, 4));
  const weights =
    typeof p.classWeights === 'string'
      ? t(`hp.weights.${p.classWeights}`)
      : Object.entries(p.classWeights)
          .map(([c, w]) => `${c}: ${formatNumber(w, 4)}`)
          .join('; ');
  return (
    <div className="stack run-details">
      <div className="card">
        <h2>{t('run.perEpoch')}</h2>
        {epochs.length === 0 ? (
          <p className="muted">{t('run.noEpochs')}</p>
        ) : (
          <div className="epoch-table" tabIndex={0} role="region" aria-label={t('run.perEpoch')}>
            <table className="data" data-testid="epoch-table">
              <thead>
                <tr>
                  <th className="num">{t('chart.epoch')}</th>
                  {epochKeys.map((s) => (
                    <th key={s.key} className="num">
                      {metricDisplayName(s.key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {epochs.map((e) => (
                  <tr key={e} className={e === r.bestEpoch ? 'best' : undefined}>
                    <td className="num">
                      {e}
                      {e === r.bestEpoch && <span className="badge ok small-badge">{t('run.best')}</span>}
                    </td>
                    {epochKeys.map((s) => (
                      <td key={s.key} className="num">
                        {/* four decimals in every cell, so a column reads down (0,9020 under 0,8824, not 0,902) */}
                        {fixed4(value.get(s.key)?.get(e))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {allEpochs.length > EPOCH_ROWS && (
          <button type="button" className="ghost small" onClick={() => setShowAll(!showAll)}>
            {showAll ? t('run.showRecent', { count: EPOCH_ROWS }) : t('run.showAll', { count: allEpochs.length })}
          </button>
        )}
        {epochKeys.some((s) => s.downsampled) && <p className="small muted">{t('run.epochsDownsampled')}</p>}
      </div>

      <div className="grid-2">
        <div className="card">
          <h2>{t('run.hyperparameters')}</h2>
          <Pairs
            rows={[
              [t('hp.optimizer'), t(`hp.optimizers.${p.optimizer}`) + (p.optimizer !== 'adam' ? ` · ${t('hp.momentum')} ${formatNumber(p.momentum, 4)}` : '')],
              [t('hp.learningRate'), fmtNumber(p.learningRate, 6)],
              [
                t('hp.schedule'),
                t(`hp.schedules.${p.schedule.type}`) +
                  (p.schedule.type === 'step'
                    ? ` · ×${formatNumber(p.schedule.gamma, 4)} / ${p.schedule.stepEpochs}`
                    : p.schedule.type === 'cosine'
                      ? ` · ${t('hp.minLearningRate')} ${formatNumber(p.schedule.minLearningRate, 6)}`
                      : ''),
              ],
              [t('hp.batchSize'), fmtInt(p.batchSize)],
              [t('hp.epochs'), fmtInt(p.epochs)],
              [
                t('hp.earlyStopping'),
                p.earlyStopping.enabled ? t('run.earlyOn', { monitor: metricDisplayName(p.earlyStopping.monitor), patience: p.earlyStopping.patience }) : t('run.off'),
              ],
              [t('hp.classWeights'), weights],
              [t('hp.seed'), String(p.seed)],
            ]}
          />
        </div>
        <div className="card">
          <h2>{t('run.model')}</h2>
          <ol className="layer-list mono small">
            <li>
              {t('layers.input')} {fmtShape(r.inputShape)}
            </li>
            {r.design.layers.map((l, i) => (
              <li key={i}>{describeLayer(l)}</li>
            ))}
            <li>
              {t('layers.head')} {r.classes ? `(${r.classes.length})` : '(1)'}
            </li>
          </ol>
          <p className="small muted">{t('run.paramCount', { count: r.paramCount, total: fmtInt(r.paramCount) })}</p>
        </div>
        <div className="card">
          <h2>{t('run.data')}</h2>
          <Pairs
            rows={[
              [t('design.dataset'), <span className="mono">{r.datasetRef}</span>],
              [t('run.versionId'), <span className="mono small">{r.datasetVersionId}</span>],
              [
                t('run.split'),
                <span data-testid="run-split" title={r.splitId}>
                  {r.split ? (
                    `${splitLabel(t, r.split)} — ${t('quality:split.rows', { train: fmtInt(r.split.counts.train), validation: fmtInt(r.split.counts.validation), test: fmtInt(r.split.counts.test) })}`
                  ) : (
                    <span className="mono small">{r.splitId}</span>
                  )}
                </span>,
              ],
              ...(r.target?.positiveClass ? [[t('quality:positive.show'), <span>{r.target.positiveClass}</span>] as [string, React.ReactNode]] : []),
              ...(r.target?.transform === 'log1p' ? [[r.target.name, <span>{t('quality:target.transformLog')}</span>] as [string, React.ReactNode]] : []),
              ...(r.target?.skewed && r.target.transform === 'none'
                ? [
                    [r.target.name, <span className="small warn-text">{t('quality:target.skewed', { skew: formatNumber(r.target.skewness!, 2) })}</span>] as [
                      string,
                      React.ReactNode,
                    ],
                  ]
                : []),
              [
                t('run.features', { count: r.features.length }),
                <span className="small">{r.features.slice(0, 12).join(', ') + (r.features.length > 12 ? ` … (+${r.features.length - 12})` : '')}</span>,
              ],
              ...(r.classes ? [[t('run.classes', { count: r.classes.length }), <span className="small">{r.classes.join(', ')}</span>] as [string, React.ReactNode]] : []),
            ]}
          />
        </div>
        <div className="card">
          <h2>{t('run.environment')}</h2>
          {env ? (
            <Pairs
              rows={[
                [t('run.backend'), `${env.backend} (${t('run.requested', { backend: valueDisplayName('backend', r.backendRequested) })})`],
                ['Ciclo', env.cicloVersion],
                ['TensorFlow.js', env.tfjsVersion],
                ['Node.js', env.nodeVersion],
                [t('run.os'), env.os],
                [t('run.cpu'), `${env.cpuModel} · ${t('run.cores', { count: env.cpuCount })}`],
                ...(env.trainThreads
                  ? [
                      [
                        t('run.threads'),
                        `${t('run.threads', { count: env.trainThreads })}${env.trainThreadsReason ? ` · ${t(`run.threadReason.${env.trainThreadsReason}`)}` : ''}`,
                      ] as [string, string],
                    ]
                  : []),
                [t('run.memory'), `${fmtInt(env.totalMemoryMb)} MB`],
              ]}
            />
          ) : (
            <p className="muted">{t('run.noEnvironment')}</p>
          )}
          <Pairs
            rows={[
              [t('run.created'), formatDate(r.createdAt)],
              [t('run.started'), formatDate(r.startedAt)],
              [t('run.finished'), formatDate(r.finishedAt)],
              [t('run.duration'), fmtDuration(durationMs ?? r.durationMs)],
              ...(r.resumeCount ? [[t('run.resumes'), String(r.resumeCount)] as [string, string]] : []),
            ]}
          />
        </div>
      </div>
      <RunNotes run={r} />
    </div>
  );
}

function RunNotes({ run }: { run: Run }) {
  const { t } = useTranslation('train');
  const update = useCommand('run.update');
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState(run.notes);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setName(run.name);
    setTags(run.tags.join(', '));
    setNotes(run.notes);
  }, [run.id, run.name, run.tags, run.notes]);
  const tagList = tags
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const changed = name.trim() !== run.name || tagList.join(',') !== run.tags.join(',') || notes !== run.notes;
  return (
    <div className="card stack" data-testid="run-notes">
      <h2>{t('run.notesTitle')}</h2>
      <div className="grid-2">
        <label className="field">
          <span>{t('design.runName')}</span>
          <input value={name} maxLength={120} onChange={(e) => (setName(e.target.value), setSaved(false))} />
        </label>
        <label className="field">
          <span>{t('design.tags')}</span>
          <input value={tags} placeholder={t('design.tagsPlaceholder')} onChange={(e) => (setTags(e.target.value), setSaved(false))} />
        </label>
      </div>
      <label className="field">
        <span>{t('run.notes')}</span>
        <textarea value={notes} maxLength={4000} onChange={(e) => (setNotes(e.target.value), setSaved(false))} placeholder={t('run.notesPlaceholder')} />
      </label>
      <ErrorBox error={update.error} />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!changed || !name.trim() || update.pending}
          onClick={() => void update.run({ id: run.id, name: name.trim(), tags: tagList, notes }).then((r) => r && setSaved(true))}
        >
          {t('run.save')}
        </button>
        {saved && !changed && <span className="small muted">{t('run.saved')}</span>}
      </div>
    </div>
  );
}
