/**
 * The desktop app's IPC channels. Kept free of imports: the sandboxed preload bundles this file and may
 * load nothing but `electron` at run time.
 */
/** Renderer -> main: `invoke(method, input)`, answered with `{ ok: true, value }` or `{ ok: false, error }`. */
export const INVOKE_CHANNEL = 'ciclo:invoke';
/** Main -> renderer: push events as `{ event, payload }`. */
export const EVENT_CHANNEL = 'ciclo:event';
