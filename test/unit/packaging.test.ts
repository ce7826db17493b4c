import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const root = path.resolve(__dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
const builder = YAML.parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const DEB_DEFAULTS_25 = ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];

describe('the desktop package', () => {
  it('deb: depends on everything electron-builder depends on by default (xdg-utils for Open data folder and links), plus ALSA', () => {
    // electron-builder 26 exposes its deb defaults as FpmTarget.getDefaultDepends; 25 (the line whose engines fit
    // Node 20) keeps the same list inside its Go helper (app-builder), so the list is written out for it.
    const fpm = require('app-builder-lib/out/targets/FpmTarget.js').default;
    const defaults: string[] = fpm.prototype.getDefaultDepends?.call(null, 'deb') ?? DEB_DEFAULTS_25;
    expect(defaults).toContain('xdg-utils');
    expect(builder.deb.depends).toEqual(expect.arrayContaining([...defaults, 'libasound2']));
    // The default after-install script installs the AppArmor profile Ubuntu 23.10+/24.04 needs.
    expect(builder.deb.afterInstall).toBeUndefined();
  });

  it('ships as runtime dependencies what the main process, core and worker import, and none of the renderer-only libraries', () => {
    const runtime = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const imported = new Set<string>();
    for (const file of [...sources(path.join(root, 'electron/main')), ...sources(path.join(root, 'electron/core')), ...sources(path.join(root, 'shared'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import (?!type )[^'"]*from '([^'.][^']*)'|import\('([^'.][^']*)'\)/gm)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('node:') || spec === 'electron') continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    expect([...imported].filter((p) => !runtime.has(p))).toEqual([]);
    for (const renderOnly of ['react', 'react-dom', 'recharts', 'i18next', 'react-i18next', '@tanstack/react-virtual']) {
      expect(pkg.dependencies[renderOnly], renderOnly).toBeUndefined();
      expect(pkg.devDependencies[renderOnly], renderOnly).toBeDefined();
    }
  });
});

describe('signing the packages (from the environment only)', () => {
  it('says what will happen, and skips with a clear message when nothing is set', async () => {
    const { signingPlan } = await import('../../scripts/signing.mjs');
    const none = signingPlan('darwin', {});
    expect(none.problems).toEqual([]);
    expect(none.lines.join('\n')).toMatch(/NOT signed and Gatekeeper blocks it/);
    expect(none.lines.join('\n')).toMatch(/notarisation skipped/);
    const full = signingPlan('darwin', { CSC_LINK: 'cert.p12', CSC_KEY_PASSWORD: 'x', APPLE_ID: 'dev@ciclo.local', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T3AM' });
    expect(full).toEqual({
      problems: [],
      lines: ['macOS: signing with the Developer ID certificate in CSC_LINK.', 'macOS: notarising with the Apple ID dev@ciclo.local (team T3AM).'],
    });
    expect(signingPlan('win32', {}).lines[0]).toMatch(/^Windows: code signing skipped/);
    expect(signingPlan('win32', { WIN_CSC_LINK: 'c.pfx', WIN_CSC_KEY_PASSWORD: 'x' }).lines).toEqual([
      'Windows: signing the installer and the app with the certificate in WIN_CSC_LINK.',
    ]);
  });

  it('stops before building when a set of variables is incomplete', async () => {
    const { signingPlan } = await import('../../scripts/signing.mjs');
    expect(signingPlan('darwin', { APPLE_ID: 'dev@ciclo.local' }).problems).toEqual([
      'macOS notarisation: set all of APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID (missing: APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID).',
    ]);
    expect(signingPlan('win32', { CSC_LINK: 'c.pfx' }).problems[0]).toMatch(/CSC_LINK is set but CSC_KEY_PASSWORD is not/);
    expect(pkg.scripts.dist).toMatch(/node scripts\/signing\.mjs && electron-builder/);
    expect(builder.mac.hardenedRuntime).toBe(true);
  });
});
