import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Text } from '../../shared/schemas/monitoring';
import { useSaid } from '../../renderer/src/phases/monitor/text';
import { initI18n } from '../../renderer/src/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(() => initI18n('es'));

function Said({ text }: { text: Text }) {
  return <p>{useSaid()(text)}</p>;
}

// A Spanish class saw "f1_macro estimada (CBPE, sin etiquetas) es 0,889; la carta pide f1_macro >= 0,9" in the
// open alerts and in the retraining reason: the core stores the metric's key, the page names it.
describe('monitor texts the core stored', () => {
  it('name the metric as the app does and write numbers in the UI language', () => {
    const host = document.createElement('div');
    const root = createRoot(host);
    const text: Text = {
      key: 'monitor:alert.estimated',
      params: { metric: 'f1_macro', value: 0.8891, comparator: '>=', threshold: 0.9 },
      message: 'Estimated f1_macro (CBPE, no labels) is 0.889; the charter asks f1_macro >= 0.9.',
    };
    act(() => root.render(<Said text={text} />));
    expect(host.textContent).toBe('F1 (macro) estimada (CBPE, sin etiquetas) es 0,889; la carta pide F1 (macro) >= 0,9.');
    act(() => root.unmount());
  });
});
