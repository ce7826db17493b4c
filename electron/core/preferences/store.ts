import Conf from 'conf';
import { preferencesSchema, type Preferences } from '../../../shared/schemas/preferences.js';

/**
 * One interface for preferences, whatever keeps them. The desktop app passes an electron-store backed
 * implementation; browser mode and the CLI use conf (the library electron-store is built on).
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

/** conf-backed preferences, in the platform's config folder for Ciclo (or `cwd` when given, for tests). */
export function confPreferences(cwd?: string): PreferenceStore {
  const conf = new Conf<Record<string, unknown>>({ projectName: 'ciclo', projectSuffix: '', configName: 'preferences', ...(cwd ? { cwd } : {}) });
  return preferenceStoreOver(conf);
}
