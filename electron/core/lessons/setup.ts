import path from 'node:path';
import type { Job } from '../../../shared/schemas/system.js';
import type { Run } from '../../../shared/schemas/training.js';
import { AppError } from '../../../shared/contract/errors.js';
import { sampleById, sampleCharter, samplesDir } from '../datasets/samples.js';
import type { Services } from '../services.js';
import { DatasetStore } from '../store/dataset-store.js';
import { RegistryStore } from '../store/registry-store.js';
import { RunStore } from '../store/run-store.js';
import { classmateDir } from './classmate.js';
import type { LessonDef } from './definitions.js';
import { readLessonState } from './state.js';
import { lessonText, type LessonLang } from './texts.js';

/**
 * How a lesson's project reaches each step's starting state: the lesson's base (a fresh project from the
 * sample) and, per step, what a learner would do, done through the product's own API (the router: validated
 * and written to the audit log with door "lesson"). A reset to step N runs the base and steps 1..N-1.
 */
export interface SetupContext {
  s: Services;
  lesson: LessonDef;
  /** The project's display name (already translated, made unique). */
  projectName: string;
  projectId: string | null;
  /** The lesson's language: what the set-up writes (charter, run names, reasons) is in it, as a learner would write it. */
  lang: LessonLang;
}

type Solver = (c: SetupContext & { projectId: string }) => Promise<void>;

const DOOR = { door: 'lesson' };
/** A text the set-up writes into the project, in the lesson's language. */
const say = (c: { lang: LessonLang }, key: string) => lessonText(c.lang, `setup.${key}`);

/** A model good enough to pass the sample's charter, trained in a few seconds. */
const GOOD = { templateOptions: { hidden: [16] }, params: { epochs: 12, seed: 7, learningRate: 0.01 }, split: { seed: 1 } };
/** The rushed model of lesson 2: one epoch, far from the charter's criteria. */
const QUICK = { templateOptions: { hidden: [16] }, params: { epochs: 1, seed: 7, learningRate: 0.0005 }, split: { seed: 1 } };

async function call<T>(s: Services, method: string, input: unknown): Promise<T> {
  return (await s.call(method, input, DOOR)) as T;
}

async function finished(s: Services, job: Job, what: string): Promise<Job> {
  const done = await s.jobs.wait(job.id);
  if (done.status !== 'succeeded') throw new AppError('internal', `The lesson could not ${what}: ${done.error?.message ?? done.status}.`, { job: done.id });
  return done;
}

function uniqueName(taken: string[], base: string, sep: string): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  let name = base;
  for (let i = 2; lower.has(name.toLowerCase()); i++) name = `${base}${sep}${i}`;
  return name;
}

export function uniqueProjectName(s: Services, base: string): string {
  return uniqueName(
    s.projects.list(true).map((p) => p.name),
    base,
    ' · ',
  );
}

function uniqueModelName(s: Services, base: string): string {
  return uniqueName(new RegistryStore(s.db).modelNames(), base, '-');
}

const modelOf = (c: { s: Services; projectId: string }) => {
  const m = readLessonState(c.s.db, c.projectId).models[0];
  if (!m) throw new AppError('internal', 'The lesson project has no registered model yet.');
  return m.name;
};

async function importSample(c: SetupContext, projectId: string, withTarget: boolean): Promise<void> {
  const spec = sampleById(c.lesson.sample);
  const job = await call<Job>(c.s, 'dataset.import', { project: projectId, path: path.join(samplesDir(), spec.file), name: spec.id, target: withTarget ? spec.target : null });
  await finished(c.s, job, 'import the sample data');
}

async function train(s: Services, projectId: string, recipe: typeof GOOD | typeof QUICK, name: string): Promise<Run> {
  const sample = new DatasetStore(s.db).firstName(projectId);
  if (sample === undefined) throw new AppError('internal', 'The lesson project has no data set yet.');
  const run = await call<Run>(s, 'train.start', { project: projectId, dataset: sample, name, ...recipe });
  const done = await s.training.wait(run.id);
  if (done.status !== 'succeeded') throw new AppError('internal', `The lesson could not train its model: ${done.error ?? done.status}.`);
  return done;
}

async function evaluate(s: Services, runId: string): Promise<void> {
  await finished(s, await call<Job>(s, 'eval.start', { run: runId }), 'evaluate the model');
}

/** Trains and evaluates the recipes side by side (two workers: a reset takes the time of one), then registers them in order. */
async function trainEvaluateRegister(c: SetupContext & { projectId: string }, recipes: [typeof GOOD | typeof QUICK, string][], model: string): Promise<void> {
  const runs = await Promise.all(
    recipes.map(async ([recipe, name]) => {
      const run = await train(c.s, c.projectId, recipe, name);
      await evaluate(c.s, run.id);
      return run;
    }),
  );
  for (const run of runs) await call(c.s, 'model.register', { run: run.id, name: model });
}

function newestRun(s: Services, projectId: string): string {
  const id = new RunStore(s.db).newestSucceededId(projectId);
  if (id === undefined) throw new AppError('internal', 'The lesson project has no trained model yet.');
  return id;
}

/** Makes the lesson's project as the lesson starts (before its first step); returns its id. */
export async function base(c: SetupContext): Promise<string> {
  const spec = sampleById(c.lesson.sample);
  // the sample's charter in the lesson's language, the same texts a sample project made from the UI gets
  const texts = sampleCharter(spec, c.lang);
  const charter = { name: c.projectName, taskType: spec.taskType, description: texts.description, intendedUse: texts.intendedUse };
  if (c.lesson.id === 'problem-to-model') {
    // the learner writes the acceptance criteria and picks the target: the project starts without them
    const project = await call<{ id: string }>(c.s, 'project.create', charter);
    await importSample(c, project.id, false);
    return project.id;
  }
  const project = await call<{ id: string }>(c.s, 'project.create', { ...charter, criteria: spec.criteria });
  const ctx = { ...c, projectId: project.id };
  await importSample(c, project.id, true);
  const model = uniqueModelName(c.s, `${spec.id}-lesson${c.lesson.number}`);
  if (c.lesson.id === 'safe-releases') {
    await trainEvaluateRegister(
      ctx,
      [
        [QUICK, say(c, 'quickRun')],
        [GOOD, say(c, 'fullRun')],
      ],
      model,
    );
  } else {
    await trainEvaluateRegister(ctx, [[GOOD, say(c, 'fullRun')]], model);
    await call(c.s, 'model.promote', { model, version: 1, alias: 'champion', reason: say(c, 'startsInProduction') });
  }
  return project.id;
}

/** What a learner does at each step, for a reset past it. */
export const solvers: Record<string, Record<string, Solver>> = {
  'problem-to-model': {
    charter: async (c) => void (await call(c.s, 'project.update', { project: c.projectId, criteria: sampleById(c.lesson.sample).criteria })),
    data: async (c) => void (await call(c.s, 'dataset.updateSchema', { project: c.projectId, dataset: c.lesson.sample, target: sampleById(c.lesson.sample).target })),
    split: async (c) => void (await call(c.s, 'dataset.split', { project: c.projectId, dataset: c.lesson.sample, seed: 1 })),
    train: async (c) => void (await train(c.s, c.projectId, GOOD, say(c, 'firstRun'))),
    evaluate: async (c) => evaluate(c.s, newestRun(c.s, c.projectId)),
    register: async (c) => void (await call(c.s, 'model.register', { run: newestRun(c.s, c.projectId), name: uniqueModelName(c.s, `${c.lesson.sample}-lesson1`) })),
  },
  'safe-releases': {
    override: async (c) => void (await call(c.s, 'model.promote', { model: modelOf(c), version: 1, alias: 'champion', reason: say(c, 'override') })),
    promote: async (c) => void (await call(c.s, 'model.promote', { model: modelOf(c), version: 2, alias: 'champion' })),
    export: async (c) => void (await call(c.s, 'bundle.export', { model: `${modelOf(c)}@champion` })),
    import: async (c) => {
      // exporting a version again gives the same bytes: this is the file the learner exported, imported
      // into the classmate workspace through its own services (its signer is this workspace's key)
      const exported = await call<{ file: string }>(c.s, 'bundle.export', { model: `${modelOf(c)}@champion` });
      const { createServices } = await import('../services.js');
      const classmate = createServices({ dataDir: classmateDir(c.s), preferences: c.s.preferences, gc: false });
      try {
        await classmate.call('bundle.import', { path: exported.file, trustSigner: true }, DOOR);
      } finally {
        await classmate.close();
      }
    },
    serve: async (c) => {
      const model = modelOf(c);
      const server = await call<{ id: string; url: string }>(c.s, 'serving.start', { refs: [`${model}@champion`], port: 0 });
      try {
        const res = await fetch(`${server.url.replace(/\/$/, '')}/v1/models/${model}:predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ instances: [{ sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 }] }),
        });
        if (!res.ok) throw new AppError('internal', `The lesson's request to the model failed: HTTP ${res.status}.`);
      } finally {
        await call(c.s, 'serving.stop', { id: server.id });
      }
    },
    rollback: async (c) => void (await call(c.s, 'model.rollback', { model: modelOf(c), alias: 'champion', reason: say(c, 'rollback') })),
  },
  'real-world': {
    simulate: async (c) => {
      const job = await call<Job>(c.s, 'monitor.simulate', {
        dataset: c.lesson.sample,
        model: `${modelOf(c)}@champion`,
        shifts: ['petal_length_cm=+1.5sd', 'petal_width_cm=+1.5sd'],
        rows: 400,
        days: 6,
        labelDelay: '1d',
        seed: 3,
      });
      await finished(c.s, job, 'simulate production traffic');
    },
    alert: async (c) => void (await call(c.s, 'monitor.check', { model: `${modelOf(c)}@champion`, lastDays: 2 })),
    // the simulator delivered the labels with its traffic: nothing to do but read the performance
    performance: async () => undefined,
    retrain: async (c) => void (await finished(c.s, await call<Job>(c.s, 'monitor.retrain', { model: `${modelOf(c)}@champion`, reason: say(c, 'retrain') }), 'retrain')),
    promote: async (c) => void (await call(c.s, 'model.promote', { model: `${modelOf(c)}@challenger`, alias: 'champion', reason: say(c, 'promoteChallenger') })),
    story: async (c) => void (await call(c.s, 'lesson.summary', { lesson: c.lesson.number, lang: c.lang })),
  },
};
