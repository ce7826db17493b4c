import type { LessonLang } from '../lessons/texts.js';
import type { Db } from './db.js';
import { all, one, run, statement, transaction } from './sql.js';

/** The teaching mode's tables: a lesson's progress (lesson_progress) and the steps done (lesson_steps). */

export interface LessonProgressRow {
  lesson_id: string;
  project_id: string | null;
  lang: LessonLang;
  started_at: string;
  updated_at: string;
  resets: number;
}

export interface LessonStepRow {
  step_id: string;
  done_at: string;
  how: 'learner' | 'reset';
}

export function lessonProgress(db: Db, lessonId: string): LessonProgressRow | undefined {
  return one<LessonProgressRow>(db, 'SELECT * FROM lesson_progress WHERE lesson_id = ?', lessonId);
}

export function lessonSteps(db: Db, lessonId: string): LessonStepRow[] {
  return all<LessonStepRow>(db, 'SELECT step_id, done_at, how FROM lesson_steps WHERE lesson_id = ?', lessonId);
}

/** Records a step the learner did (a step already recorded stays as it was). */
export function recordLearnerStep(db: Db, lessonId: string, stepId: string, at: string): void {
  run(db, "INSERT OR IGNORE INTO lesson_steps (lesson_id, step_id, done_at, how) VALUES (?, ?, ?, 'learner')", lessonId, stepId, at);
}

export function setLessonLang(db: Db, lessonId: string, lang: LessonLang, at: string): void {
  run(db, 'UPDATE lesson_progress SET lang = ?, updated_at = ? WHERE lesson_id = ?', lang, at, lessonId);
}

/**
 * In one transaction: the lesson's (new) project and language, a reset counted, and its done steps
 * replaced by `doneSteps`, recorded as done by the reset.
 */
export function saveLessonSetup(db: Db, s: { lessonId: string; projectId: string; lang: LessonLang; at: string; reset: boolean; doneSteps: string[] }): void {
  transaction(db, () => {
    run(
      db,
      `INSERT INTO lesson_progress (lesson_id, project_id, lang, started_at, updated_at, resets) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (lesson_id) DO UPDATE SET project_id = excluded.project_id, lang = excluded.lang, updated_at = excluded.updated_at, resets = resets + ?`,
      s.lessonId,
      s.projectId,
      s.lang,
      s.at,
      s.at,
      s.reset ? 1 : 0,
      s.reset ? 1 : 0,
    );
    run(db, 'DELETE FROM lesson_steps WHERE lesson_id = ?', s.lessonId);
    const insert = statement(db, "INSERT INTO lesson_steps (lesson_id, step_id, done_at, how) VALUES (?, ?, ?, 'reset')");
    for (const stepId of s.doneSteps) insert.run(s.lessonId, stepId, s.at);
  });
}
