import type { maintenanceMethods } from '../../../shared/contract/maintenance.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';

export function maintenanceHandlers(s: Services): HandlersFor<typeof maintenanceMethods> {
  return {
    'workspace.gc': (input) => s.gc.collect({ dryRun: input.dryRun, graceMs: input.graceSeconds * 1000 }),
  };
}
