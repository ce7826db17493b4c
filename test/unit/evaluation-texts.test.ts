/**
 * Every i18n key the evaluation code can send (errors, warnings, gate reasons, skipped rows, job steps,
 * compatibility issues) exists in the "evaluate" namespace in English and Spanish, with the placeholders
 * the code fills in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableTruth } from '../../electron/core/evaluation/prepare.js';
import type { Predictor } from '../../electron/core/evaluation/model-source.js';
import type { LoadedTable } from '../../electron/core/datasets/types.js';
import { repoRoot } from '../helpers/workspace.js';

const locales = Object.fromEntries(['en', 'es'].map((l) => [l, JSON.parse(fs.readFileSync(path.join(repoRoot, `shared/i18n/locales/evaluate.${l}.json`), 'utf8'))]));
const lookup = (lang: string, key: string) => key.split('.').reduce<any>((o, k) => o?.[k], locales[lang]);
const sourceDir = path.join(repoRoot, 'electron/core/evaluation');
const sources = fs
  .readdirSync(sourceDir)
  .map((f) => fs.readFileSync(path.join(sourceDir, f), 'utf8'))
  .join('\n');

describe('evaluation texts', () => {
  it('every key written in the evaluation code is translated', () => {
    const literal = [
      ...sources.matchAll(/(?:evalKey|keyedError|keyedIssue|step|issue)\(\s*(?:'[a-z_]+',\s*)?(?:[a-z.A-Z]+,\s*)?'((?:error|warning|gateReason|skip|step|issue)\.[a-z_]+)'/g),
    ].map((m) => m[1]);
    expect(literal.length).toBeGreaterThan(25);
    for (const key of new Set(literal)) {
      expect(typeof lookup('en', key), key).toBe('string');
      expect(typeof lookup('es', key), key).toBe('string');
    }
    // warnings are keyed by the reasons of the statistics code
    const reasons = [...fs.readFileSync(path.join(sourceDir, 'metrics.ts'), 'utf8').matchAll(/^  ([a-z_]+): '/gm)].map((m) => m[1]);
    expect(reasons.length).toBeGreaterThanOrEqual(6);
    for (const r of [...reasons, 'all_true_values_zero', 'zero_true_values_excluded']) expect(typeof lookup('es', `warning.${r}`), r).toBe('string');
  });

  it('skipped rows say why with a key and params', () => {
    const predictor = { target: 'species', classes: ['a', 'b'] } as unknown as Predictor;
    const table = { values: { species: ['a', null, 'z', 'b'] } } as unknown as LoadedTable;
    const t = tableTruth(predictor, table, Int32Array.from([0, 1, 2, 3]));
    expect(Array.from(t.rows)).toEqual([0, 3]);
    expect(t.skipped).toEqual([
      { row: 1, key: 'evaluate:skip.target_missing', params: { column: 'species' }, message: 'the target "species" is missing' },
      { row: 2, key: 'evaluate:skip.unknown_class', params: { column: 'species', value: 'z' }, message: 'the target "species" is "z", a class the model never saw in training' },
    ]);
    expect(lookup('es', 'skip.unknown_class')).toContain('{{value}}');
  });
});
