import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

// The dev server injects an inline React-refresh script that the strict CSP <meta> would block; the
// built app keeps the meta tag (and the desktop and browser doors send the same policy as a header).
const devCspRelax: Plugin = {
  name: 'ciclo-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, ''),
};

// One build for the three parts of the desktop app. The renderer output (out/renderer) is also what
// browser mode (`ciclo ui`) serves.
export default defineConfig({
  main: {
    build: {
      // Optional dependencies may be absent (tfjs-node often cannot be installed) and carry native addons found
      // by relative paths (onnxruntime-node): load them from node_modules at run time, never bundled.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', 'onnxruntime-node'] },
      rollupOptions: {
        // The training worker is a separate process (forked by the core): its own entry, next to index.js.
        // The core runs in its own Electron utilityProcess, off the main process (electron/main/core-process.ts).
        // The `ciclo` command line (out/main/cli.js, run by bin/ciclo.mjs and by the installed app's
        // launcher) shares the core's chunks; its command files are loaded on demand, so `ciclo --help`
        // loads neither the core nor zod.
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'core-process': resolve(__dirname, 'electron/main/core-process.ts'),
          'training-worker': resolve(__dirname, 'electron/core/training/worker.ts'),
          // the import's second thread (a worker_threads Worker: electron/core/datasets/import-thread.ts)
          'csv-worker': resolve(__dirname, 'electron/core/datasets/csv-worker.ts'),
          // the serving log's writer thread (a worker_threads Worker: electron/core/serving/log-writer.ts)
          'log-writer-thread': resolve(__dirname, 'electron/core/serving/log-writer-thread.ts'),
          cli: resolve(__dirname, 'electron/cli/run.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), devCspRelax],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified, each phase its own chunk (React.lazy in renderer/src/phases/index.tsx); test/unit/
      // renderer-size.test.ts holds the first load to 400 KB gzipped and every phase chunk to 250 KB.
      minify: true,
      chunkSizeWarningLimit: 1000,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
