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
function mount(cols: Column[], target: string | null) {
  let latest: Draft | undefined;
  function Probe() {
    latest = useSchemaDraft(cols, target);
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
    expect(draft().change).toEqual({ types: {}, roles: {}, prep: {}, target: undefined, count: 0 });
  });

  it('sends only the columns the user changed', () => {
    const draft = mount(columns, 'label');
    act(() => draft().setType('grade', 'categorical'));
    act(() => draft().setRole('height', 'ignore'));
    expect(draft().change).toEqual({ types: { grade: 'categorical' }, roles: { height: 'ignore' }, prep: {}, target: undefined, count: 2 });
    act(() => draft().setType('grade', 'numeric'));
    expect(draft().change.types).toEqual({});
  });

  it('moves the target: the old target becomes a feature and the new one is sent as target', () => {
    const draft = mount(columns, 'label');
    act(() => draft().setRole('grade', 'target'));
    expect(draft().draftTarget).toBe('grade');
    expect(draft().draft.roles.label).toBe('feature');
    expect(draft().change).toEqual({ types: {}, roles: { label: 'feature' }, prep: {}, target: 'grade', count: 2 });
  });

  it('clears the target with null, and discarding restores the version', () => {
    const draft = mount(columns, 'label');
    act(() => draft().setTarget(null));
    expect(draft().change.target).toBeNull();
    act(() => draft().reset());
    expect(draft().change.count).toBe(0);
    expect(draft().draftTarget).toBe('label');
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
