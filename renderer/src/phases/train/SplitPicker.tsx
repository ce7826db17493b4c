import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RunSplit } from '../../../../shared/schemas/training';
import { useQuery } from '../../api/client';
import { fmtInt } from './run-format';

/** "seed 42 · 70/15/15 · stratified" (or "chronological by Year · 70/15/15"): a split named by how rows were dealt and its ratios, in the UI language. */
export function splitLabel(t: TFunction, s: Pick<RunSplit, 'seed' | 'fractions' | 'stratified' | 'chronological'>): string {
  const pct = (v: number) => Math.round(v * 100);
  const ratios = { train: pct(s.fractions.train), validation: pct(s.fractions.validation), test: pct(s.fractions.test) };
  return (
    (s.chronological ? t('quality:split.nameChronological', { column: s.chronological, ...ratios }) : t('quality:split.name', { seed: s.seed, ...ratios })) +
    (s.stratified ? ` · ${t('quality:split.stratified')}` : '')
  );
}

/**
 * The split a new run trains on: the version's splits, newest first (the default), each named by its seed
 * and ratios with its row counts; without any, the default one is made when training starts.
 */
export function SplitPicker({ projectId, versionId, value, onChange }: { projectId: string; versionId: string; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation('quality');
  const splits = useQuery('dataset.splits', { project: projectId, dataset: versionId }, ['dataset']);
  const list = [...(splits.data ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const options = list.map((s, i) => ({
    id: i === 0 ? '' : s.id,
    text:
      `${splitLabel(t, s)} — ${t('split.rows', { train: fmtInt(s.counts.train), validation: fmtInt(s.counts.validation), test: fmtInt(s.counts.test) })}` +
      (i === 0 ? ` (${t('split.newest')})` : ''),
  }));
  // a narrow window cuts the chosen split's text: its whole text on hover
  const chosen = options.find((o) => o.id === value)?.text ?? (list.length === 0 ? t('split.default') : undefined);
  return (
    <label className="field">
      <span>{t('split.title')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="design-split" title={chosen}>
        {list.length === 0 && <option value="">{t('split.default')}</option>}
        {options.map((o) => (
          <option key={o.id || 'newest'} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
      <span className="hint">{t('split.hint')}</span>
    </label>
  );
}
