import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/workspace.js';
import { resourceCandidates, resourcePath } from '../../electron/core/resources.js';

const root = path.resolve(__dirname, '../..');
const temp = tempDir('ciclo-resources-');
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

function write(file: string, text = '') {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('Ciclo resources (sample data sets) in a checkout and in a package', () => {
  it('in a checkout, finds the repository resources from the sources and from the build, not from the working folder', () => {
    expect(resourcePath('datasets', { env: {}, moduleDir: path.join(root, 'electron/core') })).toBe(path.join(root, 'resources/datasets'));
    expect(resourcePath('datasets', { env: {}, moduleDir: path.join(root, 'out/main') })).toBe(path.join(root, 'resources/datasets'));
  });

  it('in a packaged app, finds <resourcesPath>/resources even though app.asar holds a package.json named ciclo', () => {
    const resources = path.join(temp, 'Ciclo/resources');
    write(path.join(resources, 'app/package.json'), JSON.stringify({ name: 'ciclo' }));
    write(path.join(resources, 'resources/datasets/iris.csv'), 'a,b\n');
    const moduleDir = path.join(resources, 'app/out/main');
    fs.mkdirSync(moduleDir, { recursive: true });
    expect(resourceCandidates({ env: {}, resourcesPath: resources, moduleDir }).map((c) => c.from)).toEqual(['package']);
    expect(resourcePath('datasets', { env: {}, resourcesPath: resources, moduleDir })).toBe(path.join(resources, 'resources/datasets'));
  });

  it('CICLO_RESOURCES_DIR wins; a missing folder is a clear error naming every place looked in', () => {
    const custom = path.join(temp, 'custom');
    write(path.join(custom, 'datasets/iris.csv'));
    expect(resourcePath('datasets', { env: { CICLO_RESOURCES_DIR: custom }, moduleDir: path.join(root, 'electron/core') })).toBe(path.join(custom, 'datasets'));
    const nowhere = path.join(temp, 'nowhere');
    fs.mkdirSync(nowhere, { recursive: true });
    expect(() => resourcePath('datasets', { env: { CICLO_RESOURCES_DIR: path.join(temp, 'gone') }, moduleDir: nowhere })).toThrow(
      `Ciclo's datasets files were not found (looked in ${path.join(temp, 'gone', 'datasets')}). Reinstall Ciclo, or set CICLO_RESOURCES_DIR to the folder that holds datasets/.`,
    );
  });

  it('the sample data sets are found from another working folder (a real process started elsewhere)', () => {
    const elsewhere = path.join(temp, 'elsewhere');
    fs.mkdirSync(elsewhere, { recursive: true });
    const script = `import(${JSON.stringify(pathToFileURL(path.join(root, 'electron/core/datasets/samples.ts')).href)}).then((m) => console.log(m.samplesDir()))`;
    const { CICLO_RESOURCES_DIR: _unset, ...env } = process.env;
    const out = execFileSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, '-e', script], { cwd: elsewhere, env, encoding: 'utf8' });
    expect(out.trim()).toBe(path.join(root, 'resources/datasets'));
  });
});
