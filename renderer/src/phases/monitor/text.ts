import { useTranslation } from 'react-i18next';
import type { Text } from '../../../../shared/schemas/monitoring';
import { formatDate, formatNumber, metricDisplayName } from '../../format';

/** A text the core stored with a monitor: key: translated in the UI language, numbers through Intl, a metric by its name. */
export function useSaid() {
  const { t } = useTranslation('monitor');
  return (x: Text) => {
    const params = Object.fromEntries(
      Object.entries(x.params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : k === 'metric' && typeof v === 'string' ? metricDisplayName(v) : v]),
    );
    return t(x.key.replace(/^monitor:/, ''), { ...params, defaultValue: x.message });
  };
}

export function fmtWhen(iso: string): string {
  return formatDate(iso);
}
