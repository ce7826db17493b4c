import './scripts/node20-polyfills.mjs';
import { defineConfig } from 'vitest/config';
import { longestFirst } from './test/setup/longest-first.js';

/** The longest files start first (their usual share of the run), so the two lanes end close together. */
const longest = ['layout.e2e.ts', 'lessons.e2e.ts', 'keyboard.e2e.ts', 'monitor-loop.e2e.ts', 'deploy.e2e.ts', 'registry.e2e.ts'];

// Browser-mode end-to-end tests: Debian Chromium driven by playwright-core against `ciclo ui`.
// Two files at a time: each has its own workspace and server (port 0), and much of a file's time is waiting
// (for the server, a page, a training run), which the other file's work fills. One Chromium for the whole run
// (globalSetup: test/e2e/shared-browser.ts), each file in browser contexts of its own. The two workers are kept
// from file to file (isolate: false): in a fresh process each file imported the whole core again (vitest
// counted 372 s of imports in a 1,531 s run on a loaded machine), and the files share no module state (each
// has its own workspace, server and browser contexts).
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    sequence: { sequencer: longestFirst(longest) },
    isolate: false,
    setupFiles: ['test/setup/temp-cleanup.ts'],
    globalSetup: ['test/e2e/shared-browser.ts'],
  },
});
