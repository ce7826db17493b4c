import { useMemo, useState } from 'react';
import type { Column, ColumnRole, ColumnType } from '../../../../shared/schemas/dataset';
import { columnPrep, defaultStrategy, type ColumnPrep } from '../../../../shared/schemas/prep';

/** One column's preparation as edited: the effective settings (tokens as the text the user types). */
export type PrepDraft = Omit<ColumnPrep, 'missingTokens' | 'missingConstant'> & { missingTokens: string; missingConstant: string };

export interface SchemaDraft {
  types: Record<string, ColumnType>;
  roles: Record<string, ColumnRole>;
  prep: Record<string, PrepDraft>;
}

/** Tokens as typed: comma separated, spaces around each ignored. */
export const tokensText = (tokens: string[]) => tokens.join(', ');
export const parseTokens = (text: string) => text.split(',').map((t) => t.trim()).filter((t) => t !== '');

export function prepDraftOf(c: Column): PrepDraft {
  const p = columnPrep(c);
  return { ...p, missingTokens: tokensText(p.missingTokens), missingConstant: p.missingConstant ?? '' };
}

function fromColumns(columns: Column[]): SchemaDraft {
  return {
    types: Object.fromEntries(columns.map((c) => [c.name, c.type])),
    roles: Object.fromEntries(columns.map((c) => [c.name, c.role])),
    prep: Object.fromEntries(columns.map((c) => [c.name, prepDraftOf(c)])),
  };
}

type PrepChange = { missingTokens?: string[]; missingStrategy?: ColumnPrep['missingStrategy']; missingConstant?: string; missingIndicator?: boolean; dateHandling?: ColumnPrep['dateHandling'] };

/** The preparation fields a draft changes for a column (nothing when it matches the stored settings). */
export function prepChange(c: Column, d: PrepDraft | undefined, type: ColumnType = c.type): PrepChange | null {
  if (!d) return null;
  // with a new type the core starts from that type's defaults (keeping the tokens and the date handling)
  const now = type === c.type ? prepDraftOf(c) : prepDraftOf({ ...c, type, missingStrategy: undefined, missingConstant: undefined, missingIndicator: undefined });
  const out: PrepChange = {};
  if (parseTokens(d.missingTokens).join('\u0000') !== parseTokens(now.missingTokens).join('\u0000')) out.missingTokens = parseTokens(d.missingTokens);
  if (d.missingStrategy !== now.missingStrategy) out.missingStrategy = d.missingStrategy;
  if (d.missingStrategy === 'constant' && (d.missingConstant !== now.missingConstant || out.missingStrategy)) {
    out.missingStrategy = 'constant';
    out.missingConstant = d.missingConstant;
  }
  if (d.missingIndicator !== now.missingIndicator) out.missingIndicator = d.missingIndicator;
  if (type === 'datetime' && d.dateHandling !== now.dateHandling) out.dateHandling = d.dateHandling;
  return Object.keys(out).length ? out : null;
}

/**
 * The user's unsaved edits of a version's schema, and the dataset.updateSchema input they amount to.
 * Only one column can hold the target role: giving it to a column makes the old target a feature.
 */
export function useSchemaDraft(columns: Column[], target: string | null) {
  const [draft, setDraft] = useState<SchemaDraft>(() => fromColumns(columns));
  const draftTarget = Object.keys(draft.roles).find((n) => draft.roles[n] === 'target') ?? null;

  // a new type gets its default missing-value strategy (median suits numbers, not categories)
  const setType = (name: string, type: ColumnType) =>
    setDraft((d) => {
      const stored = columns.find((c) => c.name === name);
      const strategy = defaultStrategy(type);
      const prep = stored && stored.type === type ? prepDraftOf(stored) : { ...d.prep[name], missingStrategy: strategy, missingIndicator: strategy !== 'category' };
      return { ...d, types: { ...d.types, [name]: type }, prep: { ...d.prep, [name]: prep } };
    });
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
  const setPrep = (name: string, patch: Partial<PrepDraft>) => setDraft((d) => ({ ...d, prep: { ...d.prep, [name]: { ...d.prep[name], ...patch } } }));

  const change = useMemo(() => {
    const types: Record<string, ColumnType> = {};
    const roles: Record<string, ColumnRole> = {};
    const prep: Record<string, PrepChange> = {};
    for (const c of columns) {
      if (draft.types[c.name] !== c.type) types[c.name] = draft.types[c.name];
      const role = draft.roles[c.name];
      if (role !== c.role && role !== 'target') roles[c.name] = role;
      const p = prepChange(c, draft.prep[c.name], draft.types[c.name] ?? c.type);
      if (p) prep[c.name] = p;
    }
    const targetChanged = draftTarget !== target;
    const count = Object.keys(types).length + Object.keys(roles).length + Object.keys(prep).length + (targetChanged ? 1 : 0);
    return { types, roles, prep, target: targetChanged ? draftTarget : undefined, count };
  }, [columns, draft, draftTarget, target]);

  return { draft, draftTarget, setType, setRole, setTarget, setPrep, change, reset: () => setDraft(fromColumns(columns)) };
}
