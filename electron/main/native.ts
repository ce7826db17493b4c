import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 inside Electron: node_modules holds a build for Node's ABI (used by the CLI, browser
 * mode and tests) and is never rebuilt in place. The desktop app loads an Electron-ABI copy instead,
 * built by scripts/electron-native.mjs into native/electron/<electron version>/ (in a checkout) or
 * shipped in resources/native/ (in a package), and passed to the core as `nativeBinding`.
 */
export interface NativeLocation {
  appRoot: string;
  packaged: boolean;
  resourcesPath: string;
  electronVersion: string;
}

export function nativeBindingPath(loc: NativeLocation): string {
  return loc.packaged
    ? path.join(loc.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(loc.appRoot, 'native', 'electron', loc.electronVersion, 'better_sqlite3.node');
}

export type NativeResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * The binding's path, building it first when a checkout does not have it yet (first desktop start).
 * The build runs the same script as `npm run native:electron`, with Electron's own Node.
 */
export async function ensureNativeBinding(loc: NativeLocation, log: (line: string) => void = () => undefined): Promise<NativeResult> {
  const file = nativeBindingPath(loc);
  if (fs.existsSync(file)) return { ok: true, path: file };
  if (loc.packaged) {
    return { ok: false, message: `This copy of Ciclo is incomplete: ${file} is missing. Reinstall Ciclo, or rebuild the package with "npm run dist".` };
  }
  const script = path.join(loc.appRoot, 'scripts', 'electron-native.mjs');
  log(`Building the database module (better-sqlite3) for Electron ${loc.electronVersion}: first start only, it can take a few minutes…`);
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, [script, '--electron-version', loc.electronVersion], {
      cwd: loc.appRoot,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (d: Buffer) => {
      text = (text + d.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: -1, text: text + String(err) }));
    child.on('close', (code) => resolve({ code, text }));
  });
  if (output.code === 0 && fs.existsSync(file)) return { ok: true, path: file };
  const lines = output.text.trim().split('\n').filter(Boolean);
  const last = lines.filter((l) => l.startsWith('Could not') || l.startsWith('Cannot')).pop() ?? lines.slice(-3).join('\n');
  return {
    ok: false,
    message:
      `The desktop app needs better-sqlite3 built for Electron ${loc.electronVersion}, and building it failed:\n\n${last || 'no output'}\n\n` +
      `Run "npm run native:electron" on a machine with internet access (it downloads Electron's headers or a prebuilt module), ` +
      `or use browser mode instead: "npm start -- --browser" or "npx ciclo ui".`,
  };
}
