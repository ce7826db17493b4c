import { z } from 'zod';
import { errorCodes, type ErrorShape, type Issue } from './app-error.js';

// AppError, the codes and the plain types live in app-error.ts (no zod); the contract's schemas are here.
export * from './app-error.js';

/** One problem inside an invalid input: where, what (a stable key for i18n), and an English message. */
export const issueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  key: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  message: z.string(),
}) satisfies z.ZodType<Issue>;

export const errorShape = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ErrorShape>;
