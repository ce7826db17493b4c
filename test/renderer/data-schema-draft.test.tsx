import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Column } from '../../shared/schemas/dataset';
import { useSchemaDraft } from '../../renderer/src/phases/data/schemaDraft';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const columns: Column[] = [
  { name: 'height', type: 'numeric', role: 'feature', missing: 0 },
  { name: 'grade', type: 'numeric', role: 'feature', missing: 0 },
  { name: 'label', type: 'categorical', role: 'target', missing: 0 },
  { name: 'id', type: 'numeric', role: 'ignore', missing: 0 },
];

type Draft = ReturnType<typeof useSchemaDraft>;

/** Mounts the hook and hands back a getter for its latest value. */
function mount(cols: Column[], _target: string | null) {
  let latest: Draft | undefined;
  function Probe() {
    latest = useSchemaDraft(cols);
    return null;
  }
  const host = document.createElement('div');
  const root = createRoot(host);
  act(() => root.render(<Probe />));
  cleanups.push(() => act(() => root.unmount()));
  return () => latest!;
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('schema edits in the Data phase', () => {
  it('asks for nothing when nothing changed', () => {
    const draft = mount(columns, 'label');
    expect(draft().change).toEqual({ types: {}, roles: {}, prep: {}, count: 0 });
  });

  it('sends only the columns the user changed', () => {
    const draft = mount(columns, 'label');
    act(() => draft().setType('grade', 'categorical'));
    act(() => draft().setRole('height', 'ignore'));
    expect(draft().change).toEqual({ types: { grade: 'categorical' }, roles: { height: 'ignore' }, prep: {}, count: 2 });
    act(() => draft().setType('grade', 'numeric'));
    expect(draft().change.types).toEqual({});
  });

  it('never moves the target: that is saved at once, outside the draft', () => {
    const draft = mount(columns, 'label');
    act(() => draft().setRole('grade', 'target'));
    expect(draft().draft.roles.grade).toBe('feature');
    expect(draft().draft.roles.label).toBe('target');
    expect(draft().change.count).toBe(0);
    act(() => draft().setRole('height', 'ignore'));
    act(() => draft().reset());
    expect(draft().change.count).toBe(0);
  });

  it('sends only the missing-value and date settings the user changed, tokens as a list', () => {
    const cols: Column[] = [...columns, { name: 'when', type: 'datetime', role: 'feature', missing: 0 }];
    const draft = mount(cols, 'label');
    act(() => draft().setPrep('height', { missingStrategy: 'constant', missingConstant: '0' }));
    act(() => draft().setPrep('grade', { missingTokens: 'NA, ?, -1' }));
    act(() => draft().setPrep('when', { dateHandling: 'raw' }));
    expect(draft().change.prep).toEqual({
      height: { missingStrategy: 'constant', missingConstant: '0' },
      grade: { missingTokens: ['NA', '?', '-1'] },
      when: { dateHandling: 'raw' },
    });
    expect(draft().change.count).toBe(3);
    act(() => draft().setPrep('when', { dateHandling: 'parts' }));
    expect(draft().change.prep.when).toBeUndefined();
    // a new type shows that type's default filling, which the core applies by itself
    act(() => draft().setType('grade', 'categorical'));
    expect(draft().draft.prep.grade).toMatchObject({ missingStrategy: 'category', missingIndicator: false });
    expect(draft().change.prep.grade).toEqual({ missingTokens: ['NA', '?', '-1'] });
    act(() => draft().setType('height', 'categorical'));
    act(() => draft().setType('height', 'numeric'));
    expect(draft().change.prep.height).toBeUndefined();
  });
});
