import type { z } from 'zod';
import { api, isMethod, type MethodName } from '../../shared/contract/api.js';
import type { MethodDef } from '../../shared/contract/define.js';
import { AppError, type ErrorShape, type Issue } from '../../shared/contract/errors.js';

export interface CallContext {
  /** Which door the call came through: 'cli', 'http', 'ipc' or 'test'. */
  door: string;
}

type Handler<D extends MethodDef> = (input: z.output<D['input']>, ctx: CallContext) => z.input<D['output']> | Promise<z.input<D['output']>>;

export type HandlersFor<T extends Record<string, MethodDef>> = { [K in keyof T]: Handler<T[K]> };
export type Handlers = HandlersFor<typeof api>;

export interface AuditSink {
  append(entry: { action: string; projectId?: string | null; subjectId?: string | null; door?: string; details?: Record<string, unknown> }): void;
}

/** zod issues in the contract's shape: a path, a stable key, an English message naming the field. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const where = i.path.length ? i.path.join('.') : 'input';
    return {
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      key: `input.${i.code}`,
      message: `${where}: ${i.message}`,
    };
  });
}

/** Turns anything thrown into the error shape that crosses doors; never a stack trace. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof AppError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Internal error: ${message}` };
}

function auditTarget(method: string, input: Record<string, unknown>, output: unknown): { projectId: string | null; subjectId: string | null } {
  const out = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const projectId = method.startsWith('project.') ? str(out.id) : (str(out.projectId) ?? str(input.projectId) ?? null);
  return { projectId, subjectId: str(out.id) };
}

/**
 * The one path every call takes, whatever the door: known method, input validated with the
 * contract's schema, handler called, state-changing calls written to the audit log, errors mapped.
 */
export function createRouter(handlers: Handlers, audit: AuditSink, onMutated?: (method: string, projectId: string | null) => void) {
  return async function call(method: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    if (!isMethod(method)) {
      throw new AppError('unknown_method', `Unknown method "${method}".`, { method });
    }
    const def = api[method] as MethodDef;
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new AppError('invalid_input', issues.map((i) => i.message).join('\n'), { issues });
    }
    const handler = handlers[method as MethodName] as unknown as (input: unknown, ctx: CallContext) => unknown;
    const result = await handler(parsed.data, ctx);
    const out = def.output.safeParse(result);
    if (!out.success) {
      throw new AppError('internal', `Internal error: ${method} returned data that does not match the contract.`, {
        issues: zodIssues(out.error),
      });
    }
    if (def.mutates) {
      const input = (parsed.data ?? {}) as Record<string, unknown>;
      const target = auditTarget(method, input, out.data);
      // a move that overrode a failing or missing gate says so in the trail, not only in the model's history
      const event = (out.data as { event?: { override?: unknown } } | null)?.event;
      const override = event && typeof event === 'object' && event.override === true ? { override: true } : {};
      audit.append({ action: method, ...target, door: ctx.door, details: { input: truncate(input), ...override } });
      onMutated?.(method, target.projectId);
    }
    return out.data;
  };
}

export type Call = ReturnType<typeof createRouter>;

function truncate(value: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(value);
  return text.length > 4000 ? { truncated: text.slice(0, 4000) } : value;
}
