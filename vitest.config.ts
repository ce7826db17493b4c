import './scripts/node20-polyfills.mjs';
import os from 'node:os';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

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
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/{unit,contract,integration}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'jsdom', include: ['test/**/*.test.tsx'] },
      },
    ],
  },
});
