import i18next from 'i18next';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfusionMatrix } from '../../renderer/src/charts/ConfusionMatrix';
import { initI18n } from '../../renderer/src/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(() => initI18n('en'));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Class names as data sets have them: short codes, and long names that share their beginning. */
const names = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `c${i + 1}` : `Handwritten digit written slowly ${i + 1}`));

/** jsdom lays nothing out: the matrix's box reports the widths a browser would (content vs. card). */
function boxWidths(content: number, box: number) {
  const proto = HTMLElement.prototype;
  const sw = Object.getOwnPropertyDescriptor(proto, 'scrollWidth');
  const cw = Object.getOwnPropertyDescriptor(proto, 'clientWidth');
  Object.defineProperty(proto, 'scrollWidth', {
    configurable: true,
    get() {
      return (this as HTMLElement).classList.contains('confusion-wrap') ? content : 0;
    },
  });
  Object.defineProperty(proto, 'clientWidth', {
    configurable: true,
    get() {
      return (this as HTMLElement).classList.contains('confusion-wrap') ? box : 0;
    },
  });
  cleanups.push(() => {
    // jsdom keeps these on Element.prototype: put back what HTMLElement had (usually nothing)
    if (sw) Object.defineProperty(proto, 'scrollWidth', sw);
    else delete (proto as { scrollWidth?: number }).scrollWidth;
    if (cw) Object.defineProperty(proto, 'clientWidth', cw);
    else delete (proto as { clientWidth?: number }).clientWidth;
  });
}

function render(n: number) {
  const classes = names(n);
  const counts = classes.map((_, i) => classes.map((__, j) => (i === j ? 8 : (i + j) % 3)));
  const normalized = counts.map((row) => row.map((v) => v / row.reduce((a, b) => a + b, 0)));
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <ConfusionMatrix
        classes={classes}
        counts={counts}
        normalized={normalized}
        showNormalized={false}
        trueLabel={i18next.t('evaluate:confusion.true')}
        predictedLabel={i18next.t('evaluate:confusion.predicted')}
        label="matrix"
        testId="cm"
      />,
    ),
  );
  cleanups.push(() => {
    act(() => root.unmount());
    host.remove();
  });
  return { host, classes };
}

describe.each(['en', 'es'])('confusion matrix in %s', (lang) => {
  beforeAll(async () => {
    await i18next.changeLanguage(lang);
  });

  it.each([2, 6, 12, 30])('%i classes: every class by its full name in the legend and on hover, cells sized to the count', (n) => {
    boxWidths(100, 400);
    const { host, classes } = render(n);
    const legend = host.querySelector('[data-testid="confusion-legend"]')!;
    expect(legend.getAttribute('aria-label')).toBe(i18next.t('evaluate-ui:confusion.legend'));
    const items = Array.from(legend.querySelectorAll('li'));
    expect(items.map((li) => li.textContent)).toEqual(classes.map((c, i) => `${i + 1} ${c}`));
    expect(items.map((li) => li.getAttribute('title'))).toEqual(classes);
    // column headers are numbers named in full for hover and screen readers; rows show (possibly short) names with the full one on hover
    const cols = Array.from(host.querySelectorAll('th.col-label'));
    expect(cols.map((th) => [th.textContent, th.getAttribute('title'), th.getAttribute('aria-label')])).toEqual(classes.map((c, i) => [String(i + 1), c, c]));
    const rows = Array.from(host.querySelectorAll('th.row-label'));
    expect(rows.map((th) => th.getAttribute('title'))).toEqual(classes);
    for (const th of rows) expect(th.textContent!.length).toBeLessThanOrEqual(26);
    // every cell names both classes and its count and share, in the language's number format
    const cells = Array.from(host.querySelectorAll('td'));
    expect(cells).toHaveLength(n * n);
    const share = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(
      8 / (8 + Array.from({ length: n }, (_, j) => (j === 0 ? 0 : j % 3)).reduce((a, b) => a + b, 0)),
    );
    expect(cells[0].getAttribute('title')).toBe(`${classes[0]} → ${classes[0]}: 8 (${share})`);
    const table = host.querySelector('table.confusion')!;
    expect(table.className).toBe(n >= 16 ? 'confusion compact' : n > 6 ? 'confusion dense' : 'confusion');
    // numbers in the cells up to 15 classes; past that the cells are squares and the value is on hover
    expect(cells[0].textContent).toBe(n >= 16 ? '' : '8');
    // fits: no scroll hint, the box is not a stop for the keyboard
    expect(host.querySelector('[data-testid="confusion-scroll-hint"]')).toBeNull();
    expect(host.querySelector('.confusion-wrap')!.getAttribute('tabindex')).toBeNull();
  });

  it.each([12, 30])('%i classes wider than the card: scrolls inside it, says so in the language, and takes keyboard focus', (n) => {
    boxWidths(900, 430);
    const { host } = render(n);
    expect(host.querySelector('[data-testid="confusion-scroll-hint"]')!.textContent).toBe(i18next.t('evaluate-ui:confusion.scrollHint'));
    expect(i18next.t('evaluate-ui:confusion.scrollHint')).toContain(lang === 'es' ? 'desplázala' : 'scroll it sideways');
    const wrap = host.querySelector('.confusion-wrap')!;
    expect(wrap.className).toContain('overflowing');
    expect(wrap.getAttribute('tabindex')).toBe('0');
    expect(wrap.getAttribute('role')).toBe('region');
  });
});
