import { AppError } from '../../../shared/contract/errors.js';
import type { GateCheck } from '../../../shared/schemas/evaluation.js';
import { MIN_OVERRIDE_REASON, type GateMove, type GateRefusal, type Holders, type ModelEvent, type ModelStage, type VersionGate } from '../../../shared/schemas/registry.js';

/**
 * The registry's rules as pure functions: which moves need a gate, when a reason overrides it, and the
 * history replays (who held an alias or production at a date; what a rollback restores).
 */

/** A place only one version can hold at a time: an alias, or the production stage. */
export type Slot = { kind: 'alias'; alias: string } | { kind: 'production' };

export function slotName(slot: Slot): string {
  return slot.kind === 'alias' ? slot.alias : 'production';
}

/** "accuracy = 0.82, needs >= 0.9 (short by 0.08)" or "f1_macro: not measured (why)". */
export function describeCheck(c: GateCheck): string {
  if (c.measured === null) return `${c.metric} ${c.comparator} ${c.threshold}: not measured${c.reason ? ` (${c.reason})` : ''}`;
  const margin = c.margin === null ? '' : ` (short by ${Math.abs(round(c.margin))})`;
  return `${c.metric} = ${round(c.measured)}, needs ${c.comparator} ${c.threshold}${margin}`;
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}

export interface GateDecision {
  /** true when a failing or missing gate is overridden by the reason. */
  override: boolean;
  reason: string;
}

/** "churn@2 the \"champion\"", "churn@2 the production version again by rollback". */
export function describeMove(move: GateMove): string {
  const ref = `${move.model}@${move.version}`;
  const place = move.alias !== undefined ? `the "${move.alias}"` : 'the production version';
  return `${ref} ${place}${move.rollback ? ' again by rollback' : ''}`;
}

/**
 * Decides a guarded move (promotion or rollback): a passing gate lets it through; a failing or missing one,
 * or one that checked nothing because the charter has no criteria,
 * needs a written reason of at least MIN_OVERRIDE_REASON characters, else gate_failed says which criteria
 * failed and how to override, with the same details (GateRefusal) for every move.
 */
export function decideGate(gate: VersionGate, reason: string | undefined, move: GateMove): GateDecision {
  const text = (reason ?? '').trim();
  if (gate.status === 'passed') return { override: false, reason: text };
  if (text.length >= MIN_OVERRIDE_REASON) return { override: true, reason: text };
  const why =
    gate.status === 'missing'
      ? 'it has no evaluation yet, so no gate has been checked (run `ciclo evaluate` on its run first)'
      : gate.status === 'no_criteria'
        ? `the project's charter sets no acceptance criteria, so its latest evaluation (${gate.evaluationId}) checked nothing (add criteria with \`ciclo project update P --criterion ...\` and evaluate again)`
        : `its latest evaluation (${gate.evaluationId}${gate.datasetRef ? ` on ${gate.datasetRef}` : ''}) fails ${gate.failed.length} ${gate.failed.length === 1 ? 'criterion' : 'criteria'}: ${gate.failed.map(describeCheck).join('; ')}`;
  const verb = move.rollback ? 'roll back' : 'promote';
  const fix = text
    ? `The reason given ("${text}") is too short: write at least ${MIN_OVERRIDE_REASON} characters saying why it is acceptable.`
    : `To ${verb} it anyway, give a written reason of at least ${MIN_OVERRIDE_REASON} characters (--reason "..." in the CLI, "reason" in the API); it is stored and shown with the ${move.rollback ? 'rollback' : 'promotion'}.`;
  const details: GateRefusal = {
    move,
    status: gate.status as GateRefusal['status'],
    evaluationId: gate.evaluationId,
    datasetRef: gate.datasetRef,
    failed: gate.failed,
    minReasonLength: MIN_OVERRIDE_REASON,
    reasonLength: text.length,
  };
  throw new AppError('gate_failed', `Cannot make ${describeMove(move)}: ${why}. ${fix}`, details);
}

type EventFacts = Pick<ModelEvent, 'at' | 'action' | 'alias' | 'fromStage' | 'toStage' | 'fromVersion' | 'toVersion'>;

/**
 * The holders of a slot as a stack, replaying the history (oldest first): a move pushes the new holder,
 * a removal pushes "nobody" (null), a rollback pops. The top is the current holder; the entry below it is
 * what a rollback restores.
 */
export function slotStack(events: EventFacts[], slot: Slot): (number | null)[] {
  const stack: (number | null)[] = [];
  for (const e of events) {
    if (slot.kind === 'alias') {
      if (e.alias !== slot.alias) continue;
      if (e.action === 'alias_set') stack.push(e.toVersion);
      else if (e.action === 'alias_removed') stack.push(null);
      else if (e.action === 'rollback') stack.pop();
    } else {
      if (e.alias !== null) continue;
      if (e.action === 'rollback' && e.toStage === 'production') stack.pop();
      else if (e.action === 'stage_changed' && e.toStage === 'production') stack.push(e.toVersion);
      else if (e.action === 'stage_changed' && e.fromStage === 'production') stack.push(null);
      else if (e.action === 'version_deleted' && stack[stack.length - 1] === e.toVersion) stack.push(null);
    }
  }
  return stack;
}

/** What a rollback of the slot would do: the current holder and the version it would restore (null: none). */
export function rollbackTarget(events: EventFacts[], slot: Slot): { current: number | null; target: number | null } {
  const stack = slotStack(events, slot);
  const current = stack.length ? stack[stack.length - 1] : null;
  const target = stack.length >= 2 ? stack[stack.length - 2] : null;
  return { current, target };
}

/** Who held every alias, which version was in production, and each version's stage, at a moment. */
export function holdersAt(events: EventFacts[], at: string): Holders {
  const aliases: Record<string, number> = {};
  const stages: Record<string, ModelStage> = {};
  for (const e of events) {
    if (e.at > at) break;
    switch (e.action) {
      case 'registered':
        if (e.toVersion !== null) stages[e.toVersion] = 'none';
        break;
      case 'alias_set':
        if (e.alias && e.toVersion !== null) aliases[e.alias] = e.toVersion;
        break;
      case 'alias_removed':
        if (e.alias) delete aliases[e.alias];
        break;
      case 'rollback':
      case 'stage_changed':
        if (e.alias) {
          if (e.toVersion !== null) aliases[e.alias] = e.toVersion;
        } else if (e.toVersion !== null && e.toStage) {
          stages[e.toVersion] = e.toStage;
          // entering production retires the previous holder
          if (e.toStage === 'production' && e.fromVersion !== null && e.fromVersion !== e.toVersion) stages[e.fromVersion] = 'archived';
        }
        break;
      case 'version_deleted':
        if (e.toVersion !== null) delete stages[e.toVersion];
        break;
      default:
        break;
    }
  }
  const production = Object.entries(stages).find(([, s]) => s === 'production');
  return { at, aliases, production: production ? Number(production[0]) : null, stages };
}
