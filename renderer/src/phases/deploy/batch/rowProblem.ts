import type { TFunction } from 'i18next';
import type { PredictResult } from '../../../../../shared/contract/evaluation';

/**
 * A row that could not be scored, in the UI language: its code and params through rows.<lang>.json (the
 * column type named as the Data phase names it); a result stored before codes existed shows the core's
 * English message without its "file line N:" prefix, which the screen gives itself.
 */
export function rowProblemText(t: TFunction, e: PredictResult['errors'][number]): string {
  const english = e.message.replace(/^.*? line \d+: /, '');
  if (!e.code) return english;
  const params = e.params ?? {};
  const type = typeof params.type === 'string' ? t(`data:type.${params.type}`, { defaultValue: params.type }) : undefined;
  return t(`rows:${e.code}`, { ...params, ...(type ? { type } : {}), defaultValue: english });
}
