import path from 'node:path';
import Conf from 'conf';
import Store from 'electron-store';
import { preferenceStoreOver, type PreferenceStore } from '../core/preferences/store.js';
import { sanitizeWindowState, type WindowState } from './window-options.js';

/**
 * The folder browser mode and the CLI keep preferences in (conf's platform config folder for "ciclo",
 * or CICLO_PREFS_DIR). The desktop app keeps its electron-store file in the same place, with the same
 * name, so language and theme are one setting whichever door the user opens.
 */
export function sharedPreferencesDir(): string {
  if (process.env.CICLO_PREFS_DIR) return path.resolve(process.env.CICLO_PREFS_DIR);
  const probe = new Conf<Record<string, unknown>>({ projectName: 'ciclo', projectSuffix: '', configName: 'preferences' });
  return path.dirname(probe.path);
}

/** electron-store behind the core's PreferenceStore interface. */
export function desktopPreferences(): PreferenceStore {
  const store = new Store<Record<string, unknown>>({ cwd: sharedPreferencesDir(), name: 'preferences', clearInvalidConfig: true });
  return preferenceStoreOver(store);
}

/** Size and position of the window, remembered in the app's own folder (userData). */
export function windowStateStore() {
  const store = new Store<Record<string, unknown>>({ name: 'window-state', clearInvalidConfig: true });
  return {
    get: (): WindowState => sanitizeWindowState(store.store),
    set: (state: WindowState) => {
      store.store = { ...state };
    },
  };
}
