import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Needs the build (out/): part of the end-to-end suite, which runs after `electron-vite build`.
const root = path.resolve(__dirname, '../..');

describe('the desktop package size', () => {
  it('Linux x64: app.asar plus unpacked files stay under 60 MB without the optional native runtimes', () => {
    const size = JSON.parse(execFileSync(process.execPath, ['scripts/package-size.mjs', '--platform', 'linux', '--arch', 'x64'], { cwd: root, encoding: 'utf8' }));
    expect(size.appAsarMB + size.unpackedMB - size.optionalNativeMB).toBeLessThan(60);
    expect(size.largest.map((p: { name: string }) => p.name)).not.toContain('tsx');
  });
});
