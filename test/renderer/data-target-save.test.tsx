import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Column, DatasetSummary, DatasetVersionDetail } from '../../shared/schemas/dataset';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// A workspace in memory behind the renderer's transport: one data set whose schema changes make versions, and
// whose column "grade" can be found constant until it is ignored.
const calls: { method: string; input: Record<string, unknown> }[] = [];
const listeners = new Set<(event: string, payload: unknown) => void>();
let versions: DatasetVersionDetail[] = [];
/** Whether validation finds "grade" constant (the one-click fixes test). */
let constantGrade = false;
const columns: Column[] = [
  { name: 'petal_length', type: 'numeric', role: 'feature', missing: 0 },
  { name: 'grade', type: 'numeric', role: 'feature', missing: 0 },
  { name: 'species', type: 'categorical', role: 'feature', missing: 0 },
];
const version = (n: number, cols: Column[], target: string | null): DatasetVersionDetail => ({
  id: `v${n}`,
  datasetId: 'd1',
  projectId: 'p1',
  name: 'iris',
  version: n,
  hash: `hash${n}`.padEnd(16, '0'),
  kind: 'table',
  rows: 150,
  columns: cols,
  target,
  source: '/tmp/iris.csv',
  createdAt: '2026-12-01T10:00:00Z',
  importWarnings: [],
  diff: null,
});

vi.mock('../../renderer/src/api/transport', () => ({
  isDesktop: () => false,
  createTransport: () => ({
    async invoke(method: string, input: Record<string, unknown>) {
      calls.push({ method, input });
      if (method === 'dataset.versions') return [...versions].reverse();
      if (method === 'dataset.validate') {
        const v = versions.find((x) => x.id === input.dataset)!;
        const grade = v.columns.find((c) => c.name === 'grade')!;
        const constant = {
          severity: 'warning',
          key: 'validate.constant_column',
          column: 'grade',
          params: { column: 'grade', value: '3' },
          message: 'Column "grade" has the same value in every row; it cannot help a model. Set its role to ignore.',
        };
        return { ok: true, issues: constantGrade && grade.role === 'feature' ? [constant] : [] };
      }
      if (method === 'dataset.profile') return { kind: 'table', rows: 150, columns: [], target: null };
      if (method === 'dataset.updateSchema') {
        const base = versions.find((v) => v.id === input.dataset)!;
        const target = input.target === undefined ? base.target : (input.target as string | null);
        const roles = (input.roles ?? {}) as Record<string, Column['role']>;
        const types = (input.types ?? {}) as Record<string, Column['type']>;
        const cols = base.columns.map((c) => ({
          ...c,
          type: types[c.name] ?? c.type,
          role: c.name === target ? ('target' as const) : (roles[c.name] ?? (c.role === 'target' ? 'feature' : c.role)),
        }));
        const v = version(versions.length + 1, cols, target);
        versions.push(v);
        queueMicrotask(() => listeners.forEach((l) => l('workspace.changed', { topic: 'dataset' })));
        return { projectId: 'p1', version: v, created: true, warnings: [], validation: [], diff: null };
      }
      throw new Error(`unexpected ${method}`);
    },
    on(listener: (event: string, payload: unknown) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  }),
}));

const { DatasetView } = await import('../../renderer/src/phases/data/DatasetView');
const { useRoute } = await import('../../renderer/src/navigation');
const { initI18n } = await import('../../renderer/src/i18n');

const summary: DatasetSummary = { id: 'd1', projectId: 'p1', name: 'iris', kind: 'table', versionCount: 1, latest: version(1, columns, null), createdAt: '', updatedAt: '' };

function Page() {
  const route = useRoute();
  return <DatasetView projectId="p1" dataset={summary} route={route} taskType="multiclass" />;
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
beforeAll(() => initI18n('en'));

async function settle(ms = 0) {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await settle(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}
function choose(select: HTMLSelectElement, value: string) {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function mount() {
  versions = [version(1, columns, null)];
  calls.length = 0;
  window.location.hash = '#/data/overview?project=p1&dataset=iris';
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(<Page />));
  cleanups.push(() => {
    act(() => root.unmount());
    host.remove();
  });
  const q = <T extends Element>(sel: string) => host.querySelector<T>(sel);
  await until(() => Boolean(q('[data-testid="target-select"]')), 'the target card');
  return q;
}

describe('choosing the target in the Data phase', () => {
  it('saves the choice at once as a new version and confirms it, with no Apply needed', async () => {
    const q = await mount();
    expect(q('[data-testid="target-status"]')!.textContent).toContain('saved at once');
    choose(q<HTMLSelectElement>('[data-testid="target-select"]')!, 'species');
    expect(q('[data-testid="target-status"]')!.getAttribute('data-state')).toBe('saving');
    await until(() => q('[data-testid="target-status"]')?.getAttribute('data-state') === 'saved', 'the confirmation');
    expect(calls.filter((c) => c.method === 'dataset.updateSchema').map((c) => c.input)).toEqual([{ project: 'p1', dataset: 'v1', target: 'species', roles: {} }]);
    expect(q('[data-testid="version-badge"]')!.textContent).toBe('v2');
    expect(q('[data-testid="target-status"]')!.textContent).toContain('Saved: the model predicts “species”. Version 2 records it');
    expect(q<HTMLSelectElement>('[data-testid="target-select"]')!.value).toBe('species');
    expect(q('.facts')!.textContent).toContain('species');
    expect(q('[data-testid="schema-apply"]')).toBeNull();
    expect(q<HTMLSelectElement>('select[aria-label="Role of species"]')!.value).toBe('target');
  });

  it('saves only the option the keyboard stops on, and keeps the schema edits not applied yet', async () => {
    const q = await mount();
    choose(q<HTMLSelectElement>('select[aria-label="Type of grade"]')!, 'categorical');
    expect(q('[data-testid="schema-apply"]')).not.toBeNull();
    const target = q<HTMLSelectElement>('[data-testid="target-select"]')!;
    for (const name of ['petal_length', 'grade', 'species']) choose(target, name); // arrow keys through the list
    await until(() => q('[data-testid="target-status"]')?.getAttribute('data-state') === 'saved', 'the confirmation');
    const saves = calls.filter((c) => c.method === 'dataset.updateSchema');
    expect(saves).toHaveLength(1);
    expect(saves[0].input.target).toBe('species');
    // the unsaved type change survived the new version and is still waiting for Apply
    expect(q<HTMLSelectElement>('select[aria-label="Type of grade"]')!.value).toBe('categorical');
    expect(q('[data-testid="schema-apply"]')).not.toBeNull();
    expect(q('.card .badge.warn')!.textContent).toBe('1 unsaved change');
  });

  it('gives the target role from the schema table at once too, and taking it away clears the target', async () => {
    const q = await mount();
    choose(q<HTMLSelectElement>('select[aria-label="Role of grade"]')!, 'target');
    await until(() => q('[data-testid="version-badge"]')?.textContent === 'v2', 'version 2');
    expect(q<HTMLSelectElement>('[data-testid="target-select"]')!.value).toBe('grade');
    choose(q<HTMLSelectElement>('select[aria-label="Role of grade"]')!, 'ignore');
    await until(() => q('[data-testid="version-badge"]')?.textContent === 'v3', 'version 3');
    expect(calls.filter((c) => c.method === 'dataset.updateSchema').at(-1)!.input).toEqual({ project: 'p1', dataset: 'v2', target: null, roles: { grade: 'ignore' } });
    expect(q<HTMLSelectElement>('[data-testid="target-select"]')!.value).toBe('');
    expect(q('[data-testid="target-status"]')!.textContent).toContain('Saved: no target');
    expect(q('[data-testid="schema-apply"]')).toBeNull();
  });
});

describe('one-click fixes in the Data phase', () => {
  it('a constant column is ignored in one click, as a new version, and its finding goes', async () => {
    constantGrade = true;
    cleanups.push(() => (constantGrade = false));
    const q = await mount();
    await until(() => Boolean(q('[data-testid="fix-validate.constant_column-grade"]')), 'the fix button');
    const button = q<HTMLButtonElement>('[data-testid="fix-validate.constant_column-grade"]')!;
    expect(button.textContent).toBe('Ignore this column');
    act(() => button.click());
    await until(() => q('[data-testid="version-badge"]')?.textContent === 'v2', 'the new version');
    expect(calls.filter((c) => c.method === 'dataset.updateSchema').map((c) => c.input)).toEqual([{ project: 'p1', dataset: 'v1', roles: { grade: 'ignore' } }]);
    await until(() => !q('[data-testid="fix-validate.constant_column-grade"]'), 'the finding to go');
    expect(q<HTMLSelectElement>('select[aria-label="Role of grade"]')!.value).toBe('ignore');
  });
});
