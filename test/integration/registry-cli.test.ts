import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { repoRoot, tempDir, runCliInProcess, type CliResult } from '../helpers/workspace.js';

// The registry end to end through the `ciclo` command line: sample -> train -> evaluate -> register ->
// promote -> blocked promotion -> override -> predict with M@champion -> rollback -> card -> lineage -> audit.
const dir = tempDir('ciclo-registry-cli-');
const cli = (...args: string[]) => runCliInProcess(dir, args);
const iris = path.join(repoRoot, 'resources/datasets/iris.csv');
let good: string;
let bad: string;

async function ok(pending: Promise<CliResult>, code = 0): Promise<CliResult> {
  const r = await pending;
  expect(r.code, `exit ${r.code}\n${r.stderr}\n${r.stdout.slice(0, 2000)}`).toBe(code);
  return r;
}

beforeAll(async () => {
  await ok(cli('dataset', 'sample', 'iris', '--project-name', 'Flores', '--json'));
  // the two runs are fixtures: trained in this process (training-cli.test.ts tests \`ciclo train\` with its worker)
  good = (await ok(withInProcessTraining(() => cli('train', '--project', 'Flores', '--dataset', 'iris', '--epochs', '30', '--quiet', '--json')))).json.id;
  bad = (await ok(withInProcessTraining(() => cli('train', '--project', 'Flores', '--dataset', 'iris', '--epochs', '1', '--param', 'learningRate=0.00001', '--quiet', '--json'))))
    .json.id;
  await ok(cli('evaluate', good, '--quiet', '--json'), 0);
  await ok(cli('evaluate', bad, '--quiet', '--json'), 3);
}, 300_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each command runs in this process (runCliInProcess); training and evaluation still take a while on a loaded machine.
describe('ciclo model', { timeout: 240_000 }, () => {
  it('registers two versions', async () => {
    const v1 = (await ok(cli('model', 'register', good, '--name', 'flores', '--description', 'Thirty epochs', '--json'))).json;
    expect(v1).toMatchObject({ ref: 'flores@1', runId: good, gate: { status: 'passed' } });
    const v2 = (await ok(cli('model', 'register', bad, '--name', 'flores'))).stdout;
    expect(v2).toContain('Registered flores@2');
    expect(v2).toContain('FAILED');
  });

  it('promotes a passing version, blocks a failing one with exit 3 until a reason is given', async () => {
    await ok(cli('model', 'promote', 'flores', '1', '--alias', 'champion'));
    const blocked = await ok(cli('model', 'promote', 'flores', '2', '--alias', 'champion'), 3);
    expect(blocked.stderr).toMatch(/accuracy = [\d.]+, needs >= 0\.9/);
    expect(blocked.stderr).toContain('--reason');
    const forced = (await ok(cli('model', 'promote', 'flores@2', '--alias', 'champion', '--reason', 'A/B test agreed with the product owner', '--json'))).json;
    expect(forced.event).toMatchObject({ fromVersion: 1, toVersion: 2, override: true, reason: 'A/B test agreed with the product owner' });
    const show = await ok(cli('model', 'show', 'flores'));
    expect(show.stdout).toContain('A/B test agreed with the product owner');
    expect(show.stdout).toContain('OVERRIDDEN');
  });

  it('`ciclo predict M@champion` scores with the version holding the alias, before and after a rollback', async () => {
    const out = (name: string) => path.join(dir, name);
    await ok(cli('predict', 'flores@champion', '--input', iris, '--output', out('champion.csv'), '--quiet'));
    await ok(cli('predict', bad, '--input', iris, '--output', out('bad.csv'), '--quiet'));
    await ok(cli('predict', good, '--input', iris, '--output', out('good.csv'), '--quiet'));
    const read = (name: string) => fs.readFileSync(out(name), 'utf8');
    expect(read('champion.csv')).toBe(read('bad.csv'));
    expect(read('champion.csv')).not.toBe(read('good.csv'));

    const back = (await ok(cli('model', 'rollback', 'flores', '--alias', 'champion', '--reason', 'A/B test stopped', '--json'))).json;
    expect(back.event).toMatchObject({ action: 'rollback', fromVersion: 2, toVersion: 1, reason: 'A/B test stopped' });
    await ok(cli('predict', 'flores@champion', '--input', iris, '--output', out('champion2.csv'), '--quiet'));
    expect(read('champion2.csv')).toBe(read('good.csv'));
    const unknown = await ok(cli('predict', 'nothing-here', '--input', iris, '--output', out('x.csv')), 1);
    expect(unknown.stderr).toContain('No run or registered model called "nothing-here"');
  });

  it('`ciclo evaluate M@VERSION` evaluates that version', async () => {
    const e = (await ok(cli('evaluate', 'flores@1', '--quiet', '--json'))).json;
    expect(e.runId).toBe(good);
  });

  it('shows the model, one version and who held champion at a date', async () => {
    const m = (await ok(cli('model', 'show', 'flores', '--json'))).json;
    expect(m.aliases).toEqual({ champion: 1 });
    expect(m.history.map((e: any) => e.action)).toEqual(expect.arrayContaining(['registered', 'alias_set', 'rollback']));
    expect((await ok(cli('model', 'show', 'flores@champion', '--json'))).json.version).toBe(1);
    expect((await ok(cli('model', 'show', 'flores', '--at', '2000-01-01', '--json'))).json.aliases).toEqual({});
    expect((await ok(cli('model', 'list', '--project', 'Flores', '--json'))).json[0]).toMatchObject({ name: 'flores', versionCount: 2, aliases: { champion: 1 } });
  });

  it('writes the card as self-contained HTML and prints it as Markdown in Spanish', async () => {
    const file = path.join(dir, 'card.html');
    await ok(cli('model', 'edit-card', 'flores@1', '--limitations', 'Trained on 150 flowers only.'));
    const r = (await ok(cli('model', 'card', 'flores@1', '--format', 'html', '--output', file, '--json'))).json;
    expect(r.output).toBe(file);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Trained on 150 flowers only.');
    expect(html).not.toMatch(/<script|<link|src=["']http/i);
    const md = (await ok(cli('model', 'card', 'flores@champion', '--lang', 'es'))).stdout;
    expect(md.startsWith('---\n')).toBe(true);
    expect(md).toContain('## Detalles del modelo');
    expect(md).toContain('Trained on 150 flowers only.');
  });

  it('prints the lineage as JSON', async () => {
    const g = (await ok(cli('lineage', 'flores@1', '--json'))).json;
    expect(g.nodes.map((n: any) => n.kind)).toEqual(expect.arrayContaining(['project', 'dataset_version', 'run', 'model_version']));
    expect(g.edges.length).toBeGreaterThanOrEqual(3);
  });

  it('deletion asks for --yes and names what depends on the version', async () => {
    expect((await ok(cli('model', 'delete', 'flores@1'), 1)).stderr).toContain('--yes');
    expect((await ok(cli('model', 'delete', 'flores@1', '--yes'), 1)).stderr).toContain('alias "champion" points at flores@1');
    expect((await ok(cli('model', 'delete', 'flores@2', '--yes', '--json'))).json.removed).toContain('model version flores@2');
  });

  it('`ciclo audit` shows every lifecycle event, filtered by project, action and date', async () => {
    const all = (await ok(cli('audit', '--project', 'Flores', '--json'))).json.map((e: any) => e.action);
    expect(all).toEqual(expect.arrayContaining(['dataset.createSample', 'train.start', 'eval.start', 'model.register', 'model.promote', 'model.rollback', 'model.delete']));
    const promotions = (await ok(cli('audit', '--project', 'Flores', '--action', 'model.promote', '--json'))).json;
    expect(promotions.some((e: any) => e.details.input.reason === 'A/B test agreed with the product owner')).toBe(true);
    expect((await ok(cli('audit', '--since', '2999-01-01', '--json'))).json).toEqual([]);
  });
});
