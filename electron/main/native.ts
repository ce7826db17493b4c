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
  return loc.packaged ? path.join(loc.resourcesPath, 'native', 'better_sqlite3.node') : path.join(loc.appRoot, 'native', 'electron', loc.electronVersion, 'better_sqlite3.node');
}

export type NativeResult = { ok: true; path: string } | { ok: false; message: string };

/** What the first start shows while the module is built: the current step and the time so far. */
export interface NativeProgress {
  step(text: string): void;
  end(): void;
}

const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

/**
 * One terminal line, redrawn every second on a terminal (every 15 s as a new line when the output is a
 * file or a pipe), saying what is happening, how long it has taken and how long it usually takes.
 */
export function terminalProgress(electronVersion: string, out: { isTTY?: boolean; write(text: string): unknown } = process.stdout, now = () => Date.now()): NativeProgress {
  const started = now();
  let step = 'starting';
  let last = '';
  const line = () =>
    `Ciclo's first desktop start: building the database module (better-sqlite3) for Electron ${electronVersion}; ` +
    `usually under 30 s with a prebuilt binary, 2-5 min when compiling. ${step}… ${clock(now() - started)}`;
  const draw = () => {
    if (out.isTTY) out.write(`\r${line()}\x1b[K`);
    else {
      const text = line();
      if (text !== last) out.write(`${text}\n`);
      last = text;
    }
  };
  draw();
  const timer = setInterval(draw, out.isTTY ? 1000 : 15_000);
  timer.unref?.();
  return {
    step(text) {
      step = text;
      draw();
    },
    end() {
      clearInterval(timer);
      if (out.isTTY) out.write('\n');
    },
  };
}

/** The step a line of scripts/electron-native.mjs announces ("Downloading a prebuilt … (linux-x64)…"). */
export function stepOf(line: string): string | null {
  const m = /^(Downloading a prebuilt|Compiling better-sqlite3)[^…]*/.exec(line.trim());
  if (!m) return null;
  return m[1] === 'Downloading a prebuilt' ? 'downloading a prebuilt binary' : "compiling it against Electron's headers";
}

/**
 * The binding's path, building it first when a checkout does not have it yet (first desktop start).
 * The build runs the same script as `npm run native:electron`, with Electron's own Node.
 */
export async function ensureNativeBinding(loc: NativeLocation, progress: (version: string) => NativeProgress = (v) => terminalProgress(v)): Promise<NativeResult> {
  const file = nativeBindingPath(loc);
  if (fs.existsSync(file)) return { ok: true, path: file };
  if (loc.packaged) {
    return { ok: false, message: `This copy of Ciclo is incomplete: ${file} is missing. Reinstall Ciclo, or rebuild the package with "npm run dist".` };
  }
  const script = path.join(loc.appRoot, 'scripts', 'electron-native.mjs');
  const shown = progress(loc.electronVersion);
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
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const step = stepOf(line);
        if (step) shown.step(step);
      }
      keep(d);
    });
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ code: -1, text: text + String(err) }));
    child.on('close', (code) => resolve({ code, text }));
  });
  shown.end();
  if (output.code === 0 && fs.existsSync(file)) return { ok: true, path: file };
  const lines = output.text.trim().split('\n').filter(Boolean);
  const last = lines.filter((l) => l.startsWith('Could not') || l.startsWith('Cannot')).pop() ?? lines.slice(-3).join('\n');
  return {
    ok: false,
    message:
      `The desktop app needs better-sqlite3 built for Electron ${loc.electronVersion}, and building it failed:\n\n${last || 'no output'}\n\n` +
      `Run "npm run native:electron" on a machine with internet access: it downloads a prebuilt module from better-sqlite3's ` +
      `GitHub releases when one is published for this Electron version and platform, else compiles it against Electron's headers ` +
      `(Python 3 and a C++ compiler). Or copy native/electron/${loc.electronVersion}/better_sqlite3.node from a machine with the same ` +
      `OS and CPU, or use browser mode instead: "npm start -- --browser" or "npx ciclo ui".`,
  };
}
