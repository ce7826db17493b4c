import './scripts/node20-polyfills.mjs';
import { defineConfig } from 'vitest/config';

// Browser-mode end-to-end tests: Debian Chromium driven by playwright-core against `ciclo ui`.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    setupFiles: ['test/setup/temp-cleanup.ts'],
  },
});
