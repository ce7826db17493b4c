import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

/**
 * Debian's Chromium headless shell (package chromium-headless-shell: the same Blink without the browser's own
 * window, the build Playwright itself runs for headless tests), else the full Chromium. Measured on the lessons
 * walk and the layout check, alternated: 14-20 % fewer Chromium CPU-seconds for the same pages and findings.
 */
export const chromiumPath =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((p) => fs.existsSync(p)) ?? '/usr/bin/chromium-headless-shell';
export const browserArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The e2e config's globalSetup: one Chromium for the whole run. Each file connects to it (launchBrowser in
 * browser.ts) and works in browser contexts of its own, each with its own renderer process, instead of
 * starting and stopping a Chromium of its own (about 3 CPU-seconds each, in 14 files).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!fs.existsSync(chromiumPath)) return undefined; // browserAvailable() in each file says what to do
  const server = await chromium.launchServer({ executablePath: chromiumPath, args: browserArgs });
  project.provide('browserEndpoint', server.wsEndpoint());
  return () => server.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserEndpoint?: string;
  }
}
