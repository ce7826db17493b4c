/**
 * Plain lists the schemas are built from, without zod, for code that must stay light: the renderer's
 * first chunk (home and settings pages) imports them from here. The schema modules re-export them.
 */

/** The lifecycle stages, in order; a project's stage is derived from what exists, never stored. */
export const lifecycleStages = ['designed', 'data', 'trained', 'evaluated', 'registered', 'deployed', 'monitored'] as const;

export const languages = ['es', 'en'] as const;
export const themes = ['system', 'light', 'dark'] as const;
export const backendChoices = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
