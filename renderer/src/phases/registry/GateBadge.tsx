import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { VersionGate } from '../../../../shared/schemas/registry';
import { formatMetricValue, metricDisplayName } from '../../format';

const symbol: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

const tone = { passed: 'ok', failed: 'bad', missing: 'warn', no_criteria: 'warn' } as const;

/** The gate of a version's latest evaluation: pass, fail (with the failing criteria on hover) or not evaluated. */
export function GateBadge({ gate }: { gate: Pick<VersionGate, 'status'> & Partial<Pick<VersionGate, 'failed'>> }) {
  const { t } = useTranslation('registry-ui');
  const title = gate.failed?.length ? gate.failed.map((c) => criterionText(t, c)).join('\n') : t(`gate.hint.${gate.status}`);
  return (
    <span className={`badge ${tone[gate.status]}`} title={title} data-testid="gate-badge" data-gate={gate.status}>
      {gate.status === 'passed' ? '✓ ' : gate.status === 'failed' ? '✗ ' : '○ '}
      {t(`gate.${gate.status}`)}
    </span>
  );
}

type Check = VersionGate['failed'][number];

/** "accuracy = 0.54, needs ≥ 0.9" in the UI language. */
export function criterionText(t: TFunction, c: Check): string {
  const words = { metric: metricDisplayName(c.metric), comparator: symbol[c.comparator] ?? c.comparator, threshold: formatMetricValue(c.metric, c.threshold) };
  if (c.measured === null) return t('gate.notMeasured', words);
  return t('gate.criterion', { ...words, measured: formatMetricValue(c.metric, c.measured) });
}
