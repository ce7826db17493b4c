import { useTranslation } from 'react-i18next';

/** A text the core sends with a stable i18n key (namespace-qualified, e.g. "evaluate:warning.single_class"). */
export interface KeyedText {
  key?: string | null;
  params?: Record<string, unknown> | null;
  message: string;
}

/** Translates a keyed text from the core, falling back to its English message (older evaluations have no key). */
export function useSaid() {
  const { t } = useTranslation('evaluate');
  return (text: KeyedText): string => (text.key ? t(text.key, { ...(text.params ?? {}), defaultValue: text.message }) : text.message);
}
