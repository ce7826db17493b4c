import { useEffect, useRef, type KeyboardEvent } from 'react';

const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keyboard behaviour of a small dialog (a confirmation): while open, Tab and Shift+Tab stay inside it and
 * Escape closes it; when it closes, focus goes back to the control that opened it. With `trap: false` (a form
 * opened in the page, not modal) Tab may leave it; it still takes focus, closes on Escape and gives focus back.
 * Returns the dialog's ref and its onKeyDown.
 */
export function useDialogFocus<T extends HTMLElement>(open: boolean, onClose: () => void, { trap = true } = {}) {
  const ref = useRef<T>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!open) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const box = ref.current;
    if (box && !box.contains(document.activeElement)) (box.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? box.querySelector<HTMLElement>(focusable))?.focus();
    return () => {
      const back = opener.current;
      // after React has removed the dialog: back to the opener if it is still on the page and nothing else took focus
      setTimeout(() => {
        const now = document.activeElement;
        if (back?.isConnected && (!now || now === document.body || !now.isConnected || box?.contains(now))) back.focus();
      }, 0);
    };
  }, [open]);
  const onKeyDown = (e: KeyboardEvent<T>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (!trap || e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(focusable));
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return { ref, onKeyDown };
}
