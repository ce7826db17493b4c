import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Reads the built renderer (out/renderer, made by the build step that runs before these tests) and holds
// it to its size goals: the JavaScript loaded before anything shows at most 400 KB gzipped, and opening a
// phase loads at most 250 KB more (each phase is its own lazy chunk, renderer/src/phases/index.tsx).
const dir = path.resolve(__dirname, '../../out/renderer');
const assets = path.join(dir, 'assets');
const KB = 1024;

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(assets, file)), { level: 9 }).length;
/** The chunks a chunk imports statically (minified: `from"./x.js"` or `import"./x.js"`). */
const staticImports = (file: string) => [...fs.readFileSync(path.join(assets, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)].map((m) => m[1]);

function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  return seen;
}

const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);

describe.skipIf(!fs.existsSync(path.join(dir, 'index.html')))('renderer bundle size', () => {
  const html = fs.existsSync(path.join(dir, 'index.html')) ? fs.readFileSync(path.join(dir, 'index.html'), 'utf8') : '';
  const firstRoots = [...html.matchAll(/(?:src|href)="\.\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]);
  const first = closure(firstRoots);

  it('loads at most 400 KB of gzipped JavaScript at start, without zod or the charts', () => {
    const size = sum(first);
    console.log(`first load: ${(size / KB).toFixed(1)} KB gzipped in ${first.size} files`);
    expect(size).toBeLessThanOrEqual(400 * KB);
    for (const f of first) {
      const text = fs.readFileSync(path.join(assets, f), 'utf8');
      expect(text, `${f} should not hold zod`).not.toContain('ZodError');
      expect(text, `${f} should not hold recharts`).not.toContain('recharts-wrapper');
    }
  });

  it('loads each phase as its own chunk, at most 250 KB gzipped more when it opens', () => {
    const phases = fs.readdirSync(assets).filter((f) => /^[A-Z]\w+Phase-[\w-]+\.js$/.test(f));
    expect(phases.length).toBeGreaterThanOrEqual(5);
    for (const phase of phases) {
      expect(first.has(phase), `${phase} is loaded at start`).toBe(false);
      const extra = [...closure([phase])].filter((f) => !first.has(f));
      const size = sum(extra);
      console.log(`${phase.split('-')[0]}: ${(size / KB).toFixed(1)} KB gzipped more in ${extra.length} files`);
      expect(size, phase).toBeLessThanOrEqual(250 * KB);
    }
  });
});
