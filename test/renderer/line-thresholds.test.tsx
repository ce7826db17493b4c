import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LineSeriesChart } from '../../renderer/src/charts/LineSeriesChart';
import { initI18n } from '../../renderer/src/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(() => initI18n('en'));
const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((f) => f()));

function render(el: React.ReactElement) {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  act(() => root.render(el));
  roots.push(() => (act(() => root.unmount()), host.remove()));
  return host.querySelector('figure')!;
}

// A charter criterion or a drift threshold is a limit, not data: with one day of traffic it used to be a lone
// dot that read like a measurement, and with no day judged yet it hid the "nothing yet" text.
describe('line chart limits', () => {
  it('a chart with only a limit says there is nothing to show', () => {
    const fig = render(
      <LineSeriesChart series={[{ id: 'share', label: 'Drift share', x: [], y: [] }]} thresholds={[{ y: 0.5, label: 'Threshold 50 %' }]} emptyText="No day judged yet" />,
    );
    expect(fig.getAttribute('data-points')).toBe('0');
    expect(fig.textContent).toContain('No day judged yet');
  });

  it('one day of data and a limit: one point, the limit across the plot, the axis covering both', () => {
    const fig = render(
      <LineSeriesChart series={[{ id: 'acc', label: 'Accuracy', x: [0], y: [0.97] }]} thresholds={[{ y: 0.8, label: 'Charter: accuracy ≥ 0.8' }]} yBounds={{ min: 0, max: 1 }} />,
    );
    expect(fig.getAttribute('data-points')).toBe('1');
    expect(fig.getAttribute('data-thresholds')).toBe('0.8');
    const [lo, hi] = fig.getAttribute('data-y-domain')!.split(' ').map(Number);
    expect(lo).toBeLessThanOrEqual(0.8);
    expect(hi).toBeGreaterThanOrEqual(0.97);
  });
});
