import type { Migration } from './index.js';

/**
 * Teaching mode (issue 16): lesson progress, per workspace.
 * - lesson_progress: one row per lesson started here: the sample project it works on (null before the
 *   learner has one), the language it was started in, when, and how many times the trainer reset it.
 * - lesson_steps: the steps found done, with when and how: 'learner' when the workspace state showed the
 *   learner did it, 'reset' when a reset set the project up past it. A step stays done once recorded, so a
 *   later step that changes the state (a rollback after a promotion) never takes progress away.
 */
export const migration: Migration = {
  version: 13,
  name: 'lessons',
  sql: `
    CREATE TABLE lesson_progress (
      lesson_id TEXT PRIMARY KEY,
      project_id TEXT,
      lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'es')),
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      resets INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE lesson_steps (
      lesson_id TEXT NOT NULL REFERENCES lesson_progress(lesson_id) ON DELETE CASCADE,
      step_id TEXT NOT NULL,
      done_at TEXT NOT NULL,
      how TEXT NOT NULL CHECK (how IN ('learner', 'reset')),
      PRIMARY KEY (lesson_id, step_id)
    );
  `,
};
