import type { z } from 'zod';

/** One callable method of the API: what it takes, what it returns, and whether it changes state. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** State-changing calls are written to the audit log by the router. */
  mutates: boolean;
  summary: string;
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodDef<I, O> {
  return { input, output, mutates: false, summary };
}

export function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodDef<I, O> {
  return { input, output, mutates: true, summary };
}
