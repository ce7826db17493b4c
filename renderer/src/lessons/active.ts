import { useEffect, useState } from 'react';

/**
 * Which lesson the side panel follows in this window (a view preference, like a scroll position; the
 * lesson's progress itself lives in the workspace). Kept in localStorage so a reload keeps the panel.
 */
const KEY = 'ciclo.activeLesson';
const EVENT = 'ciclo-active-lesson';

export function activeLesson(): number | null {
  const v = Number(window.localStorage.getItem(KEY));
  return Number.isInteger(v) && v > 0 ? v : null;
}

export function setActiveLesson(n: number | null): void {
  if (n === null) window.localStorage.removeItem(KEY);
  else window.localStorage.setItem(KEY, String(n));
  window.dispatchEvent(new Event(EVENT));
}

export function useActiveLesson(): number | null {
  const [value, setValue] = useState(activeLesson);
  useEffect(() => {
    const on = () => setValue(activeLesson());
    window.addEventListener(EVENT, on);
    window.addEventListener('storage', on);
    return () => {
      window.removeEventListener(EVENT, on);
      window.removeEventListener('storage', on);
    };
  }, []);
  return value;
}
