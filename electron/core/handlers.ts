import { bundleHandlers } from './bundles/handlers.js';
import { datasetHandlers } from './datasets/handlers.js';
import { desktopOnlyHandlers } from './desktop-handlers.js';
import { evaluationHandlers } from './evaluation/handlers.js';
import { lessonHandlers } from './lessons/handlers.js';
import { maintenanceHandlers } from './maintenance/handlers.js';
import { monitoringHandlers } from './monitoring/handlers.js';
import { projectHandlers } from './projects/handlers.js';
import { registryHandlers } from './registry/handlers.js';
import type { Handlers } from './router.js';
import { servingHandlers } from './serving/handlers.js';
import { trainingHandlers } from './training/handlers.js';
import type { Services } from './services.js';
import { systemHandlers } from './system-handlers.js';

/** Every domain's handlers; a new domain adds one line. The type checks that no method is missing. */
export function createHandlers(s: Services): Handlers {
  return {
    ...systemHandlers(s),
    ...projectHandlers(s),
    ...trainingHandlers(s),
    ...desktopOnlyHandlers(),
    ...datasetHandlers(s),
    ...evaluationHandlers(s),
    ...registryHandlers(s),
    ...maintenanceHandlers(s),
    ...bundleHandlers(s),
    ...servingHandlers(s),
    ...monitoringHandlers(s),
    ...lessonHandlers(s),
  };
}
