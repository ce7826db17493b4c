import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/client';

/** Everything a step's check looks at: a change in any of these domains may complete a step. */
const topics = ['project', 'dataset', 'train', 'run', 'eval', 'model', 'bundle', 'keys', 'serving', 'monitor', 'lesson', 'job', 'lineage'];

export function useLang(): 'es' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'es' ? 'es' : 'en';
}

/**
 * One lesson checked against the workspace, in the UI's language. Reloaded when the workspace changes and
 * every two seconds besides (served requests are logged by the server, not through a call).
 */
export function useLesson(lesson: number | null) {
  const lang = useLang();
  const q = useQuery('lesson.status', lesson === null ? null : { lesson, lang }, topics);
  const { reload } = q;
  useEffect(() => {
    if (lesson === null) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [lesson, reload]);
  return q;
}
