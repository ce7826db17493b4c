import type { z } from 'zod';
import { bundleMethods } from './bundles.js';
import { datasetMethods } from './datasets.js';
import { desktopMethods } from './desktop.js';
import { evaluationMethods } from './evaluation.js';
import { lessonMethods } from './lessons.js';
import { maintenanceMethods } from './maintenance.js';
import { monitoringMethods } from './monitoring.js';
import { preferenceMethods } from './preferences.js';
import { projectMethods } from './projects.js';
import { registryMethods } from './registry.js';
import { servingMethods } from './serving.js';
import { systemMethods } from './system.js';
import { trainingMethods } from './training.js';

/**
 * The whole API: every method any door can call. Each domain keeps its methods in its own file
 * and adds one line here.
 */
export const api = {
  ...systemMethods,
  ...projectMethods,
  ...trainingMethods,
  ...preferenceMethods,
  ...desktopMethods,
  ...datasetMethods,
  ...evaluationMethods,
  ...registryMethods,
  ...maintenanceMethods,
  ...bundleMethods,
  ...servingMethods,
  ...monitoringMethods,
  ...lessonMethods,
};

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>;
export type ParsedInput<M extends MethodName> = z.output<Api[M]['input']>;

export function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}
