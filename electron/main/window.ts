import { BrowserWindow, screen } from 'electron';
import { windowStateStore } from './preferences.js';
import { windowOptions, type PageSource, type WindowState } from './window-options.js';

/** Drops a remembered position that no longer lies on any screen (a monitor was unplugged). */
function visible(state: WindowState): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const rect = { x: state.x, y: state.y, width: state.width, height: state.height };
  const area = screen.getDisplayMatching(rect).workArea;
  const overlaps = rect.x < area.x + area.width - 50 && rect.x + rect.width > area.x + 50 && rect.y < area.y + area.height - 50 && rect.y + rect.height > area.y;
  return overlaps ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

/** The one Ciclo window: secure options, remembered size and position, our page loaded. */
export function createMainWindow(preloadPath: string, source: PageSource, title: string): BrowserWindow {
  const states = windowStateStore();
  const state = visible(states.get());
  const win = new BrowserWindow(windowOptions(preloadPath, state));
  win.setTitle(title);
  win.on('page-title-updated', (event) => event.preventDefault());
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    states.set({ width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() });
  });
  if (source.devServerUrl) void win.loadURL(source.devServerUrl);
  else void win.loadFile(source.indexFile);
  return win;
}
