// The Electron main process: a thin door. It shows one secure window, builds the native menu, answers
// dialogs and relays the one IPC channel to the core, which runs in its own process (an Electron
// utilityProcess, core-process.ts) so synchronous SQLite work and data preparation never freeze the
// window. No business logic lives here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import type { EventName, EventPayload } from '../../shared/contract/events.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/ipc.js';
import { AppError } from '../../shared/contract/errors.js';
import { toErrorShape } from '../core/router.js';
import { resolveDataDir } from '../core/workspace.js';
import { CoreClient, type CoreChild } from './core-client.js';
import { desktopHandlers } from './dialogs.js';
import { chromiumLocale, pickLanguage, translator } from './i18n.js';
import { createInvokeHandler } from './invoke.js';
import { buildMenu } from './menu.js';
import { ensureNativeBinding } from './native.js';
import { desktopPreferences, sharedPreferencesDir } from './preferences.js';
import { hardenSession, hardenWebContents } from './security.js';
import { createMainWindow } from './window.js';
import { isTrustedPageUrl, type PageSource } from './window-options.js';

/** Exit code when the database module cannot be loaded: `npm start` then falls back to browser mode. */
const EXIT_NATIVE_MISSING = 78;

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, '../preload/index.cjs');
const coreEntry = path.join(here, 'core-process.js');
const source: PageSource = {
  indexFile: path.join(here, '../renderer/index.html'),
  devServerUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL || undefined : undefined,
};

function argValue(name: string): string | undefined {
  const args = process.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

// On Windows and macOS, Electron's own folder (caches, window state) would be the default workspace
// folder itself (%APPDATA%/Ciclo, ~/Library/Application Support/Ciclo): keep them apart.
const { CICLO_HOME: _ignored, ...envWithoutHome } = process.env;
if (path.resolve(app.getPath('userData')) === resolveDataDir(undefined, envWithoutHome)) {
  app.setPath('userData', path.join(app.getPath('appData'), 'Ciclo Desktop'));
}
app.enableSandbox();
hardenWebContents(app);
/** A second `ciclo` desktop start focuses the window already open instead. */
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

let win: BrowserWindow | null = null;
let core: CoreClient | null = null;
const preferences = desktopPreferences();
const t = () => translator(pickLanguage(preferences.get().language, app.getLocale()));
// before ready (app.getLocale() is not known yet: the system's locale as Node's ICU reads it)
const drawnLocale = chromiumLocale(preferences.get().language, Intl.DateTimeFormat().resolvedOptions().locale);
if (drawnLocale) app.commandLine.appendSwitch('lang', drawnLocale);

function send<E extends EventName>(event: E, payload: EventPayload<E>): void {
  if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, { event, payload });
}

/** The core process's environment: in a package, where the sample data sets are (see core/resources.ts). */
function coreEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  if (app.isPackaged && !env.CICLO_RESOURCES_DIR) env.CICLO_RESOURCES_DIR = path.join(process.resourcesPath, 'resources');
  return env;
}

function spawnCore(): CoreChild {
  return utilityProcess.fork(coreEntry, [], { serviceName: 'Ciclo core', env: coreEnv(), stdio: 'inherit' }) as unknown as CoreChild;
}

/** Opens a workspace in a new core process, forwards its push events and remembers it as the most recent. */
async function openCore(dataDir: string, nativeBinding: string): Promise<CoreClient> {
  const c = await CoreClient.open(spawnCore, { dataDir, nativeBinding, prefsDir: sharedPreferencesDir() });
  c.onEvent((event, payload) => {
    send(event as EventName, payload as never);
    if (event === 'workspace.changed' && (payload as { topic?: string }).topic === 'prefs') refreshMenu();
  });
  c.onUnexpectedExit((code) => void coreDied(c, code));
  const recent = [c.dataDir, ...preferences.get().recentWorkspaces.filter((d) => d !== c.dataDir)].slice(0, 10);
  preferences.set({ recentWorkspaces: recent });
  return c;
}

let restarts = 0;

/** The core process crashed (out of memory, a native fault): reopen the workspace once or twice, else say so and quit. */
async function coreDied(dead: CoreClient, code: number): Promise<void> {
  if (core !== dead || quitting) return;
  console.error(`The Ciclo core process stopped unexpectedly (exit code ${code}).`);
  core = null;
  if (restarts++ < 2) {
    try {
      core = await openCore(dead.dataDir, nativeBinding);
      win?.webContents.reload();
      return;
    } catch (err) {
      console.error(toErrorShape(err).message);
    }
  }
  dialog.showErrorBox(t()('dialog.coreStoppedTitle', { path: dead.dataDir }), t()('dialog.coreStopped', { code }));
  app.quit();
}

function initialDataDir(): string {
  const explicit = argValue('--data-dir');
  if (explicit || process.env.CICLO_HOME) return resolveDataDir(explicit);
  const last = preferences.get().recentWorkspaces[0];
  return last && fs.existsSync(path.join(last, 'ciclo.db')) ? last : resolveDataDir();
}

function windowTitle(dataDir: string): string {
  return `Ciclo — ${dataDir}`;
}

let nativeBinding = '';

async function switchWorkspace(dir: string): Promise<void> {
  const current = core;
  if (!current || path.resolve(dir) === current.dataDir) return;
  const tr = t();
  const jobs = (await current.call('job.list', { limit: 1000 }).catch(() => [])) as { status: string }[];
  const running = jobs.filter((j) => j.status === 'running' || j.status === 'queued');
  if (running.length && win) {
    const answer = await dialog.showMessageBox(win, {
      type: 'warning',
      title: tr('dialog.switchTitle'),
      message: tr('dialog.switchTitle'),
      detail: tr('dialog.switchRunning', { count: running.length }),
      buttons: [tr('dialog.switchAnyway'), tr('dialog.cancel')],
      defaultId: 1,
      cancelId: 1,
    });
    if (answer.response !== 0) return;
  }
  let next: CoreClient;
  try {
    next = await openCore(dir, nativeBinding);
  } catch (err) {
    // The workspace still open stays open (for example: a folder written by a newer Ciclo).
    dialog.showErrorBox(tr('dialog.openFailed', { path: dir }), toErrorShape(err).message);
    return;
  }
  core = next;
  await current.close().catch((err) => console.error('Closing the previous workspace failed:', err));
  win?.setTitle(windowTitle(next.dataDir));
  refreshMenu();
  win?.webContents.reload();
}

const menuActions = {
  openWorkspace: async () => {
    const tr = t();
    const options = { title: tr('dialog.chooseWorkspace'), properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!r.canceled && r.filePaths[0]) await switchWorkspace(r.filePaths[0]);
  },
  openRecent: (dir: string) => void switchWorkspace(dir),
  importDataset: async () => {
    const tr = t();
    const options = {
      title: tr('dialog.chooseDataset'),
      filters: [
        { name: tr('dialog.datasetFiles'), extensions: ['csv', 'tsv', 'txt', 'json', 'jsonl', 'zip'] },
        { name: tr('dialog.allFiles'), extensions: ['*'] },
      ],
      properties: ['openFile'] as 'openFile'[],
    };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    // The Data phase owns importing (it asks which project and how to read the file), so the menu
    // hands it the chosen path instead of importing behind the user's back.
    if (!r.canceled && r.filePaths[0]) send('menu.action', { action: 'import-dataset', path: r.filePaths[0] });
  },
  importBundle: async () => {
    const tr = t();
    const options = { title: tr('dialog.chooseBundle'), filters: [{ name: tr('dialog.bundleFiles'), extensions: ['ciclo'] }], properties: ['openFile'] as 'openFile'[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    // The Deploy phase verifies the bundle and shows what importing it would do before anything is stored.
    if (!r.canceled && r.filePaths[0]) send('menu.action', { action: 'import-bundle', path: r.filePaths[0] });
  },
  exportCurrent: () => send('menu.action', { action: 'export' }),
  openSettings: () => send('menu.action', { action: 'navigate', phase: 'settings' }),
  about: () => send('menu.action', { action: 'navigate', phase: 'about' }),
  toggleTheme: () => {
    if (!core) return;
    const theme = preferences.get().theme;
    const dark = theme === 'dark' || (theme === 'system' && nativeTheme.shouldUseDarkColors);
    core.call('prefs.set', { theme: dark ? 'light' : 'dark' }).catch((err) => console.error(err));
  },
  openDataFolder: () => {
    if (core) void shell.openPath(core.dataDir);
  },
  openDocs: () => {
    const readme = app.isPackaged ? path.join(process.resourcesPath, 'README.md') : path.join(app.getAppPath(), 'README.md');
    if (fs.existsSync(readme)) void shell.openPath(readme);
  },
};

function refreshMenu(): void {
  if (!core) return;
  Menu.setApplicationMenu(buildMenu(t(), menuActions, preferences.get().recentWorkspaces, core.dataDir));
}

function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return Boolean(win && !win.isDestroyed() && event.sender === win.webContents && frame && frame === event.sender.mainFrame && isTrustedPageUrl(frame.url, source));
}

async function start(): Promise<void> {
  if (!firstInstance) return;
  hardenSession(session.defaultSession, { devServer: Boolean(source.devServerUrl) });
  const native = await ensureNativeBinding({
    appRoot: app.getAppPath(),
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    electronVersion: process.versions.electron,
  });
  if (!native.ok) {
    console.error(native.message);
    dialog.showErrorBox(t()('dialog.nativeTitle'), native.message);
    app.exit(EXIT_NATIVE_MISSING);
    return;
  }
  nativeBinding = native.path;
  const dataDir = initialDataDir();
  try {
    core = await openCore(dataDir, nativeBinding);
  } catch (err) {
    const message = toErrorShape(err).message;
    console.error(message);
    dialog.showErrorBox(t()('dialog.openFailed', { path: dataDir }), message);
    app.exit(1);
    return;
  }
  const invoke = createInvokeHandler({
    call: (method, input) => (core ? core.call(method, input) : Promise.reject(new AppError('conflict', 'No workspace is open yet.'))),
    desktop: desktopHandlers(() => win),
    logError: (method, err) => console.error(`Internal error in ${method}:`, err),
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => invoke({ trusted: trusted(event), method, input }));
  refreshMenu();
  win = createMainWindow(preloadPath, source, windowTitle(core.dataDir));
  let closeConfirmed = false;
  win.on('close', (event) => {
    // Prediction servers started from the Deploy phase run in the core process: closing the window stops them, so ask.
    if (closeConfirmed || !win || !core) return;
    event.preventDefault();
    const tr = t();
    void core
      .call('serving.servers', {})
      .then((servers) => (servers as unknown[]).length)
      .catch(() => 0)
      .then((serving) => {
        if (!win) return { response: 1 };
        if (!serving) return { response: 0 };
        return dialog.showMessageBox(win, {
          type: 'warning',
          title: tr('dialog.quitServingTitle'),
          message: tr('dialog.quitServingTitle'),
          detail: tr('dialog.quitServing', { count: serving }),
          buttons: [tr('dialog.quitAnyway'), tr('dialog.cancel')],
          defaultId: 1,
          cancelId: 1,
        });
      })
      .then((answer) => {
        if (answer.response !== 0) return;
        closeConfirmed = true;
        win?.close();
      });
  });
  // the renderer subscribes to menu actions once it has mounted: hand it a bundle opened at start-up then
  win.webContents.once('did-finish-load', () =>
    setTimeout(() => {
      if (pendingBundle) openBundle(pendingBundle);
      pendingBundle = undefined;
    }, 800),
  );
  win.on('closed', () => {
    win = null;
  });
}

/** A .ciclo file opened with the app (file association: argv on Windows and Linux, open-file on macOS). */
const bundleArg = (argv: string[]) => argv.slice(1).find((a) => a.toLowerCase().endsWith('.ciclo') && !a.startsWith('-'));
let pendingBundle: string | undefined = bundleArg(process.argv);
function openBundle(file: string): void {
  if (!win || win.webContents.isLoading()) {
    pendingBundle = file;
    return;
  }
  send('menu.action', { action: 'import-bundle', path: path.resolve(file) });
}
app.on('open-file', (event, file) => {
  event.preventDefault();
  openBundle(file);
});

app.on('second-instance', (_event, argv) => {
  const file = bundleArg(argv);
  if (file) openBundle(file);
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('window-all-closed', () => app.quit());

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  quitting = true;
  event.preventDefault();
  void core
    .close()
    .catch((err) => console.error('Closing the workspace failed:', err))
    .finally(() => app.quit());
});

app.whenReady().then(start, (err) => {
  console.error(err);
  app.exit(1);
});
