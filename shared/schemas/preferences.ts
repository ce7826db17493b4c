import { z } from 'zod';
import { backendChoices, languages, themes } from '../constants.js';

export { backendChoices, languages, themes };

/** User preferences: one preferences.json, written by electron-store in the desktop app and read and written as plain JSON by browser mode and the CLI. */
export const preferencesSchema = z.object({
  /** null follows the system locale. */
  language: z.enum(languages).nullable().default(null),
  theme: z.enum(themes).default('system'),
  /** Which training backend to use; auto tries tfjs-node, then wasm, then cpu. */
  trainingBackend: z.enum(backendChoices).default('auto'),
  recentWorkspaces: z.array(z.string()).max(10).default([]),
});
export type Preferences = z.infer<typeof preferencesSchema>;
/** A change to some preferences: only the fields given are touched (no defaults filled in). */
export const preferencesPatchSchema = z.object({
  language: z.enum(languages).nullable().optional(),
  theme: z.enum(themes).optional(),
  trainingBackend: z.enum(backendChoices).optional(),
  recentWorkspaces: z.array(z.string()).max(10).optional(),
});
