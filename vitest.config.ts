import './scripts/node20-polyfills.mjs';
import os from 'node:os';
import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';
import { longestFirst } from './test/setup/longest-first.js';

// The longest files (test time on 2 cores, longest first): they start first, so both lanes end together.
const longest = [
  'integration/training.test.ts',
  'integration/chaos-quick.test.ts',
  'integration/training-cli.test.ts',
  'unit/training-parallel.test.ts',
  'unit/wasm-accuracy.test.ts',
  'integration/lessons.test.ts',
  'integration/monitoring.test.ts',
  'integration/bundle-roundtrip.test.ts',
  'integration/predict-parity.test.ts',
  'integration/serving.test.ts',
  'unit/dense-fit.test.ts',
  'integration/store.test.ts',
];

// Integration files that mock a core module (vi.mock): they run in a module graph of their own.
const moduleMocks = ['test/integration/training-start-job.test.ts'];
// Renderer files that mock an app module (the API transport): the same, in a jsdom of their own.
const rendererMocks = ['test/renderer/data-target-save.test.tsx'];

// Unit, contract and integration tests (Node), plus renderer component tests (jsdom).
// End-to-end tests have their own config (vitest.e2e.config.ts): they need the built app.
export default defineConfig({
  plugins: [react()],
  test: {
    testTimeout: 30_000,
    // At least two test files at a time (vitest's default, cores - 1, is one on a two-core machine): most of a
    // file runs in its one process, so one lane leaves the other core idle but for training workers and servers.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    hookTimeout: 60_000,
    setupFiles: ['test/setup/temp-cleanup.ts'],
    sequence: { sequencer: longestFirst(longest) },
    // `npm run coverage` (or COVERAGE=1 npm test): V8's own coverage of the code these tests run in-process
    // (the CLI included: the integration tests run it through main(argv)); training workers and the few
    // real-process smoke tests are not measured.
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      reportOnFailure: true,
      include: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
      exclude: ['**/*.d.ts'],
    },
    projects: [
      {
        // Unit and contract files share their worker's modules (isolate: false): each file otherwise loads zod,
        // tfjs and the core again in a fresh module graph, and these files leave no state behind (tfjs backends
        // are chosen by loadBackend at each use, environment variables and timers are restored by the tests).
        // 65 unit files: 134 -> 61 CPU-s, the same 418 tests passing.
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['test/{unit,contract}/**/*.test.ts'], isolate: false },
      },
      {
        // Integration files share their worker's modules too: each one opens its own workspaces, servers and
        // jobs and closes them in its afterAll hooks, so nothing of one file is left for the next, and each file
        // otherwise loaded zod, tfjs and the whole core again (vitest counted 325 s of imports isolated, 23 s
        // shared): the 40 files 212 -> 123 CPU-s (load 12-22), the same 332 tests passing.
        extends: true,
        test: { name: 'integration', environment: 'node', include: ['test/integration/**/*.test.ts'], exclude: [...configDefaults.exclude, ...moduleMocks], isolate: false },
      },
      {
        // Files that replace a core module with vi.mock keep a fresh module graph: in a shared one the mock
        // would reach (or miss) the modules other files already loaded.
        extends: true,
        test: { name: 'integration-mocked', environment: 'node', include: moduleMocks },
      },
      {
        // Renderer files share their worker's jsdom and modules too: each sets its own language (initI18n in its
        // beforeAll) and unmounts what it renders, and a fresh jsdom with React, i18next and the app's modules
        // for each file was most of their time: the 10 files 24.6 -> 11.9 CPU-s (the mocked one still alone), the
        // same 41 tests passing, in any order (shuffled runs) and on one worker.
        extends: true,
        test: { name: 'renderer', environment: 'jsdom', include: ['test/**/*.test.tsx'], exclude: [...configDefaults.exclude, ...rendererMocks], isolate: false },
      },
      {
        extends: true,
        test: { name: 'renderer-mocked', environment: 'jsdom', include: rendererMocks },
      },
    ],
  },
});
