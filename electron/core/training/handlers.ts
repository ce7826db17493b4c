import type { trainingMethods } from '../../../shared/contract/training.js';
import type { ProjectService } from '../projects/service.js';
import type { HandlersFor } from '../router.js';
import type { Db } from '../store/db.js';
import { runRows } from '../store/run-rows.js';
import type { TrainingService } from './service.js';

export function trainingHandlers(s: { training: TrainingService; projects: ProjectService; db: Db }): HandlersFor<typeof trainingMethods> {
  return {
    'train.templates': (input) => s.training.templates(input),
    'train.designCheck': (input) => s.training.designCheck(input),
    'train.start': (input) => s.training.start(input),
    'run.list': (input) => s.training.list(input),
    'run.rows': ({ metrics, ...q }) => runRows(s.db, { ...q, projectId: q.project ? s.projects.resolve(q.project).id : undefined }, metrics),
    'run.get': (input) => s.training.get(input.id),
    'run.series': (input) => s.training.seriesOf(input),
    'run.compare': (input) => s.training.compare(input),
    'run.wait': (input) => s.training.wait(input.id),
    'run.cancel': (input) => s.training.cancel(input),
    'run.resume': (input) => s.training.resume(input),
    'run.update': (input) => s.training.update(input),
  };
}
