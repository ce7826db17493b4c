export type ThemeChoice = 'system' | 'light' | 'dark';

let media: MediaQueryList | null = null;
let current: ThemeChoice = 'system';

function resolved(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Sets data-theme on <html>; "system" follows the OS setting live. */
export function applyTheme(choice: ThemeChoice): void {
  current = choice;
  document.documentElement.dataset.theme = resolved(choice);
  if (!media && window.matchMedia) {
    media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', () => {
      if (current === 'system') document.documentElement.dataset.theme = resolved('system');
    });
  }
}

/** Colours for charts, read from the CSS variables of the active theme. */
export function chartColors(): { grid: string; text: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    grid: v('--border'),
    text: v('--muted'),
    series: [v('--series-1'), v('--series-2'), v('--series-3'), v('--series-4'), v('--series-5'), v('--series-6')],
  };
}
