import { api } from '../../shared/contract/api.js';
import type { desktopMethods } from '../../shared/contract/desktop.js';
import type { MethodDef } from '../../shared/contract/define.js';
import { AppError, type ErrorShape } from '../../shared/contract/errors.js';
import { toErrorShape, zodIssues, type HandlersFor } from '../core/router.js';
import type { Door } from '../core/door.js';

/** What crosses the IPC channel back to the renderer: never a thrown error, never a stack trace. */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ErrorShape };

/** The dialogs, answered by the main process itself (they need a window). */
export type DesktopHandlers = HandlersFor<typeof desktopMethods>;

export interface InvokeDeps {
  /** The core of the workspace open right now, as a door sees it (File > Open workspace… swaps it). */
  services(): Pick<Door, 'call'>;
  desktop: DesktopHandlers;
  /** Logs internal errors (a bug) for whoever runs the app; the renderer only gets code and message. */
  logError?(method: string, err: unknown): void;
}

export interface InvokeRequest {
  /** True only when the sender is our window's top frame showing our own page. */
  trusted: boolean;
  method: unknown;
  input: unknown;
}

/**
 * The `ciclo:invoke` handler, free of Electron so it can be tested under Node: refuses foreign
 * senders, answers desktop methods here (validated with the contract like any other call) and sends
 * everything else through the core's router, which rejects unknown methods and bad input.
 */
export function createInvokeHandler(deps: InvokeDeps) {
  return async function invoke(req: InvokeRequest): Promise<InvokeResult> {
    try {
      if (!req.trusted) throw new AppError('forbidden', 'This call did not come from the Ciclo window and was refused.');
      if (typeof req.method !== 'string') throw new AppError('invalid_input', 'The method name must be a string.');
      const method = req.method;
      const desktop = deps.desktop as unknown as Record<string, ((input: unknown, ctx: { door: string }) => unknown) | undefined>;
      if (Object.prototype.hasOwnProperty.call(desktop, method)) {
        const def = api[method as keyof typeof api] as MethodDef;
        const parsed = def.input.safeParse(req.input ?? {});
        if (!parsed.success) {
          const issues = zodIssues(parsed.error);
          throw new AppError('invalid_input', issues.map((i) => i.message).join('\n'), { issues });
        }
        const value = def.output.parse(await desktop[method]!(parsed.data, { door: 'ipc' }));
        return { ok: true, value };
      }
      const value = await deps.services().call(method, req.input, { door: 'ipc' });
      return { ok: true, value: value ?? null };
    } catch (err) {
      const error = toErrorShape(err);
      if (error.code === 'internal') deps.logError?.(String(req.method), err);
      return { ok: false, error };
    }
  };
}
