import type { registryMethods } from '../../../shared/contract/registry.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { auditTimeline } from './audit-timeline.js';
import { archiveModel, saveCardEdits, updateModel } from './edits.js';
import { lineageOf } from './lineage.js';

export function registryHandlers(s: Services): HandlersFor<typeof registryMethods> {
  const r = () => s.registry;
  return {
    'model.register': (input, ctx) => r().register(input, ctx),
    'model.list': (input) => r().list(input),
    'model.registeredRuns': (input) => r().registeredRuns(input.project),
    'model.get': (input) => r().get(input.model),
    'model.version': (input) => r().version(input.model),
    'model.resolve': (input) => r().resolve(input.model),
    'model.promote': (input, ctx) => r().promote(input, ctx),
    'model.removeAlias': (input, ctx) => r().removeAlias(input, ctx),
    'model.rollback': (input, ctx) => r().rollback(input, ctx),
    'model.holders': (input) => r().holders(input.model, input.at),
    'model.update': (input, ctx) => updateModel(r(), input, ctx),
    'model.archive': (input, ctx) => archiveModel(r(), input, ctx),
    'model.dependants': (input) => r().deletion.dependants(input.model),
    'model.delete': (input, ctx) => r().deletion.delete(input.model, ctx),
    // loaded on first use: the card needs marked and yaml, which other commands never do
    'model.card': async (input) => (await import('./documents.js')).modelCard(r(), s.datasets, input.model, input.lang),
    'model.updateCard': (input, ctx) => saveCardEdits(r(), input.model, input, ctx.door),
    'lineage.get': (input) => lineageOf(r(), s.datasets, input.model),
    'audit.timeline': (input) => auditTimeline(s.db, s.projects, input),
  };
}
