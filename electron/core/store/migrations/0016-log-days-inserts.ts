import type { Migration } from './index.js';

/**
 * The per-day totals of the prediction log (0014) are added by the inserts themselves from now on
 * (store/log-day-totals.ts: each batch summed per run, source, day and model name, one upsert per group, in
 * the batch's own transaction) instead of by a trigger per inserted row, which was about 20 us of the ~35 us
 * the log writer spent on each served row. The delete and update triggers stay: retention and clean-up
 * delete rows one statement at a time, and they are rare.
 */
export const migration: Migration = {
  version: 16,
  name: 'log-days-inserts',
  sql: `
    DROP TRIGGER IF EXISTS prediction_log_days_insert;
  `,
};
