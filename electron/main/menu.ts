import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { Translate } from './i18n.js';

/** What the menu can ask the app to do; index.ts implements each action. */
export interface MenuActions {
  openWorkspace(): void;
  openRecent(dir: string): void;
  importDataset(): void;
  importBundle(): void;
  exportCurrent(): void;
  openSettings(): void;
  toggleTheme(): void;
  about(): void;
  openDataFolder(): void;
  openDocs(): void;
}

export function buildMenu(t: Translate, actions: MenuActions, recent: string[], currentDir: string): Menu {
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.filter((d) => d !== currentDir).length
    ? recent.filter((d) => d !== currentDir).map((dir) => ({ label: dir, click: () => actions.openRecent(dir) }))
    : [{ label: t('menu.noRecent'), enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.openWorkspace'), accelerator: 'CmdOrCtrl+O', click: actions.openWorkspace },
        { label: t('menu.openRecent'), submenu: recentItems },
        { type: 'separator' },
        { label: t('menu.importDataset'), accelerator: 'CmdOrCtrl+I', click: actions.importDataset },
        { label: t('menu.importBundle'), click: actions.importBundle },
        { label: t('menu.export'), accelerator: 'CmdOrCtrl+E', click: actions.exportCurrent },
        { type: 'separator' },
        { label: t('menu.settings'), accelerator: 'CmdOrCtrl+,', click: actions.openSettings },
        { type: 'separator' },
        { label: t('menu.quit'), role: 'quit' },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: t('menu.view'),
      submenu: [
        { label: t('menu.reload'), role: 'reload' },
        { label: t('menu.devTools'), role: 'toggleDevTools' },
        { type: 'separator' },
        { label: t('menu.resetZoom'), role: 'resetZoom' },
        { label: t('menu.zoomIn'), role: 'zoomIn' },
        { label: t('menu.zoomOut'), role: 'zoomOut' },
        { type: 'separator' },
        { label: t('menu.toggleTheme'), accelerator: 'CmdOrCtrl+Shift+T', click: actions.toggleTheme },
        { label: t('menu.fullScreen'), role: 'togglefullscreen' },
      ],
    },
    {
      label: t('menu.help'),
      submenu: [
        { label: t('menu.about'), click: actions.about },
        { label: t('menu.openDataFolder'), click: actions.openDataFolder },
        { label: t('menu.docs'), click: actions.openDocs },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
