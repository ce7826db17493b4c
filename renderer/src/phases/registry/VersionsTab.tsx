import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDetail } from '../../../../shared/schemas/registry';
import { useQuery } from '../../api/client';
import { hrefFor } from '../../navigation';
import { AliasPanel } from './AliasPanel';
import { GateBadge } from './GateBadge';
import { PromoteForm } from './PromoteForm';
import { StageBadge } from './StageBadge';
import { formatDate, formatMetricValue, metricDisplayName } from '../../format';
import { ruleText } from '../evaluate/metric-format';

/**
 * The move that put a version where it stands now (an alias it still holds, or its current stage) when that
 * move overrode a failing or missing gate with a written reason; the newest such move.
 */
function overrideOf(model: ModelDetail, v: ModelDetail['versions'][number]): ModelDetail['history'][number] | undefined {
  return model.history.find((e) => e.override && e.toVersion === v.version && ((e.alias !== null && v.aliases.includes(e.alias)) || (e.toStage !== null && e.toStage === v.stage)));
}

/** The versions table (gate, stage, aliases per version; `focus` is highlighted), the promote form, and the aliases with their rollback. */
export function VersionsTab({ model, projectId, focus }: { model: ModelDetail; projectId: string; focus?: number }) {
  const { t } = useTranslation('registry-ui');
  const project = useQuery('project.get', { project: model.projectId }, ['project']);
  const [selected, setSelected] = useState<number | undefined>();
  const criteria = (project.data?.criteria ?? []).slice(0, 3);
  const current = model.versions.find((v) => v.version === selected);
  const knownAliases = [...new Set([...Object.keys(model.aliases), ...Object.keys(model.rollbackTargets).filter((k) => k !== 'production')])];

  return (
    <div className="stack">
      <div className="card flush">
        <table className="data versions" data-testid="versions-table">
          <thead>
            <tr>
              <th>{t('versions.version')}</th>
              <th>{t('versions.run')}</th>
              <th>{t('versions.gate')}</th>
              {criteria.map((c) => (
                <th
                  key={c.metric}
                  className="num"
                  title={t('versions.criterionTitle', { metric: metricDisplayName(c.metric), comparator: c.comparator, threshold: formatMetricValue(c.metric, c.threshold) })}
                >
                  {metricDisplayName(c.metric)}
                  <div className="criterion-hint nowrap">{ruleText(c.metric, c.comparator, c.threshold)}</div>
                </th>
              ))}
              <th>{t('versions.stage')}</th>
              <th>{t('versions.aliases')}</th>
              <th>{t('versions.registered')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {model.versions.map((v) => (
              <tr key={v.id} className={v.version === selected ? 'selected' : v.version === focus ? 'focus' : ''} data-testid={`version-row-${v.version}`}>
                <td>
                  <span className="strong">v{v.version}</span>
                  {v.description && <div className="muted small clamp">{v.description}</div>}
                </td>
                <td className="run">
                  <a href={hrefFor('train', ['run', v.runId], { project: projectId })} title={v.runName}>
                    {v.runName}
                  </a>
                  <div className="muted small mono">{v.datasetRef}</div>
                </td>
                <td>
                  <GateBadge gate={v.gate} />
                </td>
                {criteria.map((c) => (
                  <td key={c.metric} className="num">
                    {formatMetricValue(c.metric, v.metrics[c.metric])}
                  </td>
                ))}
                <td>
                  <StageBadge stage={v.stage} />
                  {overrideOf(model, v) && (
                    <div>
                      <span className="badge warn" title={t('versions.overrideTitle', { reason: overrideOf(model, v)!.reason })} data-testid={`version-override-${v.version}`}>
                        ⚠ {t('history.override')}
                      </span>
                    </div>
                  )}
                </td>
                <td>
                  <span className="row tight">
                    {v.aliases.length ? (
                      v.aliases.map((a) => (
                        <span key={a} className={`badge alias ${a === 'champion' ? 'champion' : ''}`}>
                          {a === 'champion' ? `★ ${a}` : a}
                        </span>
                      ))
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </span>
                </td>
                <td className="muted small">{formatDate(v.createdAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    className={v.version === selected ? 'primary' : ''}
                    onClick={() => setSelected(v.version === selected ? undefined : v.version)}
                    disabled={model.archived}
                    data-testid={`promote-open-${v.version}`}
                  >
                    {t('versions.move')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {current && <PromoteForm key={current.id} model={model} version={current} knownAliases={knownAliases} onDone={() => setSelected(undefined)} />}
      <AliasPanel model={model} />
    </div>
  );
}
