import type { lessonMethods } from '../../../shared/contract/lessons.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { LessonService } from './service.js';
import { lessonSummary } from './summary.js';

export function lessonHandlers(s: Services): HandlersFor<typeof lessonMethods> {
  const lessons = new LessonService(s);
  return {
    'lesson.list': (input) => lessons.list(input.lang),
    'lesson.status': (input) => lessons.status(input.lesson, input.lang),
    'lesson.start': (input) => lessons.start(input.lesson, input.lang),
    'lesson.reset': (input) => lessons.reset(input.lesson, input.step, input.lang),
    'lesson.summary': (input) => lessonSummary(s, lessons, input.lang, input.lesson),
  };
}
