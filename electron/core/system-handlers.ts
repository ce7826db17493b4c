import type { preferenceMethods } from '../../shared/contract/preferences.js';
import type { systemMethods } from '../../shared/contract/system.js';
import type { HandlersFor } from './router.js';
import type { Services } from './services.js';

export function systemHandlers(s: Services): HandlersFor<typeof systemMethods & typeof preferenceMethods> {
  return {
    'system.info': () => s.info(),
    'job.list': (input) => s.jobs.list({ ...input, projectId: input.projectId ? s.projects.idOf(input.projectId) : undefined }),
    'job.get': (input) => s.jobs.get(input.id),
    'job.wait': (input) => s.jobs.wait(input.id),
    'job.cancel': (input) => s.jobs.cancel(input.id),
    'prefs.get': () => s.preferences.get(),
    'prefs.set': (input) => s.preferences.set(input),
    'audit.list': (input) => s.audit.list({ ...input, projectId: input.projectId ? s.projects.idOf(input.projectId) : undefined }),
  };
}
