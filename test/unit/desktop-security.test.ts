import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/ipc.js';
import { CSP } from '../../electron/server/static.js';
import { CONTENT_SECURITY_POLICY, isExternalLink, isTrustedPageUrl, sanitizeWindowState, webPreferences, windowOptions } from '../../electron/main/window-options.js';
import { createBridge, type IpcRendererLike } from '../../electron/preload/bridge.js';

const root = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

describe('desktop window security settings', () => {
  const prefs = webPreferences('/app/out/preload/index.cjs');

  it('isolates the page: context isolation, sandbox, no Node, web security on, no webview', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(windowOptions('/p.cjs').webPreferences).toEqual(webPreferences('/p.cjs'));
  });

  it('the only window the main process creates uses these options', () => {
    const mainFiles = fs.readdirSync(path.join(root, 'electron/main')).map((f) => `electron/main/${f}`);
    const creations = mainFiles.flatMap((f) => [...read(f).matchAll(/new BrowserWindow\(([^)]*)\)?/g)].map((m) => `${f}: ${m[1]}`));
    expect(creations).toEqual(['electron/main/window.ts: windowOptions(preloadPath, state']);
    expect(read('electron/main/index.ts')).toContain('app.enableSandbox()');
  });

  it('uses the same strict Content-Security-Policy as browser mode', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(CSP);
    const scriptSrc = CSP.split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('denies navigation and window.open, opening only web links in the system browser', () => {
    const security = read('electron/main/security.ts');
    expect(security).toMatch(/'will-navigate',[^]*?event\.preventDefault\(\)/);
    expect(security).toContain("return { action: 'deny' }");
    expect(security).not.toContain("action: 'allow'");
    expect(isExternalLink('https://www.tensorflow.org/js')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 'https://user:pw@example.com/', 'not a url']) {
      expect(isExternalLink(bad), bad).toBe(false);
    }
  });

  it('trusts only the top frame of our own page (or the dev server) as an IPC sender', () => {
    const indexFile = path.join(root, 'out/renderer/index.html');
    const own = pathToFileURL(indexFile).href;
    expect(isTrustedPageUrl(own, { indexFile })).toBe(true);
    expect(isTrustedPageUrl(`${own}#/design?project=p1`, { indexFile })).toBe(true);
    expect(isTrustedPageUrl(pathToFileURL(path.join(root, 'out/renderer/other.html')).href, { indexFile })).toBe(false);
    expect(isTrustedPageUrl('https://evil.example/', { indexFile })).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/', { indexFile })).toBe(false);
    expect(isTrustedPageUrl('http://localhost:5173/#/data', { indexFile, devServerUrl: 'http://localhost:5173' })).toBe(true);
    expect(isTrustedPageUrl('http://localhost:5174/', { indexFile, devServerUrl: 'http://localhost:5173' })).toBe(false);
    expect(isTrustedPageUrl(undefined, { indexFile })).toBe(false);
    expect(read('electron/main/index.ts')).toMatch(/frame === event\.sender\.mainFrame/);
  });

  it('on Windows, trusts our page whatever the case of the drive letter and folders (and on UNC shares)', () => {
    const win = path.win32;
    // `npm start` from an editor's terminal whose folder is spelled c:\... ; Chromium reports file:///C:/...
    const indexFile = win.join('c:\\Users\\Ana\\ciclo', 'out', 'renderer', 'index.html');
    expect(isTrustedPageUrl('file:///C:/Users/Ana/ciclo/out/renderer/index.html#/data', { indexFile }, 'win32')).toBe(true);
    expect(isTrustedPageUrl('file:///c:/users/ana/CICLO/out/renderer/index.html', { indexFile }, 'win32')).toBe(true);
    expect(isTrustedPageUrl('file:///C:/Users/Ana/ciclo/out/renderer/index.html', { indexFile: 'C:\\USERS\\ANA\\CICLO\\OUT\\RENDERER\\INDEX.HTML' }, 'win32')).toBe(true);
    expect(isTrustedPageUrl('file:///C:/Users/Ana%20Mar%C3%ADa/out/renderer/index.html', { indexFile: 'c:\\Users\\Ana María\\out\\renderer\\index.html' }, 'win32')).toBe(true);
    // Another file, another drive, a foreign page: still refused.
    expect(isTrustedPageUrl('file:///C:/Users/Ana/ciclo/out/renderer/other.html', { indexFile }, 'win32')).toBe(false);
    expect(isTrustedPageUrl('file:///D:/Users/Ana/ciclo/out/renderer/index.html', { indexFile }, 'win32')).toBe(false);
    expect(isTrustedPageUrl('https://evil.example/index.html', { indexFile }, 'win32')).toBe(false);
    // UNC paths: the app installed on a network share; hosts and folders in any case.
    const unc = '\\\\FileServer\\Apps\\Ciclo\\resources\\app.asar\\out\\renderer\\index.html';
    expect(isTrustedPageUrl('file://fileserver/Apps/Ciclo/resources/app.asar/out/renderer/index.html', { indexFile: unc }, 'win32')).toBe(true);
    expect(isTrustedPageUrl('file://FILESERVER/apps/ciclo/resources/app.asar/out/renderer/index.html#/train', { indexFile: unc }, 'win32')).toBe(true);
    expect(isTrustedPageUrl('file://otherserver/Apps/Ciclo/resources/app.asar/out/renderer/index.html', { indexFile: unc }, 'win32')).toBe(false);
    expect(isTrustedPageUrl('file:///C:/Apps/Ciclo/resources/app.asar/out/renderer/index.html', { indexFile: unc }, 'win32')).toBe(false);
    // Elsewhere paths stay case-sensitive (Linux file systems are).
    expect(isTrustedPageUrl('file:///home/ana/Ciclo/out/renderer/index.html', { indexFile: '/home/ana/ciclo/out/renderer/index.html' }, 'linux')).toBe(false);
    expect(isTrustedPageUrl('file:///home/ana/ciclo/out/renderer/index.html', { indexFile: '/home/ana/ciclo/out/renderer/index.html' }, 'linux')).toBe(true);
  });

  it('registers exactly one IPC channel, answered with invoke/handle', () => {
    const main = fs
      .readdirSync(path.join(root, 'electron/main'))
      .map((f) => read(`electron/main/${f}`))
      .join('\n');
    expect([...main.matchAll(/ipcMain\.(handle|on|once|handleOnce)\(/g)].map((m) => m[0])).toEqual(['ipcMain.handle(']);
    expect(main).toContain('ipcMain.handle(INVOKE_CHANNEL');
  });

  it('keeps a usable window state whatever the stored file says', () => {
    expect(sanitizeWindowState({ width: 1000, height: 700, x: 10, y: 20, maximized: true })).toEqual({ width: 1000, height: 700, x: 10, y: 20, maximized: true });
    expect(sanitizeWindowState({ width: 'wide', height: -5, x: 10 })).toEqual({ width: 1280, height: 820, maximized: false });
    expect(sanitizeWindowState(null)).toEqual({ width: 1280, height: 820, maximized: false });
  });
});

describe('preload', () => {
  function fakeIpc() {
    const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
    const ipc = {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 42 })),
      on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      }),
      removeListener: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => listeners.get(channel)?.delete(l)),
      emit: (channel: string, message: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret' }, message)),
      count: (channel: string) => listeners.get(channel)?.size ?? 0,
    };
    return ipc;
  }

  it('exposes exactly invoke and on', () => {
    const bridge = createBridge(fakeIpc() as IpcRendererLike);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    const source = read('electron/preload/index.ts');
    expect([...source.matchAll(/exposeInMainWorld\(\s*'(\w+)'/g)].map((m) => m[1])).toEqual(['ciclo']);
    expect(source).toContain("exposeInMainWorld('ciclo', createBridge(ipcRenderer))");
  });

  it('invoke uses only the ciclo:invoke channel, and refuses a non-string method without sending anything', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as IpcRendererLike);
    await expect(bridge.invoke('project.list', { includeArchived: true })).resolves.toEqual({ ok: true, value: 42 });
    expect(ipc.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'project.list', { includeArchived: true });
    const bad = (await bridge.invoke(42 as unknown as string, {})) as { ok: boolean; error: { code: string } };
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('invalid_input');
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('on delivers (event, payload) without the Electron event object, and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as IpcRendererLike);
    const seen: unknown[][] = [];
    const off = bridge.on((...args) => seen.push(args));
    ipc.emit(EVENT_CHANNEL, { event: 'job.updated', payload: { id: 'j1' } });
    ipc.emit(EVENT_CHANNEL, 'garbage');
    expect(seen).toEqual([['job.updated', { id: 'j1' }]]);
    off();
    expect(ipc.count(EVENT_CHANNEL)).toBe(0);
    ipc.emit(EVENT_CHANNEL, { event: 'job.updated', payload: {} });
    expect(seen).toHaveLength(1);
  });

  it('loads nothing but electron at run time (a sandboxed preload cannot require packages)', () => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of read(file).matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1];
        if (spec.startsWith('.')) visit(path.relative(root, path.resolve(root, path.dirname(file), spec.replace(/\.js$/, '.ts'))));
        else packages.add(spec);
      }
    };
    visit('electron/preload/index.ts');
    expect([...packages]).toEqual(['electron']);
  });
});
