import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, sourceFiles } from '../helpers/source-files.js';

const root = repoRoot;

const files = sourceFiles;

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const found: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return found;
}

/** Which top folder a relative import lands in. */
function layerOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = path.normalize(path.join(path.dirname(file), spec));
  const parts = target.split(path.sep);
  if (parts[0] === 'electron') return `electron/${parts[1]}`;
  return parts[0];
}

const rules: Record<string, string[]> = {
  shared: ['shared'],
  'electron/core': ['shared', 'electron/core'],
  'electron/cli': ['shared', 'electron/core', 'electron/cli', 'electron/server'],
  'electron/server': ['shared', 'electron/core', 'electron/server'],
  'electron/main': ['shared', 'electron/core', 'electron/main', 'electron/server'],
  'electron/preload': ['shared', 'electron/preload'],
  renderer: ['shared', 'renderer'],
};

describe('layering', () => {
  it('the core never imports electron', () => {
    const offenders = files('electron/core').filter((f) => imports(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('shared never imports node-only or electron packages', () => {
    const offenders = files('shared').filter((f) => imports(f).some((s) => s === 'electron' || s.startsWith('node:') || s === 'better-sqlite3'));
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports electron, node built-ins or the core', () => {
    const offenders = files('renderer/src').filter((f) =>
      imports(f).some((s) => s === 'electron' || s.startsWith('node:') || (layerOf(f, s) ?? 'renderer').startsWith('electron')),
    );
    expect(offenders).toEqual([]);
  });

  for (const [layer, allowed] of Object.entries(rules)) {
    it(`${layer} imports only ${allowed.join(', ')}`, () => {
      const dir = layer === 'renderer' ? 'renderer/src' : layer;
      if (!fs.existsSync(path.join(root, dir))) return;
      const bad: string[] = [];
      for (const f of files(dir)) {
        for (const spec of imports(f)) {
          const target = layerOf(f, spec);
          if (target && !allowed.includes(target)) bad.push(`${f} -> ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
