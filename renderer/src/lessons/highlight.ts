import { useEffect } from 'react';

const CLASS = 'lesson-highlight';

/**
 * Outlines the element a step points at (by data-testid) while the step is current and its page is open;
 * lists load asynchronously, so the element is looked for again every half second.
 */
export function useHighlight(testid: string | null, scroll: number): void {
  useEffect(() => {
    if (!testid) return;
    let marked: Element | null = null;
    let scrolled = false;
    const mark = () => {
      const el = document.querySelector(`[data-testid="${CSS.escape(testid)}"]`);
      // React may rewrite the element's class list when it re-renders: mark it again
      if (el === marked) {
        if (el && !el.classList.contains(CLASS)) el.classList.add(CLASS);
        return;
      }
      marked?.classList.remove(CLASS);
      marked = el;
      if (el) {
        el.classList.add(CLASS);
        if (scroll && !scrolled) {
          el.scrollIntoView({ block: 'center', behavior: 'smooth' });
          scrolled = true;
        }
      }
    };
    mark();
    const timer = setInterval(mark, 500);
    return () => {
      clearInterval(timer);
      marked?.classList.remove(CLASS);
    };
  }, [testid, scroll]);
}
