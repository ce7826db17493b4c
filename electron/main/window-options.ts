import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { CSP } from '../server/static.js';

/**
 * The desktop window's security settings, as plain data: the main process uses them and a Node test
 * checks them, without either importing the Electron runtime here.
 */

/** Same policy as browser mode (electron/server/static.ts): only our own scripts, no remote anything. */
export const CONTENT_SECURITY_POLICY = CSP;

export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

/** Whatever was stored, reduced to a usable window state (a hand-edited file never breaks the window). */
export function sanitizeWindowState(raw: unknown): WindowState {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined);
  const state: WindowState = {
    width: int(r.width, 640, 20000) ?? DEFAULT_WINDOW_STATE.width,
    height: int(r.height, 480, 20000) ?? DEFAULT_WINDOW_STATE.height,
    maximized: r.maximized === true,
  };
  const x = int(r.x, -20000, 20000);
  const y = int(r.y, -20000, 20000);
  if (x !== undefined && y !== undefined) Object.assign(state, { x, y });
  return state;
}

export function windowOptions(preloadPath: string, state: WindowState = DEFAULT_WINDOW_STATE): BrowserWindowConstructorOptions {
  return {
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Ciclo',
    backgroundColor: '#1d1f23',
    webPreferences: webPreferences(preloadPath),
  };
}

/** Where the window's page comes from: the built index.html, or the electron-vite dev server. */
export interface PageSource {
  indexFile: string;
  devServerUrl?: string;
}

/**
 * Only our own page may call the core: the top frame showing our index.html (any #route), or the dev
 * server's origin during `npm run dev`. Anything else (another file, a remote page, an iframe) is refused.
 *
 * On Windows, file paths are compared case-insensitively: Chromium writes the drive letter of a file URL
 * in upper case (file:///C:/...) while the path of our index file keeps whatever case the shell's working
 * folder had (c:\...), and NTFS treats both as one file. UNC paths (\\server\share\...) work the same way.
 */
export function isTrustedPageUrl(url: string | undefined | null, source: PageSource, platform: NodeJS.Platform = process.platform): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    try {
      return samePath(fileURLToPath(parsed, { windows: platform === 'win32' }), source.indexFile, platform);
    } catch {
      return false;
    }
  }
  if (source.devServerUrl && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
    return parsed.origin === new URL(source.devServerUrl).origin;
  }
  return false;
}

/** Whether two absolute paths name the same file, with the platform's rules for case and separators. */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'win32') return path.posix.resolve(a) === path.posix.resolve(b);
  const norm = (p: string) => path.win32.resolve(p).toLowerCase();
  return norm(a) === norm(b);
}

/** Links the page may open in the system browser (never inside the app): plain web pages only. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && Boolean(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}
