import { useEffect, useState } from 'react';

export const phases = ['design', 'data', 'train', 'evaluate', 'registry', 'deploy', 'monitor'] as const;
export type Phase = (typeof phases)[number];
export type Page = 'home' | 'settings' | 'about' | 'lessons' | Phase;

export interface Route {
  page: Page;
  /** Extra path parts after the page, e.g. #/design/new -> ['new']. */
  rest: string[];
  params: Record<string, string>;
}

const pages: readonly string[] = ['home', 'settings', 'about', 'lessons', ...phases];

export function parseHash(hash: string): Route {
  const [pathPart, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [first = 'home', ...rest] = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = Object.fromEntries(new URLSearchParams(query));
  return { page: (pages.includes(first) ? first : 'home') as Page, rest, params };
}

export function hrefFor(page: Page, rest: string[] = [], params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return `#/${[page, ...rest].map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
}

export function navigate(page: Page, rest: string[] = [], params: Record<string, string | undefined> = {}): void {
  window.location.hash = hrefFor(page, rest, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
