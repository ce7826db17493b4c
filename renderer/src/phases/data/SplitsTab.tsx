import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetVersionDetail, SplitInfo } from '../../../../shared/schemas/dataset';
import { formatCount, formatDate, formatPercent } from '../../format';
import { useCommand, useQuery } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { hrefFor } from '../../navigation';
import { DataError } from './DataError';

const parts = ['train', 'validation', 'test'] as const;

/** The train / validation / test splits of a version: make one (fractions, seed, stratification), see the counts. */
export function SplitsTab({ projectId, version }: { projectId: string; version: DatasetVersionDetail }) {
  const { t } = useTranslation('data');
  const ref = { dataset: version.id, project: projectId };
  const splits = useQuery('dataset.splits', ref, ['dataset']);
  const make = useCommand('dataset.split');
  const [percent, setPercent] = useState({ train: '70', validation: '15', test: '15' });
  const [seed, setSeed] = useState('42');
  const [stratify, setStratify] = useState<'auto' | 'yes' | 'no'>('auto');
  // '' = shuffled with the seed; a datetime column = ordered by it (oldest rows train, newest test)
  const [order, setOrder] = useState('');
  const dates = version.columns.filter((c) => c.type === 'datetime').map((c) => c.name);
  const numbers = parts.map((p) => Number(percent[p]));
  const sum = numbers.reduce((a, b) => a + b, 0);
  const seedOk = /^-?\d+$/.test(seed.trim());
  const formError =
    numbers.some((n) => !Number.isFinite(n) || n < 0) || numbers[0] <= 0
      ? t('splits.badFraction')
      : Math.abs(sum - 100) > 1e-6
        ? t('splits.badSum', { sum: formatCount(sum) })
        : !seedOk
          ? t('splits.badSeed')
          : null;

  const submit = async () => {
    if (formError) return;
    await make.run({
      ...ref,
      seed: Number(seed),
      fractions: { train: numbers[0] / 100, validation: numbers[1] / 100, test: numbers[2] / 100 },
      ...(order ? { chronological: order } : stratify === 'auto' ? {} : { stratify: stratify === 'yes' }),
    });
    splits.reload();
  };

  return (
    <div className="grid-2" style={{ alignItems: 'start' }}>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{t('splits.make')}</h2>
        <p className="muted small">{t('splits.intro')}</p>
        <div className="row split-fields">
          {parts.map((p) => (
            <label key={p} className="field">
              <span>{t(`splits.${p}`)} %</span>
              <input type="number" min={0} max={100} step={1} value={percent[p]} onChange={(e) => setPercent((s) => ({ ...s, [p]: e.target.value }))} data-testid={`split-${p}`} />
            </label>
          ))}
          {!order && (
            <label className="field">
              <span>{t('splits.seed')}</span>
              <input type="number" step={1} value={seed} onChange={(e) => setSeed(e.target.value)} data-testid="split-seed" />
            </label>
          )}
        </div>
        {dates.length > 0 && (
          <label className="field">
            <span>{t('splits.order')}</span>
            <select value={order} onChange={(e) => setOrder(e.target.value)} data-testid="split-order">
              <option value="">{t('splits.orderShuffled')}</option>
              {dates.map((d) => (
                <option key={d} value={d}>
                  {t('splits.orderBy', { column: d })}
                </option>
              ))}
            </select>
            <span className="muted small">{t('splits.orderHint')}</span>
          </label>
        )}
        {!order && (
          <label className="field">
            <span>{t('splits.stratify')}</span>
            <select value={stratify} onChange={(e) => setStratify(e.target.value as typeof stratify)}>
              <option value="auto">{t('splits.stratifyAuto')}</option>
              <option value="yes">{t('splits.stratifyYes')}</option>
              <option value="no">{t('splits.stratifyNo')}</option>
            </select>
          </label>
        )}
        {formError && <div className="field-error">{formError}</div>}
        <DataError error={make.error} />
        <div>
          <button type="submit" className="primary" disabled={Boolean(formError) || make.pending} data-testid="split-submit">
            {make.pending ? t('common:state.saving') : t('splits.submit')}
          </button>
        </div>
      </form>
      <div className="card">
        <h2>{t('splits.title')}</h2>
        <ErrorBox error={splits.error} />
        {splits.data && splits.data.length === 0 && <p className="muted">{t('splits.none')}</p>}
        <div className="stack">
          {splits.data?.map((s) => (
            <SplitRow key={s.id} split={s} />
          ))}
        </div>
        {splits.data && splits.data.length > 0 && (
          <div className="row" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
            <span className="muted small grow">{t('splits.next')}</span>
            <a className="button primary" href={hrefFor('train', ['new'], { project: projectId })} data-testid="split-continue">
              {t('design:view.continue', { phase: t('common:phases.train.title') })}
            </a>
          </div>
        )}
      </div>
    </div>
  );
}

function SplitRow({ split }: { split: SplitInfo }) {
  const { t } = useTranslation('data');
  const total = split.counts.train + split.counts.validation + split.counts.test;
  return (
    <div className="split" data-testid="split-row">
      <div className="row small">
        <strong className="grow">{split.chronological ? t('splits.orderBy', { column: split.chronological }) : t('splits.seedN', { seed: split.seed })}</strong>
        <span className={`badge ${split.stratified || split.chronological ? 'accent' : ''}`}>
          {split.chronological ? t('splits.chronological') : split.stratified ? t('splits.stratified') : t('splits.random')}
        </span>
        <span className="muted">{formatDate(split.createdAt)}</span>
      </div>
      <div className="split-bar" aria-hidden="true">
        {parts.map((p, i) => (
          <div key={p} style={{ flexGrow: split.counts[p], background: `var(--series-${i + 1})` }} />
        ))}
      </div>
      <div className="row small">
        {parts.map((p, i) => (
          <span key={p} className="split-legend">
            <span className="swatch" style={{ background: `var(--series-${i + 1})` }} />
            {t(`splits.${p}`)}: <strong>{formatCount(split.counts[p])}</strong>
            <span className="muted"> ({formatPercent(total ? split.counts[p] / total : 0)})</span>
          </span>
        ))}
        {split.excluded > 0 && <span className="muted">{t('splits.excluded', { count: split.excluded, shown: formatCount(split.excluded) })}</span>}
      </div>
    </div>
  );
}
