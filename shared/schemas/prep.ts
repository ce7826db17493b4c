import { z } from 'zod';

/**
 * How a column's raw cells become model input, decided at import and stored with each column (and, once
 * trained, in the model package): which cell texts mean "missing", how a missing value is filled, and how a
 * date is turned into features. The defaults live here, in one place, for the core and the renderer.
 */

/** Cell texts read as missing by default, whatever the column type (compared after trimming spaces); an empty cell is always missing. */
export const defaultMissingTokens = ['NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', '?', 'NaN', 'nan'] as const;

export const missingStrategies = ['mean', 'median', 'mode', 'constant', 'category'] as const;
export const missingStrategySchema = z.enum(missingStrategies);
export type MissingStrategy = z.infer<typeof missingStrategySchema>;

export const dateHandlings = ['parts', 'raw', 'ignore'] as const;
export const dateHandlingSchema = z.enum(dateHandlings);
export type DateHandling = z.infer<typeof dateHandlingSchema>;

/**
 * How a date column's text is written: year first (ISO 2024-12-31, the default), day first (31/12/2024, as
 * Spanish and most European spreadsheets write dates) or month first (12/31/2024, as in the United States).
 */
export const dateOrders = ['ymd', 'dmy', 'mdy'] as const;
export const dateOrderSchema = z.enum(dateOrders);
export type DateOrder = z.infer<typeof dateOrderSchema>;

/** The calendar features a date column gives with the 'parts' handling (hour only when the column holds times). */
export const dateParts = ['year', 'month', 'day_of_week', 'day_of_year', 'hour'] as const;
export type DatePart = (typeof dateParts)[number];

/** The preparation fields of a column (all optional in stored versions: absent means the default). */
export const columnPrepFields = {
  /** Cell texts read as missing besides the empty cell; a number (such as 0) matches by value. */
  missingTokens: z.array(z.string()).optional(),
  /** How a missing value is filled in training and prediction. */
  missingStrategy: missingStrategySchema.optional(),
  /** The fill value of the 'constant' strategy. */
  missingConstant: z.string().optional(),
  /** Adds a 0/1 feature saying the value was missing (only when the training rows have missing values). */
  missingIndicator: z.boolean().optional(),
  /** Datetime columns: calendar parts (default), the raw timestamp, or left out. */
  dateHandling: dateHandlingSchema.optional(),
  /** Datetime columns: how the dates are written (absent: year first, ISO). */
  dateOrder: dateOrderSchema.optional(),
};

export interface ColumnPrep {
  missingTokens: string[];
  missingStrategy: MissingStrategy;
  missingConstant: string | null;
  missingIndicator: boolean;
  dateHandling: DateHandling;
  dateOrder: DateOrder;
}

type PrepInput = { type: 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text' } & {
  missingTokens?: string[];
  missingStrategy?: MissingStrategy;
  missingConstant?: string;
  missingIndicator?: boolean;
  dateHandling?: DateHandling;
  dateOrder?: DateOrder;
};

/** The default strategy for a type: median for numbers and dates, the most frequent value for booleans, its own category otherwise. */
export function defaultStrategy(type: PrepInput['type']): MissingStrategy {
  if (type === 'numeric' || type === 'datetime') return 'median';
  if (type === 'boolean') return 'mode';
  return 'category';
}

/** Which strategies a type accepts. */
export function strategiesFor(type: PrepInput['type']): MissingStrategy[] {
  if (type === 'categorical' || type === 'text') return ['category', 'mode', 'constant'];
  return ['median', 'mean', 'mode', 'constant'];
}

/** A column's effective preparation: its stored choices, defaults for the rest. */
export function columnPrep(c: PrepInput): ColumnPrep {
  const strategy = c.missingStrategy && strategiesFor(c.type).includes(c.missingStrategy) ? c.missingStrategy : defaultStrategy(c.type);
  return {
    missingTokens: c.missingTokens ?? [...defaultMissingTokens],
    missingStrategy: strategy,
    missingConstant: strategy === 'constant' ? (c.missingConstant ?? '') : null,
    missingIndicator: c.missingIndicator ?? strategy !== 'category',
    dateHandling: c.dateHandling ?? 'parts',
    dateOrder: c.dateOrder ?? 'ymd',
  };
}

/** The non-default preparation choices of a column (what identifies a version besides names, types and roles). */
export function prepChoices(c: PrepInput): Partial<ColumnPrep> | null {
  const eff = columnPrep(c);
  const def = columnPrep({ type: c.type });
  const out: Partial<ColumnPrep> = {};
  if (eff.missingTokens.join('\u0000') !== def.missingTokens.join('\u0000')) out.missingTokens = eff.missingTokens;
  if (eff.missingStrategy !== def.missingStrategy) out.missingStrategy = eff.missingStrategy;
  if (eff.missingConstant !== def.missingConstant) out.missingConstant = eff.missingConstant;
  if (eff.missingIndicator !== def.missingIndicator) out.missingIndicator = eff.missingIndicator;
  if (c.type === 'datetime' && eff.dateHandling !== def.dateHandling) out.dateHandling = eff.dateHandling;
  if (c.type === 'datetime' && eff.dateOrder !== def.dateOrder) out.dateOrder = eff.dateOrder;
  return Object.keys(out).length ? out : null;
}
