import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { DesktopHandlers } from './invoke.js';

function filtersOf(list: { name: string; extensions: string[] }[]): FileFilter[] {
  return list.map((f) => ({ name: f.name, extensions: [...f.extensions] }));
}

/** The native dialogs the renderer may ask for, attached to our window. */
export function desktopHandlers(window: () => BrowserWindow | null): DesktopHandlers {
  const parent = () => window() ?? undefined;
  return {
    'dialog.openFile': async (input) => {
      const options = {
        title: input.title,
        filters: filtersOf(input.filters),
        properties: (input.multiple ? ['openFile', 'multiSelections'] : ['openFile']) as ('openFile' | 'multiSelections')[],
      };
      const w = parent();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return { paths: r.canceled ? [] : r.filePaths };
    },
    'dialog.openFolder': async (input) => {
      const options = { title: input.title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const w = parent();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    },
    'dialog.saveFile': async (input) => {
      const options = { title: input.title, defaultPath: input.defaultName, filters: filtersOf(input.filters) };
      const w = parent();
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return { path: r.canceled || !r.filePath ? null : r.filePath };
    },
  };
}
