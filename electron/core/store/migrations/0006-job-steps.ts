import type { Migration } from './index.js';

/**
 * A job's current step as a stable i18n key with its parameters (JSON), next to the English message,
 * so a UI can say what the job is doing in the user's language.
 */
export const migration: Migration = {
  version: 6,
  name: 'job-steps',
  sql: `ALTER TABLE jobs ADD COLUMN step TEXT;`,
};
