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
export const parseTokens = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

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

type PrepChange = {
  missingTokens?: string[];
  missingStrategy?: ColumnPrep['missingStrategy'];
  missingConstant?: string;
  missingIndicator?: boolean;
  dateHandling?: ColumnPrep['dateHandling'];
  dateOrder?: ColumnPrep['dateOrder'];
};

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
  if (type === 'datetime' && d.dateOrder !== now.dateOrder) out.dateOrder = d.dateOrder;
  return Object.keys(out).length ? out : null;
}

/** The edits a draft holds over its version (kept across a target change, which makes a new version). */
function overlay(columns: Column[], carried: SchemaDraft | undefined): SchemaDraft {
  const d = fromColumns(columns);
  if (!carried) return d;
  for (const c of columns) {
    if (carried.types[c.name] !== undefined) d.types[c.name] = carried.types[c.name];
    if (carried.prep[c.name] !== undefined) d.prep[c.name] = carried.prep[c.name];
    const role = carried.roles[c.name];
    // the target is the stored one: a carried role never moves it
    if (role !== undefined && role !== 'target' && c.role !== 'target') d.roles[c.name] = role;
  }
  return d;
}

/**
 * The user's unsaved edits of a version's types, roles and preparation, and the dataset.updateSchema input
 * they amount to. The target is not part of a draft: choosing it saves at once (useTargetSaver), so the
 * draft's roles never give or take the target role.
 */
export function useSchemaDraft(columns: Column[], carried?: SchemaDraft) {
  const [draft, setDraft] = useState<SchemaDraft>(() => overlay(columns, carried));

  // a new type gets its default missing-value strategy (median suits numbers, not categories)
  const setType = (name: string, type: ColumnType) =>
    setDraft((d) => {
      const stored = columns.find((c) => c.name === name);
      const strategy = defaultStrategy(type);
      const prep = stored && stored.type === type ? prepDraftOf(stored) : { ...d.prep[name], missingStrategy: strategy, missingIndicator: strategy !== 'category' };
      return { ...d, types: { ...d.types, [name]: type }, prep: { ...d.prep, [name]: prep } };
    });
  const setRole = (name: string, role: ColumnRole) => {
    if (role === 'target') return;
    setDraft((d) => ({ ...d, roles: { ...d.roles, [name]: role } }));
  };
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
    const count = Object.keys(types).length + Object.keys(roles).length + Object.keys(prep).length;
    return { types, roles, prep, count };
  }, [columns, draft]);

  return { draft, setType, setRole, setPrep, change, reset: () => setDraft(fromColumns(columns)) };
}
