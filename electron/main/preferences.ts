import path from 'node:path';
import Store from 'electron-store';
import { preferenceStoreOver, preferencesDir, type PreferenceStore } from '../core/preferences/store.js';
import { sanitizeWindowState, type WindowState } from './window-options.js';

/**
 * The folder browser mode and the CLI keep preferences in (the platform config folder for "ciclo", or
 * CICLO_PREFS_DIR). The desktop app keeps its electron-store file in the same place, with the same
 * name, so language and theme are one setting whichever door the user opens.
 */
export function sharedPreferencesDir(): string {
  return process.env.CICLO_PREFS_DIR ? path.resolve(process.env.CICLO_PREFS_DIR) : preferencesDir();
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
