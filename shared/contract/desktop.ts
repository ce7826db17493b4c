import { z } from 'zod';
import { query } from './define.js';

const fileFilter = z.object({
  name: z.string().min(1).max(100),
  extensions: z
    .array(z.string().regex(/^(\*|[A-Za-z0-9]+)$/, 'an extension is letters and digits without the dot, or *'))
    .min(1)
    .max(50),
});

const dialogTitle = z.string().min(1).max(200).optional();

/**
 * Native dialogs: only the desktop app answers them (its main process shows the dialog). Browser mode
 * and the CLI answer with a `conflict` error whose details say `reason: "desktop_only"`; the renderer
 * offers them only when `window.ciclo` exists, and uploads files in browser mode instead.
 */
export const desktopMethods = {
  'dialog.openFile': query(
    z.object({ title: dialogTitle, filters: z.array(fileFilter).max(20).default([]), multiple: z.boolean().default(false) }).default({ filters: [], multiple: false }),
    z.object({ paths: z.array(z.string()) }),
    'Desktop app only: let the user pick a file (or several); an empty list when cancelled.',
  ),
  'dialog.openFolder': query(
    z.object({ title: dialogTitle }).default({}),
    z.object({ path: z.string().nullable() }),
    'Desktop app only: let the user pick a folder; null when cancelled.',
  ),
  'dialog.saveFile': query(
    z.object({ title: dialogTitle, defaultName: z.string().min(1).max(255).optional(), filters: z.array(fileFilter).max(20).default([]) }).default({ filters: [] }),
    z.object({ path: z.string().nullable() }),
    'Desktop app only: let the user choose where to save a file; null when cancelled.',
  ),
};

export const desktopMethodNames = Object.keys(desktopMethods) as (keyof typeof desktopMethods)[];

/** Lifecycle phases a menu item can open. */
export const menuPhases = ['home', 'about', 'design', 'data', 'train', 'evaluate', 'registry', 'deploy', 'monitor', 'settings'] as const;

/**
 * Push events only the desktop app sends: a native menu item asks the renderer to do something (the
 * main process holds no business logic, so it hands the action to the screen that owns it).
 */
export const desktopEvents = {
  'menu.action': z.discriminatedUnion('action', [
    /** Open a phase (or settings). */
    z.object({ action: z.literal('navigate'), phase: z.enum(menuPhases) }),
    /** File > Import data set…: the user picked `path`; the Data phase opens its import form with it. */
    z.object({ action: z.literal('import-dataset'), path: z.string() }),
    /** File > Import bundle… (or a .ciclo file opened with the app): the Deploy phase verifies `path` and shows what importing would do. */
    z.object({ action: z.literal('import-bundle'), path: z.string() }),
    /** File > Export…: the current screen opens its export form. */
    z.object({ action: z.literal('export') }),
  ]),
};
