import type { Migration } from './index.js';

/**
 * A split can order rows by a datetime column instead of shuffling them (oldest rows train, newest test):
 * the column's name, null for a shuffled split. The split's identity key (`fractions`) also names it, so a
 * chronological and a shuffled split with the same fractions are two splits.
 */
export const migration: Migration = {
  version: 8,
  name: 'chronological-splits',
  sql: `ALTER TABLE dataset_splits ADD COLUMN chronological TEXT;`,
};
