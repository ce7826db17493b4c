import { useEffect } from 'react';
import i18n, { systemLanguage } from '../i18n';
import { navigate, useRoute } from '../navigation';
import { applyTheme } from '../theme';
import { client } from './client';

/**
 * App-wide push events: the desktop menu (navigate, import a data set, export) and preference changes
 * made elsewhere (the View menu, the CLI, another window), which re-apply theme and language at once.
 */
export function useAppEvents(): void {
  const route = useRoute();
  const project = route.params.project;
  useEffect(
    () =>
      client.on('menu.action', (a) => {
        if (a.action === 'navigate') navigate(a.phase, [], { project });
        // The Data phase handles the import itself when it is open; otherwise open it with the file.
        else if (a.action === 'import-dataset' && route.page !== 'data') navigate('data', [], { project, import: a.path });
        else if (a.action === 'import-bundle') navigate('deploy', ['bundles'], { project, bundle: a.path });
      }),
    [project, route.page],
  );
  useEffect(
    () =>
      client.on('workspace.changed', (p) => {
        if (p.topic !== 'prefs' && p.topic !== '*') return;
        void client.call('prefs.get').then((prefs) => {
          applyTheme(prefs.theme);
          const lang = prefs.language ?? systemLanguage();
          if (i18n.language !== lang) void i18n.changeLanguage(lang);
        });
      }),
    [],
  );
}
