// A stand-in for the `electron` module, for running the bundled main process (out/main/index.js) under
// plain Node where no Electron binary exists. It records what the main process does (windows, IPC
// handlers, menus, dialogs, pushed events, exit) and reports it to the test over the Node IPC channel;
// the test drives it back (IPC calls from "our page" or a foreign frame, menu clicks, quit).
//
// Environment: STAND_IN_DIR (paths for app.getPath), STAND_IN_APP_PATH (app.getAppPath()),
// STAND_IN_PACKAGED=1 with STAND_IN_RESOURCES (process.resourcesPath) for a packaged layout.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = process.env.STAND_IN_DIR;
const report = (kind, data = {}) => process.send?.({ kind, ...data });
const plain = (v) => JSON.parse(JSON.stringify(v ?? null));

if (process.env.STAND_IN_PACKAGED === '1') process.resourcesPath = process.env.STAND_IN_RESOURCES;

// ------------------------------------------------------------------ app
const paths = { userData: path.join(dir, 'userData'), appData: path.join(dir, 'appData'), temp: path.join(dir, 'temp'), home: path.join(dir, 'home') };
class App extends EventEmitter {
  isPackaged = process.env.STAND_IN_PACKAGED === '1';
  commandLine = { appendSwitch: (name, value) => report('switch', { name, value }) };
  getPath(name) {
    return paths[name] ?? path.join(dir, name);
  }
  setPath(name, value) {
    paths[name] = value;
  }
  getAppPath() {
    return process.env.STAND_IN_APP_PATH;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getName() {
    return 'Ciclo';
  }
  getLocale() {
    return 'en-US';
  }
  enableSandbox() {
    report('sandbox');
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return new Promise((resolve) => setImmediate(resolve));
  }
  quit() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', { preventDefault() {} });
    report('quit');
    setImmediate(() => process.exit(0));
  }
  exit(code = 0) {
    report('exit', { code });
    setImmediate(() => process.exit(code));
  }
}
export const app = new App();

// ------------------------------------------------------------------ windows and IPC
const windows = [];
let nextWebContentsId = 1;

class WebContents extends EventEmitter {
  id = nextWebContentsId++;
  mainFrame = { url: '' };
  send(channel, payload) {
    report('send', { channel, payload: plain(payload) });
  }
  reload() {
    report('reload');
  }
  setWindowOpenHandler() {}
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.destroyed = false;
    windows.push(this);
    report('window', { options: plain(options) });
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadFile(file) {
    this.webContents.mainFrame.url = pathToFileURL(file).href;
    report('load', { url: this.webContents.mainFrame.url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    report('load', { url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  setTitle(title) {
    this.title = title;
    report('title', { title });
  }
  show() {
    report('show');
  }
  maximize() {}
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  getNormalBounds() {
    return { x: 10, y: 10, width: this.options.width, height: this.options.height };
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.emit('closed');
    windows.splice(windows.indexOf(this), 1);
    if (!windows.length) app.emit('window-all-closed');
  }
  static getAllWindows() {
    return [...windows];
  }
}

const handlers = new Map();
export const ipcMain = {
  handle(channel, fn) {
    handlers.set(channel, fn);
    report('ipc-handle', { channel });
  },
  on(channel) {
    report('ipc-on', { channel });
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

// ------------------------------------------------------------------ menus, dialogs, the rest
let menu = null;
function labels(items) {
  return items.map((i) => ({ label: i.label ?? i.role ?? i.type, ...(Array.isArray(i.submenu) ? { submenu: labels(i.submenu) } : {}) }));
}
export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu(m) {
    menu = m;
    report('menu', { items: labels(m.template) });
  },
};

const dialogAnswers = [];
export const dialog = {
  showErrorBox(title, content) {
    report('error-box', { title, content });
  },
  async showMessageBox(_win, options) {
    report('message-box', { options: plain(options ?? _win) });
    return { response: 0 };
  },
  async showOpenDialog(_win, options) {
    const answer = dialogAnswers.shift() ?? { canceled: true, filePaths: [] };
    report('open-dialog', { options: plain(options ?? _win), answer });
    return answer;
  },
  async showSaveDialog() {
    return { canceled: true };
  },
};
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' });
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: () => report('csp-hook') },
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
  },
};
export const shell = {
  async openPath(p) {
    report('open-path', { path: p });
    return '';
  },
  async openExternal(url) {
    report('open-external', { url });
  },
};
export const screen = { getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) };

// A utilityProcess is a Node child process here, given process.parentPort by parent-port.mjs.
const parentPortShim = pathToFileURL(fileURLToPath(new URL('./parent-port.mjs', import.meta.url))).href;
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const child = fork(modulePath, args, {
      env: options.env ?? process.env,
      execArgv: ['--import', parentPortShim],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    report('utility-fork', { modulePath, serviceName: options.serviceName, pid: child.pid });
    const emitter = new EventEmitter();
    child.on('message', (m) => emitter.emit('message', m));
    child.on('exit', (code, signal) => {
      report('utility-exit', { pid: child.pid, code, signal });
      emitter.emit('exit', code ?? 1);
    });
    return Object.assign(emitter, {
      pid: child.pid,
      postMessage: (m) => child.connected && child.send(m),
      kill: () => child.kill(),
    });
  },
};

// ------------------------------------------------------------------ driven by the test
process.on('message', async (m) => {
  if (m.type === 'invoke') {
    const win = windows[0];
    const fn = handlers.get(m.channel ?? 'ciclo:invoke');
    if (!fn || !win) return report('invoke-result', { id: m.id, result: { ok: false, error: { code: 'no-handler' } } });
    const frame = m.from === 'foreign-frame' ? { url: 'https://evil.example/' } : win.webContents.mainFrame;
    const event = { sender: win.webContents, senderFrame: frame };
    report('invoke-result', { id: m.id, result: plain(await fn(event, m.method, m.input)) });
  } else if (m.type === 'menu') {
    const find = (items, [first, ...rest]) => {
      const item = items.find((i) => i.label === first);
      return rest.length ? find(item?.submenu ?? [], rest) : item;
    };
    if (m.answer) dialogAnswers.push(m.answer);
    const item = find(menu?.template ?? [], m.path);
    if (!item?.click) return report('menu-missing', { path: m.path });
    item.click();
  } else if (m.type === 'quit') {
    app.quit();
  } else if (m.type === 'close-window') {
    windows[0]?.close();
  }
});

export default { app, BrowserWindow, ipcMain, Menu, dialog, nativeTheme, session, shell, screen, utilityProcess };
