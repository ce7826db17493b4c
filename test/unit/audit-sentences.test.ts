import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/contract/api.js';
import en from '../../shared/i18n/locales/registry-ui.en.json' with { type: 'json' };
import es from '../../shared/i18n/locales/registry-ui.es.json' with { type: 'json' };
import { auditSentence, type TimelineEvent } from '../../shared/audit-sentence.js';

// Every call that changes the workspace is written to the audit log; the Registry's audit trail (and the lesson
// story) must read it as a sentence in the UI's language, not as the method's name.
const event = (action: string, input: Record<string, unknown>): TimelineEvent =>
  ({
    id: 1,
    at: '2026-12-02T10:00:00.000Z',
    action,
    projectId: null,
    projectName: null,
    subjectId: null,
    door: 'cli',
    summary: action,
    details: { input },
  }) as unknown as TimelineEvent;

describe('audit trail sentences', () => {
  const mutating = Object.entries(api)
    .filter(([, def]) => def.mutates)
    .map(([m]) => m);

  it.each(['en', 'es'])('every state-changing method reads as a sentence in %s, whatever variant the input picks', async (lang) => {
    const t = i18next.createInstance();
    await t.init({ lng: lang, resources: { en: { 'registry-ui': en }, es: { 'registry-ui': es } }, defaultNS: 'registry-ui', interpolation: { escapeValue: false } });
    const inputs: Record<string, unknown>[] = [
      {},
      { alias: 'champion', model: 'm@2' },
      { stage: 'production', model: 'm@2' },
      { archived: false, model: 'm' },
      { dryRun: true },
      { lesson: 2 },
    ];
    const raw: string[] = [];
    for (const m of mutating)
      for (const input of inputs) {
        const sentence = auditSentence(t.t.bind(t) as never, event(m, input), lang);
        if (sentence.includes(m)) raw.push(`${m} ${JSON.stringify(input)}: ${sentence}`);
      }
    expect(raw).toEqual([]);
  });

  it('fills in what the call was about', async () => {
    const t = i18next.createInstance();
    await t.init({ lng: 'es', resources: { es: { 'registry-ui': es } }, defaultNS: 'registry-ui', interpolation: { escapeValue: false } });
    const say = (action: string, input: Record<string, unknown>, details: Record<string, unknown> = {}, names: TimelineEvent['names'] = {}) =>
      auditSentence(t.t.bind(t) as never, { ...event(action, input), details: { input, ...details }, names }, 'es');
    expect(say('serving.start', { refs: ['iris@champion', 'wine@2'] })).toBe('Servidor iniciado para iris@champion, wine@2');
    expect(say('lesson.reset', { lesson: 2, step: 6 })).toBe('Lección 2 reiniciada desde el paso 6');
    expect(say('workspace.gc', { dryRun: true })).toBe('Limpieza del espacio de trabajo revisada (no se eliminó nada)');
    expect(say('serving.batchPredict', { model: 'iris@champion', input: '/tmp/up/nuevos.csv' })).toBe('nuevos.csv puntuado con iris@champion');
    // a run started without a name: the name the core gave it
    expect(say('train.start', { dataset: 'iris' }, {}, { run: 'mlp-56x56e', dataset: 'iris@1' })).toBe('Ejecución de entrenamiento «mlp-56x56e» iniciada sobre iris@1');
    // a failed gate names its metrics as the app does, never by their keys
    const failed = say('eval.completed', { run: 'r1' }, { gatePassed: false, failed: ['accuracy', 'f1_macro'], dataset: 'iris@1' });
    expect(failed).toContain('(Exactitud, F1 (macro))');
    expect(failed).not.toMatch(/accuracy|f1_macro/);
  });
});
