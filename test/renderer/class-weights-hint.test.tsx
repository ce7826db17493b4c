import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imbalance } from '../../shared/class-balance';
import { hyperparametersSchema, type Hyperparameters } from '../../shared/schemas/training';
import { HyperparamsForm } from '../../renderer/src/phases/train/HyperparamsForm';
import { initI18n } from '../../renderer/src/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(() => initI18n('es'));
const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((f) => f()));

function render(params: Hyperparameters, classes: { value: string; count: number }[]) {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <HyperparamsForm
        params={params}
        onChange={() => undefined}
        monitors={['val_loss']}
        classes={classes.map((c) => c.value)}
        imbalance={imbalance(classes)}
        backend=""
        onBackend={() => undefined}
        defaultBackend="auto"
      />,
    ),
  );
  roots.push(() => (act(() => root.unmount()), host.remove()));
  return host;
}

// A newcomer trained on 73 "sí" among 406 rows with no class weights and got a recall of 0: the Train phase
// says so where the weights are chosen, with the same rule as the data check.
describe('class weights hint', () => {
  const params = hyperparametersSchema.parse({});
  const rare = [
    { value: 'no', count: 333 },
    { value: 'sí', count: 73 },
  ];

  it('names the rare class and its share when no weights are chosen', () => {
    const hint = render(params, rare).querySelector('[data-testid=hp-imbalance]');
    expect(hint?.textContent).toContain('«sí» es el 18\u00a0% de las filas');
  });

  it('is gone once the weights are balanced, and never shown for even classes', () => {
    expect(render({ ...params, classWeights: 'balanced' }, rare).querySelector('[data-testid=hp-imbalance]')).toBeNull();
    const even = [
      { value: 'a', count: 50 },
      { value: 'b', count: 50 },
      { value: 'c', count: 50 },
    ];
    expect(render(params, even).querySelector('[data-testid=hp-imbalance]')).toBeNull();
    expect(imbalance(even)).toBeNull();
    // three classes: under half of an even third is imbalanced; a class under 10 rows has its own warning
    expect(imbalance([...even.slice(0, 2), { value: 'c', count: 15 }])).toMatchObject({ value: 'c', count: 15, total: 115 });
    expect(
      imbalance([
        { value: 'a', count: 200 },
        { value: 'b', count: 5 },
      ]),
    ).toBeNull();
  });
});
