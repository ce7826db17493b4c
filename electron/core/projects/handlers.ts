import { checkCriteria } from '../../../shared/schemas/charter.js';
import type { HandlersFor } from '../router.js';
import type { projectMethods } from '../../../shared/contract/projects.js';
import type { Services } from '../services.js';
import { positiveClassOf, projectClasses } from './positive-class.js';
import { positiveIssue } from './service.js';
import { invalid } from '../../../shared/contract/errors.js';

export function projectHandlers(s: Services): HandlersFor<typeof projectMethods> {
  return {
    'project.create': (input) => s.projects.create(input),
    'project.list': (input) => s.projects.list(input.includeArchived),
    'project.get': (input) => s.projects.resolve(input.project),
    'project.update': async (input) => {
      // a positive class must be one of the data's classes (when the project has data already)
      if (input.positiveClass) {
        const found = await projectClasses(s, s.projects.idOf(input.project));
        const labels = found?.classes.map((c) => c.label);
        if (labels && !labels.includes(input.positiveClass)) throw invalid([positiveIssue(input.positiveClass, labels)]);
      }
      return s.projects.update(input);
    },
    'project.archive': (input) => s.projects.archive(input.project, input.archived),
    'project.positiveClass': (input) => positiveClassOf(s, input.project),
    'project.checkCriteria': (input) => ({ issues: checkCriteria(input.taskType, input.criteria) }),
  };
}
