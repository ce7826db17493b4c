import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessons } from '../../electron/core/lessons/definitions.js';
import { classmateDir, withClassmateDb } from '../../electron/core/lessons/classmate.js';
import { solvers } from '../../electron/core/lessons/setup.js';
import { readLessonState } from '../../electron/core/lessons/state.js';
import { lessonText } from '../../electron/core/lessons/texts.js';
import { sampleById, sampleCharter } from '../../electron/core/datasets/samples.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import type { Services } from '../../electron/core/services.js';
import { runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

// Teaching mode through the CLI (start, list, reset, errors) and lesson 1 walked step by step through the
// product's services, each step seen done from the workspace state only.
let dir: string;
let ws: string;

beforeAll(() => {
  dir = tempDir();
  ws = path.join(dir, 'ws');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ciclo lesson', () => {
  it('list --lang es: the three lessons in Spanish, none started', async () => {
    const r = await runCliInProcess(ws, ['lesson', 'list', '--lang', 'es', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.map((l: any) => l.title)).toEqual(['Del problema al modelo', 'Publicaciones seguras', 'Modelos en el mundo real']);
    expect(r.json.every((l: any) => !l.started && l.steps.length === 6 && l.current === 1)).toBe(true);
  }, 60_000);

  it('start 1 --lang es: a project without criteria and with data but no target; the first step is current; text shows the concept', async () => {
    const r = await runCliInProcess(ws, ['lesson', 'start', '1', '--lang', 'es', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ number: 1, started: true, projectName: 'Lección 1 · Iris', lang: 'es', current: 1, doneCount: 0, complete: false });
    expect(r.json.steps[0]).toMatchObject({
      id: 'charter',
      title: 'Escribe los criterios de aceptación',
      done: false,
      target: { page: 'design', rest: ['edit'], testid: 'criteria-editor' },
    });
    const text = await runCliInProcess(ws, ['lesson', 'start', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Lección 1: Del problema al modelo');
    expect(text.stdout).toMatch(/▶ 1\. Escribe los criterios de aceptación/);
    expect(text.stdout).toContain('Por qué importa en producción:');
    expect(text.stdout).toContain('0/6 pasos hechos');
    // the same project, not a new one
    expect((await runCliInProcess(ws, ['lesson', 'list', '--json'])).json[0].projectId).toBe(r.json.projectId);
    // its charter is written in the lesson's language (the sample's English description was shown to a Spanish class)
    const project = await runCliInProcess(ws, ['project', 'show', r.json.projectId, '--json']);
    const spanish = sampleCharter(sampleById('iris'), 'es');
    expect(project.json).toMatchObject({ description: spanish.description, intendedUse: spanish.intendedUse });
    expect(spanish.description).toMatch(/^Distinguir tres especies/);
  }, 60_000);

  it('bad input: unknown lesson or step, unknown language: exit 1 with a message naming the problem', async () => {
    const a = await runCliInProcess(ws, ['lesson', 'start', '9', '--json']);
    expect(a.code).toBe(1);
    expect(a.json.error.code).toBe('not_found');
    expect(a.json.error.message).toMatch(/no lesson "9"/);
    const b = await runCliInProcess(ws, ['lesson', 'reset', '1', '--step', '9']);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/has 6 steps; there is no step 9/);
    const c = await runCliInProcess(ws, ['lesson', 'list', '--lang', 'fr']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/--lang must be "es" or "en"/);
  }, 60_000);
});

describe('lesson 1 walked through the services', () => {
  let s: Services;
  const call = (m: string, i: unknown) => s.call(m, i, { door: 'test' }) as Promise<any>;
  beforeAll(() => {
    s = testServices(ws);
  });
  afterAll(async () => s?.close());

  it("each step is done only once the workspace shows it, in order, recorded as the learner's", async () => {
    const lesson = lessons[0];
    let status = await call('lesson.status', { lesson: 1 });
    const projectId = status.projectId;
    for (const [i, st] of lesson.steps.entries()) {
      expect(status.current, st.id).toBe(i + 1);
      // its training step trains in this process, as a lesson reset does (the worker is training.test.ts's subject)
      await withInProcessTraining(() => solvers[lesson.id][st.id]({ s, lesson, projectName: '', projectId, lang: 'es' }));
      status = await call('lesson.status', { lesson: 1, lang: 'en' });
      expect(status.steps[i]).toMatchObject({ id: st.id, done: true, how: 'learner' });
    }
    expect(status).toMatchObject({ complete: true, current: null, doneCount: 6 });
    // progress is saved in the workspace: another process sees it
    const r = await runCliInProcess(ws, ['lesson', 'list', '--json']);
    expect(r.json[0]).toMatchObject({ complete: true, doneCount: 6 });
  }, 240_000);

  it('the summary is an offline HTML page of the audit log, in the asked language, and is itself audited', async () => {
    const r = await call('lesson.summary', { lesson: 1, lang: 'es' });
    expect(r.fileName).toBe('ciclo-lesson-1-summary.html');
    expect(r.html).toContain('<html lang="es">');
    expect(r.html).toContain('Lección 1: Del problema al modelo');
    // each action reads as the Registry's audit trail says it, with what it was about (names, not ids)
    expect(r.html).toMatch(/Proyecto «Lección 1 · Iris[^»]*» creado/);
    expect(r.html).toMatch(/Ejecución de entrenamiento «[^»]+» iniciada sobre iris/);
    expect(r.html).toMatch(/Ejecución «[^»]+» registrada como [^<]+ v1/);
    expect(r.html).not.toMatch(/<strong>[a-z]+\.[a-zA-Z]+<\/strong>/);
    // doors named as the audit trail names them (a run's end is written by its background job)
    expect(r.html).toContain('<td>tarea en segundo plano</td>');
    expect(r.html).not.toContain('summary.door');
    expect(r.html).not.toMatch(/<script|https?:\/\//);
    expect(r.events).toBeGreaterThan(5);
    const audited = (await call('audit.list', { action: 'lesson.summary', limit: 5 })) as any[];
    expect(audited[0].projectId).toBe(r.projectId);
  });

  it('reset to step 3 in a few steps: old project archived, a fresh one with steps 1-2 set up by the reset', async () => {
    const before = (await runCliInProcess(ws, ['lesson', 'list', '--json'])).json[0].projectId;
    const r = await runCliInProcess(ws, ['lesson', 'reset', '1', '--step', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ current: 3, resets: 1, doneCount: 2, projectName: 'Lección 1 · Iris · 2' });
    expect(r.json.steps.slice(0, 2).map((x: any) => x.how)).toEqual(['reset', 'reset']);
    expect(r.json.projectId).not.toBe(before);
    expect(typeof r.json.seconds).toBe('number');
    const old = await runCliInProcess(ws, ['project', 'show', before, '--json']);
    expect(old.json.archived).toBe(true);
  }, 120_000);
});

describe('lesson 2 reset: its tiny models trained in this process, the bundle imported in the classmate workspace', () => {
  let s: Services;
  beforeAll(() => {
    s = testServices(path.join(dir, 'ws2'));
  });
  afterAll(async () => s?.close());

  it('reset to step 5: the classmate workspace holds the verified import, which the lesson state sees; runs recorded as usual', async () => {
    const out = (await s.call('lesson.reset', { lesson: 2, step: 5, lang: 'es' }, { door: 'test' })) as any;
    expect(out).toMatchObject({ current: 5, doneCount: 4, lang: 'es', projectName: 'Lección 2 · Iris' });
    const state = withClassmateDb(s, (db) => readLessonState(s.db, out.projectId, db));
    // what the set-up wrote is in the lesson's language: the runs' names, the override's reason
    const runs = s.db.prepare('SELECT name FROM runs WHERE project_id = ? ORDER BY name').all(out.projectId) as { name: string }[];
    expect(runs.map((r) => r.name).sort()).toEqual([lessonText('es', 'setup.fullRun'), lessonText('es', 'setup.quickRun')].sort());
    expect(state.models[0].events.find((e) => e.override)?.reason).toBe(lessonText('es', 'setup.override'));
    expect(state.bundles).toEqual({ exported: 2, imported: 1 });
    expect(state.models[0].aliases).toEqual({ champion: 2 });
    expect(state.runs.succeeded).toBe(2);
    // the classmate workspace is a workspace of its own, with the import in its audit log
    const classmate = testServices(classmateDir(s));
    try {
      const audited = (await classmate.call('audit.list', { action: 'bundle.import', limit: 5 }, { door: 'test' })) as any[];
      expect(audited).toHaveLength(1);
    } finally {
      await classmate.close();
    }
    // the step text tells the learner where that workspace is
    expect(out.steps[3].task).toContain(`ciclo --data-dir "${classmateDir(s)}" ui`);
  }, 240_000);
});
