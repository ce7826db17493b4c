import type { z } from 'zod';
import type { lessonSchema } from '../../../shared/contract/lessons.js';
import { AppError } from '../../../shared/contract/errors.js';
import { nowIso } from '../ids.js';
import { withInProcessTraining } from '../training/in-process.js';
import type { Services } from '../services.js';
import { lessonProgress, lessonSteps, recordLearnerStep, saveLessonSetup, setLessonLang, type LessonProgressRow } from '../store/lesson-store.js';
import { projectRow } from '../store/project-store.js';
import { lessons, type LessonDef } from './definitions.js';
import { classmateDir, withClassmateDb } from './classmate.js';
import { base, solvers, uniqueProjectName } from './setup.js';
import { readLessonState } from './state.js';
import { lessonText, type LessonLang } from './texts.js';

type LessonOut = z.input<typeof lessonSchema>;

/** Teaching mode: lessons checked against the workspace state, their progress, start and reset. */
export class LessonService {
  /** Lessons being set up in this process (a second start or reset of the same lesson waits its turn: refused). */
  private busy = new Set<string>();

  constructor(private readonly s: Services) {}

  resolve(ref: number | string): LessonDef {
    const found = lessons.find((l) => l.number === ref || l.id === ref || String(l.number) === String(ref));
    if (!found) {
      throw new AppError('not_found', `There is no lesson "${ref}". Lessons: ${lessons.map((l) => `${l.number} (${l.id})`).join(', ')}.`, { lesson: ref });
    }
    return found;
  }

  private progress(id: string): LessonProgressRow | undefined {
    return lessonProgress(this.s.db, id);
  }

  /** Checks every step against the state, records newly done steps (in order), and describes the lesson. */
  status(ref: number | string, lang?: LessonLang): LessonOut {
    const lesson = this.resolve(ref);
    const row = this.progress(lesson.id);
    const language: LessonLang = lang ?? row?.lang ?? 'en';
    const project = row?.project_id ? projectRow(this.s.db, row.project_id) : undefined;
    const recorded = new Map((row ? lessonSteps(this.s.db, lesson.id) : []).map((r) => [r.step_id, r]));
    const state = row && project && !project.archived ? withClassmateDb(this.s, (classmate) => readLessonState(this.s.db, project.id, classmate)) : null;
    const model = state?.models[0]?.name;
    const held = state?.models[0] ? (state.models[0].aliases.champion ?? state.models[0].versions.at(-1)?.version) : undefined;
    const fill: Record<string, string | undefined> = { '{model}': model, '{champion}': model && held !== undefined ? `${model}@${held}` : undefined };
    if (state) {
      for (const step of lesson.steps) {
        if (recorded.has(step.id)) continue;
        if (!step.check(state)) break;
        const at = nowIso();
        recordLearnerStep(this.s.db, lesson.id, step.id, at);
        recorded.set(step.id, { step_id: step.id, done_at: at, how: 'learner' });
      }
    }
    const key = `lessons.${lesson.id}`;
    const steps = lesson.steps.map((step, i) => {
      const done = recorded.get(step.id);
      const t = (part: string) => lessonText(language, `${key}.steps.${step.id}.${part}`, { classmate: classmateDir(this.s) });
      return {
        id: step.id,
        index: i + 1,
        area: step.area,
        qualities: step.qualities,
        concepts: step.concepts,
        // "{model}" in a path: the lesson's model (the page's list when there is none yet)
        target: {
          ...step.target,
          rest: model ? step.target.rest.map((p) => (p === '{model}' ? model : p)) : step.target.rest.includes('{model}') ? [] : step.target.rest,
          query: Object.fromEntries(Object.entries(step.target.query ?? {}).flatMap(([k, v]) => (v in fill ? (fill[v] ? [[k, fill[v]]] : []) : [[k, v]]))),
        },
        title: t('title'),
        task: t('task'),
        what: t('what'),
        why: t('why'),
        without: t('without'),
        done: Boolean(done),
        doneAt: done?.done_at ?? null,
        how: done?.how ?? null,
      };
    });
    const firstOpen = steps.find((st) => !st.done);
    return {
      id: lesson.id,
      number: lesson.number,
      title: lessonText(language, `${key}.title`),
      goal: lessonText(language, `${key}.goal`),
      sample: lesson.sample,
      started: Boolean(row),
      projectId: project && !project.archived ? project.id : null,
      projectName: project && !project.archived ? project.name : null,
      lang: language,
      startedAt: row?.started_at ?? null,
      resets: row?.resets ?? 0,
      steps,
      doneCount: steps.filter((st) => st.done).length,
      current: firstOpen?.index ?? null,
      complete: !firstOpen,
    };
  }

  list(lang?: LessonLang): LessonOut[] {
    return lessons.map((l) => this.status(l.number, lang));
  }

  /** Starts a lesson: makes its project unless it already has a live one. */
  async start(ref: number | string, lang?: LessonLang): Promise<LessonOut> {
    const lesson = this.resolve(ref);
    const row = this.progress(lesson.id);
    const live = row?.project_id ? projectRow(this.s.db, row.project_id) : undefined;
    if (row && live && !live.archived) {
      if (lang && lang !== row.lang) setLessonLang(this.s.db, lesson.id, lang, nowIso());
      return this.status(lesson.id, lang);
    }
    return this.setUp(lesson, 1, lang ?? row?.lang ?? 'en', false);
  }

  /** Back to a step's starting state: the old project archived, a fresh one made and brought up to the step. */
  async reset(ref: number | string, step: number, lang?: LessonLang): Promise<LessonOut & { seconds: number }> {
    const lesson = this.resolve(ref);
    if (step > lesson.steps.length) {
      throw new AppError('invalid_input', `Lesson ${lesson.number} has ${lesson.steps.length} steps; there is no step ${step}.`, { step, steps: lesson.steps.length });
    }
    const began = performance.now();
    const row = this.progress(lesson.id);
    const out = await this.setUp(lesson, step, lang ?? row?.lang ?? 'en', true);
    return { ...out, seconds: Math.round((performance.now() - began) / 100) / 10 };
  }

  private async setUp(lesson: LessonDef, step: number, lang: LessonLang, reset: boolean): Promise<LessonOut> {
    if (this.busy.has(lesson.id)) throw new AppError('conflict', `Lesson ${lesson.number} is being set up already; wait for it to finish.`, { lesson: lesson.id });
    this.busy.add(lesson.id);
    try {
      const row = this.progress(lesson.id);
      if (reset && row?.project_id) {
        const old = projectRow(this.s.db, row.project_id);
        if (old && !old.archived) await this.s.call('project.archive', { project: row.project_id, archived: true }, { door: 'lesson' });
      }
      const projectName = uniqueProjectName(this.s, lessonText(lang, 'projectName', { n: lesson.number }));
      const ctx = { s: this.s, lesson, projectName, projectId: null, lang };
      // the lesson's tiny models train in this process: no worker to start for each (training/in-process.ts)
      const projectId = await withInProcessTraining(async () => {
        const id = await base(ctx);
        for (const st of lesson.steps.slice(0, step - 1)) await solvers[lesson.id][st.id]({ ...ctx, projectId: id });
        return id;
      });
      saveLessonSetup(this.s.db, { lessonId: lesson.id, projectId, lang, at: nowIso(), reset, doneSteps: lesson.steps.slice(0, step - 1).map((st) => st.id) });
      return this.status(lesson.id, lang);
    } finally {
      this.busy.delete(lesson.id);
    }
  }
}
