import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useDialogFocus } from '../../renderer/src/components/useDialogFocus';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A page with a button that opens a confirmation (modal: traps Tab) or an inline form (does not). */
function Page({ trap }: { trap: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>open</button>
      {open && <Box trap={trap} onClose={() => setOpen(false)} />}
      <button>after</button>
    </>
  );
}
function Box({ trap, onClose }: { trap: boolean; onClose: () => void }) {
  const focus = useDialogFocus<HTMLDivElement>(true, onClose, { trap });
  return (
    <div ref={focus.ref} onKeyDown={focus.onKeyDown} role={trap ? 'dialog' : undefined}>
      <button>first</button>
      <button data-autofocus="">second</button>
      <button onClick={onClose}>last</button>
    </div>
  );
}

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
});
const focused = () => document.activeElement?.textContent;
const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent === name)!;
const key = (init: KeyboardEventInit) => act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })));

async function openPage(trap: boolean) {
  host = document.body.appendChild(document.createElement('div'));
  root = createRoot(host);
  act(() => root!.render(<Page trap={trap} />));
  button('open').focus();
  act(() => button('open').click());
}

describe('dialog focus', () => {
  it('a modal takes focus, keeps Tab and Shift+Tab inside, closes on Escape and gives focus back to its opener', async () => {
    await openPage(true);
    expect(focused()).toBe('second');
    button('last').focus();
    key({ key: 'Tab' });
    expect(focused()).toBe('first');
    key({ key: 'Tab', shiftKey: true });
    expect(focused()).toBe('last');
    key({ key: 'Escape' });
    expect(document.querySelector('[role=dialog]')).toBeNull();
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(focused()).toBe('open');
  });

  it('a form in the page does not trap Tab but still gives focus back when it closes', async () => {
    await openPage(false);
    expect(focused()).toBe('second');
    button('last').focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    act(() => void button('last').dispatchEvent(tab));
    expect(tab.defaultPrevented).toBe(false);
    act(() => button('last').click());
    await act(() => new Promise((r) => setTimeout(r, 5)));
    expect(focused()).toBe('open');
  });
});
