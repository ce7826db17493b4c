/**
 * The README's "Serving models" example, run as written: its `ciclo` lines (sample project, training,
 * register, promote) in this process, `ciclo serve` as a real process (on a free port instead of 8080), and
 * every curl line through the real curl (a shell, printf pipes included). Each answer must be a success of its
 * protocol, so the example a newcomer copies actually works.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { spawnServe } from '../helpers/serving.js';
import { repoRoot, runCliInProcess, tempDir } from '../helpers/workspace.js';

const run = promisify(execFile);
const dir = tempDir('ciclo-readme-serving-');
let child: Awaited<ReturnType<typeof spawnServe>>['child'] | undefined;

/** curl ships with the CI image (.ci/run installs it); on a developer machine without it the test is skipped. */
function curlAvailable(): boolean {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'curl')));
  if (!found && process.env.CI) throw new Error('curl not found: install it (apt-get install curl) — the README example cannot be skipped in CI.');
  return found;
}

/** The first ```sh block after a heading, as commands: continued lines joined, comments dropped. */
function shellBlock(markdown: string, heading: string): string[] {
  const from = markdown.indexOf(`\n${heading}\n`);
  const start = markdown.indexOf('```sh\n', from);
  const body = markdown.slice(start + 6, markdown.indexOf('\n```', start));
  return body
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map(withoutComment)
    .filter(Boolean);
}

/** A line without its trailing `# comment` (a # inside quotes stays). */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) quote = c === quote ? '' : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trim();
  }
  return line.trim();
}

/** Shell words of a simple command: single and double quotes, no expansions (the README uses none). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!curlAvailable())("the README's serving example", () => {
  it('sets up, serves and answers every curl line with a success of its protocol', async () => {
    const commands = shellBlock(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'), '## Serving models');
    const serveAt = commands.findIndex((c) => c.startsWith('ciclo serve '));
    expect(serveAt).toBeGreaterThan(0);
    let runId = '';
    for (const line of commands.slice(0, serveAt)) {
      const args = words(line)
        .slice(1)
        .map((w) => (w === 'RUN' ? runId : w));
      const r = await withInProcessTraining(() => runCliInProcess(dir, [...args, '--json']));
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      if (args[0] === 'train') runId = r.json.id;
    }
    expect(runId).toMatch(/^run_/);

    const served = await spawnServe({ dataDir: dir } as Services, words(commands[serveAt]).slice(2));
    child = served.child;
    const port = new URL(served.info.url).port;
    const curls = commands.filter((c) => /^(curl|printf) /.test(c)).map((c) => c.replaceAll('localhost:8080', `localhost:${port}`));
    expect(curls.length).toBeGreaterThanOrEqual(5);
    let predictions = 0;
    for (const line of curls) {
      const { stdout } = await run('sh', ['-c', `${line} -w '\\n%{http_code}'`]);
      const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
      const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')));
      expect(status, `${line}\n${stdout}`).toBe('200');
      expect(body, line).not.toHaveProperty('error');
      if (line.includes('/v1/models/iris:predict')) {
        expect(body.predictions.map((p: { label: string }) => p.label)).toHaveLength(2);
        expect(body).toMatchObject({ model_name: 'iris', model_version: '1' });
      } else if (line.includes('/invocations')) {
        expect(body.predictions).toHaveLength(1);
        expect(['setosa', 'versicolor', 'virginica']).toContain(body.predictions[0].label);
      } else if (line.includes('/infer')) {
        expect(body.model_name).toBe('iris');
        expect(body.outputs.length).toBeGreaterThan(0);
      } else {
        expect(body.model_version_status[0]).toMatchObject({ version: '1', state: 'AVAILABLE' });
        continue;
      }
      predictions++;
    }
    expect(predictions).toBe(curls.length - 1);

    // the next line of the example: the deployment is listed, with the requests it answered
    const list = await runCliInProcess(dir, ['deployments', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const deployments = Array.isArray(list.json) ? list.json : list.json.deployments;
    expect(deployments[0]).toMatchObject({ modelName: 'iris', alias: 'champion', status: 'running' });
  }, 180_000);
});
