const layer = 'g[class*="recharts-zIndex-layer"]';

/**
 * Recharts draws into empty <g> layers through React portals, React listens for focus events on every portal
 * container, and Chromium makes an SVG element with focus listeners a Tab stop: seven invisible stops per chart.
 * This takes those layers out of the Tab order (tabindex -1); the chart itself stays one stop (its arrow keys
 * move the tooltip) and its numbers are in the table under it.
 */
export function keepChartLayersOutOfTabOrder(root: HTMLElement): MutationObserver {
  const fix = (el: Element) => {
    if (el.matches(layer) && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.querySelectorAll(`${layer}:not([tabindex])`).forEach((g) => g.setAttribute('tabindex', '-1'));
  };
  fix(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) fix(n);
  });
  observer.observe(root, { childList: true, subtree: true });
  return observer;
}
