import { useMemo, useState } from 'react';
import type { Column, ColumnRole, ColumnType } from '../../../../shared/schemas/dataset';

export interface SchemaDraft {
  types: Record<string, ColumnType>;
  roles: Record<string, ColumnRole>;
}

function fromColumns(columns: Column[]): SchemaDraft {
  return {
    types: Object.fromEntries(columns.map((c) => [c.name, c.type])),
    roles: Object.fromEntries(columns.map((c) => [c.name, c.role])),
  };
}

/**
 * The user's unsaved edits of a version's schema, and the dataset.updateSchema input they amount to.
 * Only one column can hold the target role: giving it to a column makes the old target a feature.
 */
export function useSchemaDraft(columns: Column[], target: string | null) {
  const [draft, setDraft] = useState<SchemaDraft>(() => fromColumns(columns));
  const draftTarget = Object.keys(draft.roles).find((n) => draft.roles[n] === 'target') ?? null;

  const setType = (name: string, type: ColumnType) => setDraft((d) => ({ ...d, types: { ...d.types, [name]: type } }));
  const setRole = (name: string, role: ColumnRole) =>
    setDraft((d) => {
      const roles = { ...d.roles };
      if (role === 'target') for (const n of Object.keys(roles)) if (roles[n] === 'target') roles[n] = 'feature';
      roles[name] = role;
      return { ...d, roles };
    });
  const setTarget = (name: string | null) =>
    setDraft((d) => {
      const roles = { ...d.roles };
      for (const n of Object.keys(roles)) if (roles[n] === 'target') roles[n] = 'feature';
      if (name) roles[name] = 'target';
      return { ...d, roles };
    });

  const change = useMemo(() => {
    const types: Record<string, ColumnType> = {};
    const roles: Record<string, ColumnRole> = {};
    for (const c of columns) {
      if (draft.types[c.name] !== c.type) types[c.name] = draft.types[c.name];
      const role = draft.roles[c.name];
      if (role !== c.role && role !== 'target') roles[c.name] = role;
    }
    const targetChanged = draftTarget !== target;
    const count = Object.keys(types).length + Object.keys(roles).length + (targetChanged ? 1 : 0);
    return { types, roles, target: targetChanged ? draftTarget : undefined, count };
  }, [columns, draft, draftTarget, target]);

  return { draft, draftTarget, setType, setRole, setTarget, change, reset: () => setDraft(fromColumns(columns)) };
}
