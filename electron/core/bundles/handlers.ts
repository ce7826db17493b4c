import type { bundleMethods } from '../../../shared/contract/bundles.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { BundleService } from './service.js';

/** One BundleService per workspace, made on first use (nothing about bundles runs at start-up). */
const byServices = new WeakMap<Services, BundleService>();
export function bundlesOf(s: Services): BundleService {
  let b = byServices.get(s);
  if (!b) {
    b = new BundleService(s);
    byServices.set(s, b);
  }
  return b;
}

export function bundleHandlers(s: Services): HandlersFor<typeof bundleMethods> {
  const b = () => bundlesOf(s);
  return {
    'keys.show': () => b().keys.show(),
    'keys.list': () => b().keys.list(),
    'keys.trust': (input) => b().keys.trust(input.key, input.name),
    'keys.revoke': (input) => b().keys.revoke(input.key, input.reason),
    'bundle.export': (input) => b().export(input.model, input.output),
    'bundle.download': (input) => b().download(input.file),
    'bundle.verify': (input) => b().verify(input.path),
    'bundle.inspect': (input) => b().inspect(input.path),
    'bundle.import': (input, ctx) => b().import(input, ctx),
    'bundle.provenance': (input) => b().provenance(input.model),
    'model.export': async (input) => (await import('./model-export.js')).exportModel(s, input),
    'model.exportable': async (input) => (await import('./model-export.js')).exportable(s, input.model),
  };
}
