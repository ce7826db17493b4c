import { describe, expect, it } from 'vitest';
import { lessons } from '../../electron/core/lessons/definitions.js';
import { emptyState, type LessonState, type ModelState } from '../../electron/core/lessons/state.js';
import { hasLessonText, lessonText } from '../../electron/core/lessons/texts.js';
import { sampleById, sampleCharter } from '../../electron/core/datasets/samples.js';

const step = (lesson: string, id: string) => lessons.find((l) => l.id === lesson)!.steps.find((s) => s.id === id)!;
const state = (patch: Partial<LessonState>): LessonState => ({ ...emptyState(), project: { id: 'p', name: 'P', criteria: 0, archived: false }, ...patch });
const model = (patch: Partial<ModelState>): ModelState => ({ name: 'iris-lesson2', versions: [], aliases: {}, events: [], ...patch });
const event = (action: string, more: Partial<ModelState['events'][number]> = {}) => ({ action, alias: null, toVersion: null, override: false, reason: '', ...more });

describe('lesson definitions', () => {
  it('three lessons, numbered 1..3, each with unique step ids and a target to highlight', () => {
    expect(lessons.map((l) => l.number)).toEqual([1, 2, 3]);
    for (const l of lessons) {
      expect(new Set(l.steps.map((s) => s.id)).size).toBe(l.steps.length);
      for (const s of l.steps) expect(s.target.testid).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('both languages have every lesson, every step (title, task, what, why, without), every concept of the glossary and what the set-up writes', () => {
    for (const lang of ['es', 'en'] as const) {
      for (const l of lessons) {
        for (const part of ['title', 'goal']) expect(hasLessonText(lang, `lessons.${l.id}.${part}`), `${lang} ${l.id}.${part}`).toBe(true);
        for (const s of l.steps) {
          for (const part of ['title', 'task', 'what', 'why', 'without'])
            expect(hasLessonText(lang, `lessons.${l.id}.steps.${s.id}.${part}`), `${lang} ${l.id}.${s.id}.${part}`).toBe(true);
          for (const c of s.concepts) expect(hasLessonText(lang, `glossary.${c}.term`) && hasLessonText(lang, `glossary.${c}.definition`), `${lang} glossary ${c}`).toBe(true);
          expect(hasLessonText(lang, `map.${s.area}.title`)).toBe(true);
          for (const q of s.qualities) expect(hasLessonText(lang, `map.${q}.title`)).toBe(true);
        }
      }
    }
    // what a lesson's set-up writes into the project (charter, run names, reasons) in both languages, translated
    const setupKeys = ['quickRun', 'fullRun', 'firstRun', 'startsInProduction', 'override', 'rollback', 'retrain', 'promoteChallenger'];
    for (const key of setupKeys) {
      for (const lang of ['es', 'en'] as const) expect(hasLessonText(lang, `setup.${key}`), `${lang} setup.${key}`).toBe(true);
      expect(lessonText('es', `setup.${key}`), `setup.${key}`).not.toBe(lessonText('en', `setup.${key}`));
    }
    // the sample's charter each lesson starts from (the sample cards' texts, samples.ts), translated too
    for (const l of lessons) {
      const [es, en] = (['es', 'en'] as const).map((lang) => sampleCharter(sampleById(l.sample), lang));
      expect(es.description, l.sample).not.toBe(en.description);
      expect(es.intendedUse, l.sample).not.toBe(en.intendedUse);
    }
    // really translated, not copied
    expect(lessonText('es', 'lessons.problem-to-model.steps.split.why')).not.toBe(lessonText('en', 'lessons.problem-to-model.steps.split.why'));
    expect(lessonText('es', 'projectName', { n: 2 })).toBe('Lección 2 · Iris');
  });

  it('no check is done on an empty workspace', () => {
    for (const l of lessons) for (const s of l.steps) expect(s.check(emptyState()), `${l.id}.${s.id}`).toBe(false);
  });
});

describe('lesson 1 checks (from problem to model)', () => {
  it('charter: done once the charter has an acceptance criterion', () => {
    expect(step('problem-to-model', 'charter').check(state({}))).toBe(false);
    expect(step('problem-to-model', 'charter').check(state({ project: { id: 'p', name: 'P', criteria: 1, archived: false } }))).toBe(true);
  });
  it('data: a version with a target (the imported one has none)', () => {
    const c = step('problem-to-model', 'data').check;
    expect(c(state({ data: { versions: 1, withTarget: 0, splits: 0 } }))).toBe(false);
    expect(c(state({ data: { versions: 2, withTarget: 1, splits: 0 } }))).toBe(true);
  });
  it('split: a split of a version with a target', () => {
    const c = step('problem-to-model', 'split').check;
    expect(c(state({ data: { versions: 2, withTarget: 1, splits: 0 } }))).toBe(false);
    expect(c(state({ data: { versions: 2, withTarget: 1, splits: 1 } }))).toBe(true);
  });
  it('train: a run that finished (a failed or running one is not enough)', () => {
    const c = step('problem-to-model', 'train').check;
    expect(c(state({ runs: { succeeded: 0, bestEpochs: [] } }))).toBe(false);
    expect(c(state({ runs: { succeeded: 1, bestEpochs: [7] } }))).toBe(true);
  });
  it('evaluate: an evaluation judged against criteria, passed or failed', () => {
    const c = step('problem-to-model', 'evaluate').check;
    expect(c(state({ evaluations: { total: 1, passed: 0, failed: 0 } }))).toBe(false); // no criteria: never a gate
    expect(c(state({ evaluations: { total: 1, passed: 0, failed: 1 } }))).toBe(true);
    expect(c(state({ evaluations: { total: 1, passed: 1, failed: 0 } }))).toBe(true);
  });
  it('register: a model version exists', () => {
    const c = step('problem-to-model', 'register').check;
    expect(c(state({ models: [model({})] }))).toBe(false);
    expect(c(state({ models: [model({ versions: [{ version: 1, gatePassed: true }] })] }))).toBe(true);
  });
});

describe('lesson 2 checks (safe releases)', () => {
  const versions = [
    { version: 1, gatePassed: false },
    { version: 2, gatePassed: true },
  ];
  it('override: a move with override and a reason; a refused or plain promotion is not one', () => {
    const c = step('safe-releases', 'override').check;
    expect(c(state({ models: [model({ versions, events: [event('registered'), event('alias_set', { alias: 'staging', toVersion: 1 })] })] }))).toBe(false);
    expect(c(state({ models: [model({ versions, events: [event('alias_set', { alias: 'champion', toVersion: 1, override: true, reason: 'demo for the class today' })] })] }))).toBe(
      true,
    );
  });
  it('promote: the champion holds a version whose gate passed (the overridden failing one does not count)', () => {
    const c = step('safe-releases', 'promote').check;
    expect(c(state({ models: [model({ versions, aliases: { champion: 1 } })] }))).toBe(false);
    expect(c(state({ models: [model({ versions, aliases: { staging: 2 } })] }))).toBe(false);
    expect(c(state({ models: [model({ versions, aliases: { champion: 2 } })] }))).toBe(true);
  });
  it('export, import, serve: a bundle exported, one imported, a request served and logged', () => {
    expect(step('safe-releases', 'export').check(state({ bundles: { exported: 0, imported: 0 } }))).toBe(false);
    expect(step('safe-releases', 'export').check(state({ bundles: { exported: 1, imported: 0 } }))).toBe(true);
    expect(step('safe-releases', 'import').check(state({ bundles: { exported: 1, imported: 0 } }))).toBe(false);
    expect(step('safe-releases', 'import').check(state({ bundles: { exported: 1, imported: 1 } }))).toBe(true);
    expect(step('safe-releases', 'serve').check(state({ logs: { server: 0, simulation: 40, labelled: 0 } }))).toBe(false); // simulated rows are not a served request
    expect(step('safe-releases', 'serve').check(state({ logs: { server: 1, simulation: 0, labelled: 0 } }))).toBe(true);
  });
  it('rollback: a rollback event (moving the alias by hand is a promotion, not a rollback)', () => {
    const c = step('safe-releases', 'rollback').check;
    expect(c(state({ models: [model({ versions, events: [event('alias_set', { alias: 'champion', toVersion: 1 })] })] }))).toBe(false);
    expect(c(state({ models: [model({ versions, events: [event('rollback', { alias: 'champion', toVersion: 1, reason: 'v2 misbehaves' })] })] }))).toBe(true);
  });
});

describe('lesson 3 checks (models in the real world)', () => {
  it('simulate: simulated rows logged (served rows do not count)', () => {
    const c = step('real-world', 'simulate').check;
    expect(c(state({ logs: { server: 10, simulation: 0, labelled: 0 } }))).toBe(false);
    expect(c(state({ logs: { server: 0, simulation: 400, labelled: 0 } }))).toBe(true);
  });
  it('alert: an alert fired on the project', () => {
    expect(step('real-world', 'alert').check(state({ alerts: 0 }))).toBe(false);
    expect(step('real-world', 'alert').check(state({ alerts: 1 }))).toBe(true);
  });
  it('performance: ground truth joined to logged rows', () => {
    expect(step('real-world', 'performance').check(state({ logs: { server: 0, simulation: 400, labelled: 0 } }))).toBe(false);
    expect(step('real-world', 'performance').check(state({ logs: { server: 0, simulation: 400, labelled: 250 } }))).toBe(true);
  });
  it('retrain: a challenger exists (or existed)', () => {
    const c = step('real-world', 'retrain').check;
    expect(c(state({ models: [model({ aliases: { champion: 1 } })] }))).toBe(false);
    expect(c(state({ models: [model({ aliases: { champion: 1, challenger: 2 } })] }))).toBe(true);
    expect(c(state({ models: [model({ aliases: { champion: 2 }, events: [event('alias_set', { alias: 'challenger', toVersion: 2 })] })] }))).toBe(true);
  });
  it('promote: the champion is the retrained challenger, not the first version nor any other one', () => {
    const c = step('real-world', 'promote').check;
    const challengerSet = event('alias_set', { alias: 'challenger', toVersion: 2 });
    expect(c(state({ models: [model({ aliases: { champion: 1, challenger: 2 }, events: [challengerSet] })] }))).toBe(false);
    expect(c(state({ models: [model({ aliases: { champion: 3, challenger: 2 }, events: [challengerSet] })] }))).toBe(false);
    expect(c(state({ models: [model({ aliases: { champion: 2, challenger: 2 }, events: [challengerSet] })] }))).toBe(true);
    expect(c(state({ models: [model({ aliases: { champion: 2 }, events: [challengerSet] })] }))).toBe(true);
  });
  it('story: the lesson summary exported from the audit trail', () => {
    expect(step('real-world', 'story').check(state({ summaries: 0 }))).toBe(false);
    expect(step('real-world', 'story').check(state({ summaries: 1 }))).toBe(true);
  });
});
