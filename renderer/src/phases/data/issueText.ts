import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../format';

/**
 * An issue's params as shown: fractions as percentages, numbers in the UI language, column types and
 * task types translated. `count` stays a number so plural forms work.
 */
function displayParams(params: Record<string, unknown>, t: TFunction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === 'count') out[k] = v;
    else if (k === 'fraction' && typeof v === 'number') out[k] = formatPercent(v);
    else if (typeof v === 'number') out[k] = formatNumber(v, 3);
    else if (k === 'type' && typeof v === 'string') out[k] = t(`data:type.${v}`, { defaultValue: v });
    else if (k === 'strategy' && typeof v === 'string') out[k] = t(`data:prep.strategy.${v}`, { defaultValue: v }).toLowerCase();
    else if (k === 'task' && typeof v === 'string') out[k] = t(`common:task.${v}`, { defaultValue: v }).toLowerCase();
    else out[k] = v;
  }
  return out;
}

/**
 * Translates a data issue or an import error issue by its stable key (namespace "data", e.g.
 * "validate.constant_column"), falling back to the errors namespace and then to the core's English text.
 */
export function useDataIssueText() {
  const { t } = useTranslation('data');
  return (issue: { key: string; params?: Record<string, unknown>; message: string }) => {
    const params = displayParams(issue.params ?? {}, t);
    return t(`issue.${issue.key}`, { ...params, defaultValue: t(`errors:${issue.key}`, { ...params, defaultValue: issue.message }) });
  };
}
