/**
 * The layout rules the layout e2e test applies to every page, run inside the page (page.evaluate serialises
 * this function, so it must stay self-contained: no imports, no outer variables).
 *
 * - the page (or its scrolling main pane) must not scroll sideways, and no card may be wider than its box;
 * - no text may be covered by another element (a badge over a title, a header over a cell);
 * - text cut short (an ellipsis, a hidden overflow) must carry its full value in a title or aria-label;
 * - a word (a column name such as petal_length_cm) must not be broken in the middle of its letters: lines
 *   may break at spaces and at _ - . / (or the text is cut short with a tooltip).
 * Each problem is one readable line naming the element and its text.
 *
 * Nothing moves while it runs, so what it reads of an element (its computed style, whether it is shown, the boxes
 * that clip it) is read once and kept for the rest of the call: these reads were most of the check's time.
 */
export function layoutProblems(): string[] {
  const problems: string[] = [];
  const label = (el: Element): string => {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const id = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '';
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element): CSSStyleDeclaration => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const shown = new Map<Element, boolean>();
  const visible = (el: Element): boolean => {
    let v = shown.get(el);
    if (v === undefined) {
      const r = el.getBoundingClientRect();
      // inside a closed <details> (laid out but not shown) or under a hidden ancestor
      v =
        r.width !== 0 &&
        r.height !== 0 &&
        el.checkVisibility({ contentVisibilityAuto: true, opacityProperty: true, visibilityProperty: true }) &&
        style(el).visibility !== 'hidden' &&
        style(el).display !== 'none' &&
        Number(style(el).opacity) > 0;
      shown.set(el, v);
    }
    return v;
  };

  // 1. Sideways scrolling of the page, of the main pane, and cards wider than their box.
  const root = document.scrollingElement ?? document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`page scrolls sideways: ${root.scrollWidth}px of content in ${root.clientWidth}px`);
  for (const pane of Array.from(document.querySelectorAll('.main, .content'))) {
    if (pane.scrollWidth > pane.clientWidth + 1) problems.push(`${label(pane).slice(0, 40)} scrolls sideways: ${pane.scrollWidth}px in ${pane.clientWidth}px`);
  }
  const content = document.querySelector('.content')?.getBoundingClientRect();
  for (const card of Array.from(document.querySelectorAll('.card'))) {
    if (!visible(card)) continue;
    const scrolls = ['auto', 'scroll'].includes(style(card).overflowX);
    if (!scrolls && card.scrollWidth > card.clientWidth + 1) problems.push(`card overflows (${card.scrollWidth}px in ${card.clientWidth}px): ${label(card)}`);
    const r = card.getBoundingClientRect();
    if (content && r.right > content.right + 1) problems.push(`card sticks out of the page by ${Math.round(r.right - content.right)}px: ${label(card)}`);
  }

  // Elements whose own text is shown (a direct non-blank text node), with the rectangles of that text.
  const texts: { el: Element; rects: DOMRect[] }[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent?.trim() || seen.has(el)) continue;
    if (el.closest('script, style, option, select, textarea, [aria-hidden="true"], .sr-only, .recharts-tooltip-wrapper')) continue;
    if (!visible(el)) continue;
    seen.add(el);
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 2 && r.height > 2);
    if (rects.length) texts.push({ el, rects });
  }

  // The boxes that clip an element: its own and its ancestors' (up to the body) whose overflow is not visible
  // (a scrolling table's, a hidden overflow's). A point outside one of them is not shown.
  const clips = new Map<Element, DOMRect[]>();
  const clipBoxes = (el: Element | null): DOMRect[] => {
    if (!el || el === document.body) return [];
    let list = clips.get(el);
    if (!list) {
      const s = style(el);
      const above = clipBoxes(el.parentElement);
      list = s.overflowX === 'visible' && s.overflowY === 'visible' ? above : [el.getBoundingClientRect(), ...above];
      clips.set(el, list);
    }
    return list;
  };
  const clippedAway = (el: Element, x: number, y: number): boolean => clipBoxes(el).some((r) => x < r.left || x > r.right || y < r.top || y > r.bottom);

  // 2. Text covered by something else: probe a few points along each line of text.
  const overlapped = new Set<Element>();
  for (const { el, rects } of texts) {
    for (const r of rects) {
      const y = r.top + r.height / 2;
      for (const x of [r.left + Math.min(3, r.width / 4), r.left + r.width / 2, r.right - Math.min(3, r.width / 4)]) {
        if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
        if (clippedAway(el, x, y)) continue;
        const top = document.elementFromPoint(x, y);
        if (!top || top === el || el.contains(top) || top.contains(el)) continue;
        // a label and its control share their box by design; other text of the same label (a hint) must not cover it
        if (top.closest('label') && top.closest('label') === el.closest('label') && top.closest('input, select, textarea, button')) continue;
        if (style(top).pointerEvents === 'none') continue;
        if (!overlapped.has(el)) problems.push(`text covered by ${label(top).slice(0, 80)}: ${label(el)}`);
        overlapped.add(el);
      }
    }
  }

  // 3. Text cut short without its full value in a tooltip.
  const hasTip = (el: Element): boolean => {
    for (let p: Element | null = el, i = 0; p && i < 4; p = p.parentElement, i++) {
      if (p.getAttribute('title') || p.getAttribute('aria-label') || p.getAttribute('data-full')) return true;
    }
    // or the text's own element inside the cut box carries it
    if (el.querySelector('[title]')) return true;
    return false;
  };
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (!(el instanceof HTMLElement)) continue;
    // whether the element cuts its text at all first (the cheap part), then whether it is shown
    const s = style(el);
    const ownText = () => Array.from(el.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim());
    const cuts = s.textOverflow === 'ellipsis' || s.webkitLineClamp !== 'none' || ((s.overflowX === 'hidden' || s.overflowX === 'clip') && ownText());
    if (!cuts || !el.textContent?.trim()) continue;
    if (!visible(el) || el.closest('select, option, textarea, input, [aria-hidden="true"], .sr-only')) continue;
    const wide = el.scrollWidth > el.clientWidth + 1 && s.overflowX !== 'auto' && s.overflowX !== 'scroll';
    const tall = s.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1;
    if ((wide || tall) && !hasTip(el)) problems.push(`text cut short without a tooltip: ${label(el)}`);
  }
  // 4. Words broken in the middle: where a wrapped text's line changes, a letter or digit on both sides.
  const wordChar = /[\p{L}\p{N}]/u;
  const walker2 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const broken = new Set<Element>();
  for (let n = walker2.nextNode(); n; n = walker2.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent ?? '';
    if (!el || broken.has(el) || text.trim().length < 4 || text.length > 400) continue;
    if (el.closest('script, style, option, select, textarea, [aria-hidden="true"], .sr-only, svg')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    if (range.getClientRects().length < 2 || !visible(el)) continue;
    let lastTop: number | null = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.width === 0) continue;
      if (lastTop !== null && r.top > lastTop + 2 && i > 0 && wordChar.test(text[i - 1]) && wordChar.test(text[i])) {
        problems.push(`word broken mid-letters ("${text.slice(Math.max(0, i - 12), i)}|${text.slice(i, i + 12)}"): ${label(el)}`);
        broken.add(el);
        break;
      }
      lastTop = r.top;
    }
  }
  return problems;
}
