import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';

const resolveFromHere = createRequire(import.meta.url);
/** Dev-mode bundles made in this process, by source file. */
const bundles = new Map<string, Promise<string>>();

/**
 * The thread's module from the sources as one CommonJS text (development, tests): bundled by esbuild
 * (tsx's own, so it is there whenever the sources run), packages left to `require` from the source's
 * folder. Measured here under load: 0.2-1.3 s once per process, where a thread registering tsx took
 * 3 s to be ready; the build runs off the event loop.
 */
function bundle(ts: string): Promise<string> {
  let code = bundles.get(ts);
  if (!code) {
    const esbuild = createRequire(resolveFromHere.resolve('tsx/package.json'))('esbuild') as typeof Esbuild;
    code = esbuild
      .build({ entryPoints: [ts], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', write: false, logLevel: 'silent' })
      .then((out) => `(function (require) {\n${out.outputFiles[0].text}\n})(require('node:module').createRequire(${JSON.stringify(ts)}));`);
    bundles.set(ts, code);
  }
  return code;
}

/**
 * Starts a worker_threads Worker on a module of the core, `name` (no extension) in the folder `dir` of the
 * caller's source. From the built code the entry is the bundle's `name.js`, next to the chunk that calls
 * this or one folder up (electron.vite.config.ts lists it); from the sources, the module bundled as above.
 * Null when it cannot start.
 */
export async function startModuleThread(dir: string, name: string, options: WorkerOptions = {}): Promise<Worker | null> {
  try {
    const ts = path.join(dir, `${name}.ts`);
    if (fs.existsSync(ts)) return new Worker(await bundle(ts), { ...options, eval: true });
    const built = [path.join(dir, `${name}.js`), path.join(dir, '..', `${name}.js`)].find((f) => fs.existsSync(f));
    return built ? new Worker(built, options) : null;
  } catch {
    return null;
  }
}
