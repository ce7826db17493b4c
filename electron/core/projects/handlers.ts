import { checkCriteria } from '../../../shared/schemas/charter.js';
import type { HandlersFor } from '../router.js';
import type { projectMethods } from '../../../shared/contract/projects.js';
import type { Services } from '../services.js';

export function projectHandlers(s: Services): HandlersFor<typeof projectMethods> {
  return {
    'project.create': (input) => s.projects.create(input),
    'project.list': (input) => s.projects.list(input.includeArchived),
    'project.get': (input) => s.projects.resolve(input.project),
    'project.update': (input) => s.projects.update(input),
    'project.archive': (input) => s.projects.archive(input.project, input.archived),
    'project.checkCriteria': (input) => ({ issues: checkCriteria(input.taskType, input.criteria) }),
  };
}
