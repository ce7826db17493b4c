import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CICLO_VERSION } from '../../electron/core/version.js';

it('the version the core reports is the package version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
  expect(CICLO_VERSION).toBe(pkg.version);
});
