import type { evaluationMethods } from '../../../shared/contract/evaluation.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';

export function evaluationHandlers(s: Services): HandlersFor<typeof evaluationMethods> {
  /** A run id as is, or a registered model (M, M@VERSION, M@alias) as the run of that version: the same from every door. */
  const runOf = (ref: string) => s.registry.resolveRunRef(ref).runId;
  return {
    'eval.start': (input) => s.evaluation.start({ ...input, run: runOf(input.run) }),
    'eval.candidates': (input) => s.evaluation.candidates(runOf(input.run), input.includeIncompatible),
    'eval.get': (input) => s.evaluation.get(input.id),
    'eval.list': (input) => s.evaluation.list(input),
    'eval.compare': (input) => s.evaluation.compare(input.a, input.b),
    'eval.slice': (input) => s.evaluation.slice(input.id, input.feature, { bins: input.bins, maxCategories: input.maxCategories }),
    'eval.sliceable': (input) => s.evaluation.sliceable(input.id),
    'eval.export': (input) => s.evaluation.exportReport(input.id, input.format, input.lang),
    'eval.predict': (input) => {
      const ref = s.registry.resolveRunRef(input.run);
      return s.evaluation.startPredict({ ...input, run: ref.runId, model: ref.model ? { name: ref.model.modelName, version: ref.model.version } : null });
    },
  };
}
