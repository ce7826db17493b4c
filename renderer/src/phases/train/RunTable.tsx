import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { runStatuses, templateIds, type RunRowSummary, type RunStatus, type RunSummary } from '../../../../shared/schemas/training';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor, navigate } from '../../navigation';
import { metricDisplayName } from '../../format';
import { fmtDuration, fmtShortDate, fmtInt, fmtNumber, primaryMetric } from './run-format';
import { StatusBadge } from './StatusBadge';
import { useRunPages, type RunFilters } from './useRunPages';

const ROW_HEIGHT = 42;
const MAX_COMPARE = 10;

interface Column {
  id: string;
  /** The run.list sort field (a runSortFields entry or metric:NAME); none = not sortable. */
  sort?: string;
  num?: boolean;
  label: string;
  cell: (r: RunRowSummary) => React.ReactNode;
}

/**
 * Every run of a project: sort, filter and search happen in the core; rows are virtualised and fetched
 * a page at a time, so thousands of runs scroll smoothly. Tick up to 10 runs to compare them.
 */
export function RunTable({ projectId, taskType }: { projectId: string; taskType: string }) {
  const { t } = useTranslation('train');
  const metric = primaryMetric(taskType);
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [template, setTemplate] = useState('');
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' }>({ field: 'createdAt', order: 'desc' });
  const [selected, setSelected] = useState<string[]>([]);

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const filters: RunFilters = {
    project: projectId,
    sort: sort.field,
    order: sort.order,
    ...(debounced ? { search: debounced } : {}),
    ...(status ? { status: [status] } : {}),
    ...(template ? { template } : {}),
    metrics: metric === 'val_loss' ? ['val_loss'] : [metric, 'val_loss'],
  };
  const runs = useRunPages(filters);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = runs.total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = runs;
  useEffect(() => ensure(first, last), [ensure, first, last]);

  const columns = useMemo(
    (): Column[] => [
      {
        id: 'name',
        sort: 'name',
        label: t('table.name'),
        cell: (r) => (
          // a link, so the keyboard (Tab, Enter) opens a run as a click on its row does
          <a
            className="run-name"
            href={hrefFor('train', ['run', r.id], { project: projectId })}
            title={`${r.name} (${r.id})`}
            onClick={(e) => e.stopPropagation()}
            data-testid="run-open"
          >
            {r.name}
          </a>
        ),
      },
      { id: 'status', sort: 'status', label: t('table.status'), cell: (r) => <StatusBadge status={r.status} /> },
      { id: 'dataset', label: t('table.dataset'), cell: (r) => <span className="mono small">{r.datasetRef}</span> },
      {
        id: 'template',
        sort: 'template',
        label: t('table.template'),
        cell: (r) => <span title={t(`template.${r.template}.name`, { defaultValue: r.template })}>{t(`template.${r.template}.short`, { defaultValue: r.template })}</span>,
      },
      { id: 'backend', sort: 'backend', label: t('table.backend'), cell: (r) => <span className="mono small">{r.backend ?? '—'}</span> },
      { id: 'metric', sort: `metric:${metric}`, num: true, label: metricDisplayName(metric), cell: (r) => fmtNumber(r.metrics[metric]) },
      { id: 'val_loss', sort: 'metric:val_loss', num: true, label: metricDisplayName('val_loss'), cell: (r) => fmtNumber(r.metrics.val_loss) },
      { id: 'epochs', sort: 'epochsDone', num: true, label: t('table.epochs'), cell: (r) => `${fmtInt(r.epochsDone)}/${fmtInt(r.epochs)}` },
      { id: 'held', label: t('quality:runs.metricsOf'), cell: (r) => <HeldEpoch run={r} /> },
      { id: 'duration', sort: 'durationMs', num: true, label: t('table.duration'), cell: (r) => fmtDuration(r.durationMs) },
      {
        id: 'created',
        sort: 'createdAt',
        label: t('table.created'),
        cell: (r) => (
          <span className="small" title={fmtShortDate(r.createdAt)}>
            {fmtShortDate(r.createdAt)}
          </span>
        ),
      },
    ],
    [t, metric, projectId],
  );

  const toggleSort = (field: string) =>
    setSort((s) => (s.field === field ? { field, order: s.order === 'asc' ? 'desc' : 'asc' } : { field, order: field === 'name' || field === 'template' ? 'asc' : 'desc' }));
  const toggle = useCallback((id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= MAX_COMPARE ? s : [...s, id])), []);
  const filtered = Boolean(debounced || status || template);

  return (
    <div className="card run-table" data-testid="run-table">
      <div className="row run-toolbar">
        <h2 className="grow">{t('table.title')}</h2>
        <input type="search" placeholder={t('table.search')} aria-label={t('table.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="run-search" />
        <select aria-label={t('table.status')} value={status} onChange={(e) => setStatus(e.target.value as RunStatus | '')} data-testid="run-filter-status">
          <option value="">{t('table.allStatuses')}</option>
          {runStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('table.template')} value={template} onChange={(e) => setTemplate(e.target.value)}>
          <option value="">{t('table.allTemplates')}</option>
          {templateIds.map((id) => (
            <option key={id} value={id}>
              {t(`template.${id}.name`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={selected.length < 2}
          onClick={() => navigate('train', ['compare'], { project: projectId, ids: selected.join(',') })}
          data-testid="run-compare"
        >
          {t('table.compare', { count: selected.length })}
        </button>
      </div>
      <ErrorBox error={runs.error} />
      <div className="small muted run-count">
        {runs.total === undefined ? t('table.loading') : t('table.count', { count: runs.total })}
        {selected.length > 0 && (
          <>
            {' · '}
            {t('table.selected', { count: selected.length, max: MAX_COMPARE })}{' '}
            <button type="button" className="ghost small" onClick={() => setSelected([])}>
              {t('table.clearSelection')}
            </button>
          </>
        )}
      </div>
      <div className="vt" role="table" aria-rowcount={count}>
        <div className="vt-row vt-head" role="row">
          <div role="columnheader" className="vt-check" />
          {columns.map((c) => (
            <div
              key={c.id}
              role="columnheader"
              title={c.label}
              className={`vt-cell vt-${c.id}${c.num ? ' num' : ''}`}
              aria-sort={sort.field === c.sort ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {c.sort ? (
                <button type="button" className="sort" onClick={() => toggleSort(c.sort!)} data-testid={`sort-${c.id}`}>
                  {c.label}
                  <span aria-hidden="true">{sort.field === c.sort ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        <div ref={scrollRef} className="vt-body" style={{ height: Math.min(Math.max(count, 1) * ROW_HEIGHT, 520) }}>
          {count === 0 && runs.total !== undefined ? (
            <div className="empty-rows muted">{filtered ? t('table.noMatch') : t('table.none')}</div>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((v) => {
                const r = runs.row(v.index);
                const on = r ? selected.includes(r.id) : false;
                return (
                  <Row
                    key={v.key}
                    run={r}
                    start={v.start}
                    columns={columns}
                    projectId={projectId}
                    selected={on}
                    disabled={!on && selected.length >= MAX_COMPARE}
                    onToggle={toggle}
                    t={t}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  run: RunRowSummary | undefined;
  start: number;
  columns: Column[];
  projectId: string;
  selected: boolean;
  disabled: boolean;
  onToggle: (id: string) => void;
  t: TFunction<'train'>;
}

/** One row of the table; redrawn only when its run, position, columns or tick change (not on every scroll). */
const Row = memo(function Row({ run: r, start, columns, projectId, selected, disabled, onToggle, t }: RowProps) {
  return (
    <div
      role="row"
      className={`vt-row${r ? ' clickable' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => r && navigate('train', ['run', r.id], { project: projectId })}
      data-testid={r ? 'run-row' : 'run-row-pending'}
      data-run={r?.id}
    >
      <div role="cell" className="vt-check" onClick={(e) => e.stopPropagation()}>
        {r && <input type="checkbox" aria-label={t('table.select', { name: r.name })} checked={selected} disabled={disabled} onChange={() => onToggle(r.id)} />}
      </div>
      {columns.map((c) => (
        <div key={c.id} role="cell" className={`vt-cell vt-${c.id}${c.num ? ' num' : ''}`}>
          {r ? c.cell(r) : <span className="skeleton" />}
        </div>
      ))}
    </div>
  );
});

/** Which epoch's weights the model holds, and so whose metrics the row shows: "epoch 12 (best of 30)". */
export function HeldEpoch({ run }: { run: Pick<RunSummary, 'metricsEpoch' | 'metricsFrom' | 'epochsDone'> }) {
  const { t } = useTranslation('quality');
  if (run.metricsEpoch === null) return <span className="muted">—</span>;
  const text =
    run.metricsFrom === 'best' ? t('runs.heldBest', { epoch: fmtInt(run.metricsEpoch), total: fmtInt(run.epochsDone) }) : t('runs.heldLast', { epoch: fmtInt(run.metricsEpoch) });
  return (
    <span className="small" data-testid="held-epoch" title={t('runs.heldTitle', { which: text })}>
      {text}
    </span>
  );
}
