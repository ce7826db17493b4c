import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetVersionDetail, TableProfile } from '../../../../shared/schemas/dataset';
import { BarList } from '../../charts/BarList';
import { HeatTable } from '../../charts/HeatTable';
import { Histogram } from '../../charts/Histogram';
import { formatCount, formatNumber, formatPercent } from '../../format';
import { useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { ColumnCard } from './ColumnCard';
import { ImageProfile } from './ImageProfile';
import { StatsTable } from './StatsTable';

/** Column cards shown before "show all": enough for most tables, few enough to stay quick. */
const FIRST_COLUMNS = 12;
/** Correlations with the target shown as bars: the strongest ones. */
const TOP_CORRELATIONS = 15;

/** The profile of a version, as the core computed it at import: charts and statistics, nothing recomputed here. */
export function ProfileTab({ projectId, version }: { projectId: string; version: DatasetVersionDetail }) {
  const { t } = useTranslation('data');
  const profile = useQuery('dataset.profile', { dataset: version.id, project: projectId }, ['dataset']);
  if (profile.error) return <ErrorBox error={profile.error} />;
  if (!profile.data) return <p className="muted">{t('common:state.loading')}</p>;
  if (profile.data.kind === 'images') return <ImageProfile projectId={projectId} version={version} profile={profile.data} />;
  return <TableProfileView p={profile.data} />;
}

function Stat({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'warn' }) {
  return (
    <div className={`stat${tone ? ` ${tone}` : ''}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {note && <div className="small muted">{note}</div>}
    </div>
  );
}

function TableProfileView({ p }: { p: TableProfile }) {
  const { t } = useTranslation('data');
  const [allColumns, setAllColumns] = useState(false);
  const cells = p.rows * p.columnCount;
  const missingCells = p.columns.reduce((n, c) => n + c.missing, 0);
  const withMissing = p.columns.filter((c) => c.missing > 0);
  const target = p.target ? p.columns.find((c) => c.name === p.target!.name) : undefined;
  const others = p.columns.filter((c) => c.name !== p.target?.name);
  const ordered = [...(target ? [target] : []), ...others];
  const shown = allColumns ? ordered : ordered.slice(0, FIRST_COLUMNS);
  // a big matrix gets the full width, under the target correlations
  const wide = p.correlations.columns.length > 8;
  return (
    <div className="stack" style={{ gap: 14 }} data-testid="profile-table">
      <div className="card stats-row">
        <Stat label={t('facts.rows')} value={formatCount(p.rows)} />
        <Stat label={t('facts.columns')} value={formatCount(p.columnCount)} />
        <Stat
          label={t('profile.missingCells')}
          value={formatPercent(cells ? missingCells / cells : 0)}
          note={t('profile.cellsOf', { count: missingCells, shown: formatCount(missingCells) })}
          tone={missingCells ? 'warn' : undefined}
        />
        <Stat
          label={t('profile.duplicates')}
          value={formatCount(p.duplicateRows)}
          note={p.rows ? formatPercent(p.duplicateRows / p.rows) : undefined}
          tone={p.duplicateRows ? 'warn' : undefined}
        />
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>{p.target ? t('profile.targetTitle', { column: p.target.name }) : t('profile.targetNone')}</h2>
          {p.target?.classes ? (
            <BarList
              items={p.target.classes.map((c, i) => ({ label: c.value, value: c.count, colorIndex: i }))}
              label={t('profile.classBalance')}
              formatValue={formatCount}
              integer
              testId="class-balance"
            />
          ) : target?.numeric ? (
            <Histogram
              edges={target.numeric.histogram.edges}
              counts={target.numeric.histogram.counts}
              label={t('profile.histogramOf', { column: target.name })}
              colorIndex={1}
              testId="target-histogram"
            />
          ) : (
            <p className="muted">{t('profile.targetHint')}</p>
          )}
        </div>
        <div className="card">
          <h2>{t('profile.missingTitle')}</h2>
          {withMissing.length ? (
            <BarList
              items={withMissing.map((c) => ({ label: c.name, value: p.rows ? c.missing / p.rows : 0 }))}
              label={t('profile.missingTitle')}
              formatValue={(v) => formatPercent(v, 0)}
              domain={[0, 1]}
              colorIndex={4}
              labelWidth={140}
              testId="missing-chart"
            />
          ) : (
            <p className="muted">
              <span className="badge ok">✓</span> {t('profile.noMissing')}
            </p>
          )}
        </div>
      </div>
      <h2 className="section-title">{t('profile.columnsTitle')}</h2>
      <div className="column-grid">
        {shown.map((c, i) => (
          <ColumnCard key={c.name} column={c} rows={p.rows} colorIndex={i} />
        ))}
      </div>
      {ordered.length > FIRST_COLUMNS && (
        <div>
          <button type="button" onClick={() => setAllColumns((v) => !v)} data-testid="columns-toggle">
            {allColumns ? t('profile.fewerColumns') : t('profile.allColumns', { count: ordered.length })}
          </button>
        </div>
      )}
      <div className="card">
        <h2>{t('profile.statsTitle')}</h2>
        <StatsTable columns={p.columns} rows={p.rows} />
      </div>
      <div className={wide || !p.targetCorrelations.length ? 'stack' : 'grid-2'} style={{ gap: 14 }}>
        {p.targetCorrelations.length > 0 && (
          <div className="card">
            <h2>{t('profile.targetCorrelationsTitle')}</h2>
            <BarList
              items={p.targetCorrelations.slice(0, TOP_CORRELATIONS).map((c) => ({ label: c.column, value: c.value, colorIndex: c.value >= 0 ? 0 : 4 }))}
              label={t('profile.targetCorrelationsTitle')}
              formatValue={(v) => formatNumber(v, 2)}
              domain={[-1, 1]}
              labelWidth={170}
              testId="target-correlations"
            />
            {p.targetCorrelations.length > TOP_CORRELATIONS && (
              <p className="small muted">{t('profile.strongestOf', { shown: TOP_CORRELATIONS, total: p.targetCorrelations.length })}</p>
            )}
          </div>
        )}
        <div className="card">
          <h2>{t('profile.correlationsTitle')}</h2>
          {/* no separate, empty card above the matrix when there is nothing to correlate the target with */}
          {!p.targetCorrelations.length && <p className="small muted">{t('profile.targetCorrelationsNone')}</p>}
          {p.correlations.columns.length >= 2 ? (
            <>
              <HeatTable rows={p.correlations.columns} matrix={p.correlations.matrix} label={t('profile.correlationsTitle')} testId="correlations" />
              <p className="small muted" style={{ marginTop: 8 }}>
                {t('profile.correlationsNote')} {p.correlationsSampled && t('profile.correlationsSampled')}
              </p>
            </>
          ) : (
            <p className="muted">{t('profile.correlationsNone')}</p>
          )}
        </div>
      </div>
    </div>
  );
}
