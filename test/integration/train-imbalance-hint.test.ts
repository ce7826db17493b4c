/**
 * `ciclo train` on a rare class: with class weights off (the default) it warns that the model may hardly ever
 * predict the class and names the setting that weighs the classes evenly; with balanced weights it says nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { runCliInProcess, tempDir } from '../helpers/workspace.js';

const dir = tempDir('ciclo-train-rare-');

beforeAll(async () => {
  // 200 rows, 16 of them churned (8 %): a rare positive class
  const lines = ['tenure,calls,churned'];
  for (let i = 0; i < 200; i++) lines.push(`${(i * 7) % 60},${i % 5},${i % 25 < 2 ? 'yes' : 'no'}`);
  fs.writeFileSync(path.join(dir, 'churn.csv'), lines.join('\n') + '\n');
  expect((await runCliInProcess(dir, ['project', 'create', 'churn', '--task', 'binary'])).code).toBe(0);
  const imp = await runCliInProcess(dir, ['dataset', 'import', path.join(dir, 'churn.csv'), '--project', 'churn', '--target', 'churned']);
  expect(imp.code, imp.stderr).toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ciclo train on an imbalanced target', () => {
  it('warns when class weights are off, and not when they are balanced', async () => {
    const plain = await withInProcessTraining(() => runCliInProcess(dir, ['train', '--project', 'churn', '--dataset', 'churn', '--epochs', '1']));
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain(
      'Warning: class "yes" is 16 of 200 rows (8%) and class weights are off, so the model may hardly ever predict it; --param classWeights=balanced weighs the classes evenly.',
    );
    const balanced = await withInProcessTraining(() =>
      runCliInProcess(dir, ['train', '--project', 'churn', '--dataset', 'churn', '--epochs', '1', '--param', 'classWeights=balanced']),
    );
    expect(balanced.code, balanced.stderr).toBe(0);
    expect(balanced.stderr).not.toContain('class weights are off');
  });
});
