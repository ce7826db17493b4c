import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preferencesSchema, type Preferences } from '../../../shared/schemas/preferences.js';

/**
 * One interface for preferences, whatever keeps them. The desktop app passes an electron-store backed
 * implementation; browser mode and the CLI read and write the same file as plain JSON (confPreferences).
 */
export interface PreferenceStore {
  get(): Preferences;
  set(patch: { [K in keyof Preferences]?: Preferences[K] | undefined }): Preferences;
}

/** Reads whatever is stored, keeping only valid values (a hand-edited file never breaks the app). */
export function sanitize(raw: unknown): Preferences {
  const base = preferencesSchema.parse({});
  if (!raw || typeof raw !== 'object') return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = preferencesSchema.shape[key as keyof Preferences];
    if (field && field.safeParse(value).success) out[key] = value;
  }
  return preferencesSchema.parse(out);
}

/** A key-value store shaped like both conf and electron-store. */
export interface KeyValueStore {
  store: Record<string, unknown>;
  set(key: string, value: unknown): void;
}

export function preferenceStoreOver(kv: KeyValueStore): PreferenceStore {
  return {
    get: () => sanitize(kv.store),
    set(patch) {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = sanitize({ ...sanitize(kv.store), ...defined });
      for (const [k, v] of Object.entries(next)) kv.set(k, v);
      return next;
    },
  };
}

/**
 * The platform config folder for "ciclo", as conf and electron-store choose it (env-paths with no suffix):
 * ~/.config/ciclo ($XDG_CONFIG_HOME) on Linux, ~/Library/Preferences/ciclo on macOS, %APPDATA%\ciclo\Config
 * on Windows.
 */
export function preferencesDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'ciclo');
  if (process.platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'ciclo', 'Config');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'ciclo');
}

/**
 * Preferences in conf's file (`preferences.json` in the platform config folder, or in `cwd` when given),
 * the same file the desktop app's electron-store reads and writes. Plain JSON read and written here (an
 * atomic rename), so the CLI and browser mode do not load conf and its schema validator to start.
 */
export function confPreferences(cwd?: string): PreferenceStore {
  const file = path.join(cwd ?? preferencesDir(), 'preferences.json');
  const read = (): unknown => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return {}; // missing or hand-broken: the defaults (sanitize keeps only the valid values anyway)
    }
  };
  return {
    get: () => sanitize(read()),
    set(patch) {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = sanitize({ ...sanitize(read()), ...defined });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(next, undefined, '\t'));
      fs.renameSync(tmp, file);
      return next;
    },
  };
}
