import { z } from 'zod';
import { command, query } from './define.js';

/** The languages a lesson speaks (its texts live in shared/i18n/locales/lessons.<lang>.json). */
export const lessonLangSchema = z.enum(['es', 'en']);
/** A lesson by its number (1, 2, 3) or its id ("problem-to-model"). */
export const lessonRefSchema = z.union([z.number().int().min(1), z.string().trim().min(1)]);

/** The four stages of the lifecycle map, the lessons' spine. */
export const lifecycleAreas = ['design', 'development', 'deployment', 'maintenance'] as const;
/** The three qualities every practice on the map serves. */
export const lifecycleQualities = ['continuous', 'reliable', 'efficient'] as const;
/** App pages a step can point at (the renderer's routes). */
export const lessonPages = ['home', 'design', 'data', 'train', 'evaluate', 'registry', 'deploy', 'monitor', 'lessons'] as const;

export const lessonStepSchema = z.object({
  id: z.string(),
  /** 1-based position in the lesson. */
  index: z.number().int(),
  area: z.enum(lifecycleAreas),
  qualities: z.array(z.enum(lifecycleQualities)),
  /** Glossary terms (keys of lessons:glossary) the step's concept uses. */
  concepts: z.array(z.string()),
  /** Where in the app to do it: a page (+ path parts and query, such as the model the Monitor shows) and the data-testid of the element to highlight. */
  target: z.object({ page: z.enum(lessonPages), rest: z.array(z.string()), query: z.record(z.string(), z.string()).default({}), testid: z.string() }),
  /** Texts in the asked language: title, what to do, the concept (what / why in production / without it). */
  title: z.string(),
  task: z.string(),
  what: z.string(),
  why: z.string(),
  without: z.string(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  /** 'learner': the workspace state showed it done; 'reset': a reset set the project up past it. */
  how: z.enum(['learner', 'reset']).nullable(),
});
export type LessonStep = z.infer<typeof lessonStepSchema>;

export const lessonSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  goal: z.string(),
  /** The sample data set the lesson's project is made from. */
  sample: z.string(),
  started: z.boolean(),
  /** The lesson's project (made by start or reset), null before. */
  projectId: z.string().nullable(),
  projectName: z.string().nullable(),
  lang: lessonLangSchema,
  startedAt: z.string().nullable(),
  resets: z.number().int(),
  steps: z.array(lessonStepSchema),
  doneCount: z.number().int(),
  /** 1-based index of the first step not done; null when the lesson is complete. */
  current: z.number().int().nullable(),
  complete: z.boolean(),
});
export type Lesson = z.infer<typeof lessonSchema>;

const langField = { lang: lessonLangSchema.optional() };

export const lessonMethods = {
  'lesson.list': query(
    z.object(langField).default({}),
    z.array(lessonSchema),
    "The lessons of teaching mode with their steps and this workspace's progress (in the language asked, else the lesson's own, else English).",
  ),
  'lesson.status': query(
    z.object({ lesson: lessonRefSchema, ...langField }),
    lessonSchema,
    "One lesson: each step checked against the workspace state (its project's data, runs, evaluations, registry, deployments, logs, alerts and audit); steps found done are recorded as progress.",
  ),
  'lesson.start': command(
    z.object({ lesson: lessonRefSchema, ...langField }),
    lessonSchema,
    "Start a lesson: its sample project is made at the first step's starting state (kept when the lesson already has one).",
  ),
  'lesson.reset': command(
    z.object({ lesson: lessonRefSchema, step: z.number().int().min(1).default(1), ...langField }),
    lessonSchema.extend({ projectId: z.string().nullable(), seconds: z.number() }),
    "Reset a lesson to a step's starting state: the lesson's project is archived (never deleted) and a fresh one is made through the product's own services, with every earlier step done.",
  ),
  'lesson.summary': command(
    z.object({ lesson: lessonRefSchema.optional(), lang: lessonLangSchema.default('en') }),
    z.object({ projectId: z.string().nullable(), fileName: z.string(), mimeType: z.string(), html: z.string(), events: z.number().int() }),
    "What this workspace did, from its audit log, as a self-contained HTML page (one lesson's project, or the whole workspace): lesson progress, then every action in order.",
  ),
};
