import type { ParsedInput } from '../../../shared/contract/api.js';
import { AppError, notFound } from '../../../shared/contract/errors.js';
import {
  type Holders,
  type ModelDetail,
  type ModelEvent,
  type ModelStage,
  type ModelVersion,
  type RegisteredModel,
  type RegisteredRun,
  type ResolvedModel,
  type GateMove,
  type VersionGate,
  needsGate,
} from '../../../shared/schemas/registry.js';
import { osUser } from '../audit.js';
import { newId, nowIso } from '../ids.js';
import type { ProjectService } from '../projects/service.js';
import type { CallContext } from '../router.js';
import type { Db } from '../store/db.js';
import { RegistryDeletion } from './deletion.js';
import { instant, parseModelRef } from './refs.js';
import { decideGate, holdersAt, rollbackTarget, slotName, type Slot } from './rules.js';
import { RegistryStore, type ModelRow, type VersionRow } from '../store/registry-store.js';
import { RunStore } from '../store/run-store.js';
import { gateOfRun, modelView, versionView, type EvaluationFacts, type RunFacts } from './views.js';

export interface RegistryDeps {
  db: Db;
  projects: ProjectService;
  /** Looked up on use: training and evaluation are built alongside the registry. */
  runs: () => RunFacts;
  evaluations: () => EvaluationFacts | undefined;
  /** The clock (tests fix it to check history by date). */
  now?: () => string;
  /** Who is acting: the operating-system user by default. */
  actor?: () => string;
  /** Removes these blobs if nothing refers to them any more (after a deletion). */
  releaseBlobs?: (hashes: string[]) => void;
}

export interface Resolved {
  model: ModelRow;
  version: VersionRow;
  via: ResolvedModel['via'];
  alias: string | null;
}

/** The model registry: versions, aliases, stages, gated promotion, history and rollback. */
export class RegistryService {
  readonly store: RegistryStore;
  readonly now: () => string;
  readonly actor: () => string;
  /** Hard deletion and the dependants that block it. */
  readonly deletion: RegistryDeletion;

  constructor(readonly deps: RegistryDeps) {
    this.store = new RegistryStore(deps.db);
    this.deletion = new RegistryDeletion(this);
    this.now = deps.now ?? nowIso;
    this.actor = deps.actor ?? osUser;
  }

  /* ---------------------------------------------------------------- references */

  model(ref: string): ModelRow {
    const m = this.store.modelByRef(ref.trim());
    if (!m) throw notFound('registered model', ref);
    return m;
  }

  /** Resolves M, M@VERSION, M@alias or M@latest (also a model id before the "@"). The one resolver every door uses. */
  resolveRef(text: string): Resolved {
    const ref = parseModelRef(text);
    const model = this.model(ref.model);
    const s = ref.selector;
    if (s.kind === 'latest') {
      const version = this.store.latestVersion(model.id);
      if (!version)
        throw new AppError('not_found', `Model ${model.name} has no versions yet; register a run with \`ciclo model register RUN --name ${model.name}\`.`, {
          what: 'model version',
          ref: text,
        });
      return { model, version, via: 'latest', alias: null };
    }
    if (s.kind === 'version') {
      const version = this.store.version(model.id, s.version);
      if (!version) {
        const known = this.store
          .versions(model.id)
          .map((v) => v.version)
          .reverse();
        throw new AppError('not_found', `Model ${model.name} has no version ${s.version}${known.length ? `; its versions are ${known.join(', ')}` : ''}.`, {
          what: 'model version',
          ref: text,
        });
      }
      return { model, version, via: 'version', alias: null };
    }
    const version = this.store.aliasHolder(model.id, s.alias);
    if (!version) {
      const aliases = Object.keys(this.store.aliases(model.id));
      throw new AppError('not_found', `No version of ${model.name} holds the alias "${s.alias}"${aliases.length ? `; its aliases are ${aliases.join(', ')}` : ''}.`, {
        what: 'model alias',
        ref: text,
      });
    }
    return { model, version, via: 'alias', alias: s.alias };
  }

  resolve(text: string): ResolvedModel {
    const r = this.resolveRef(text);
    return {
      modelId: r.model.id,
      modelName: r.model.name,
      projectId: r.version.project_id,
      versionId: r.version.id,
      version: r.version.version,
      runId: r.version.run_id,
      packageHash: r.version.package_hash,
      via: r.via,
      alias: r.alias,
    };
  }

  /**
   * The hook for every command that takes a model (predict, evaluate, serving): a run id is returned as is;
   * anything else is resolved as M, M@VERSION or M@alias to the version's run and package.
   */
  resolveRunRef(ref: string): { runId: string; packageHash: string | null; model: ResolvedModel | null } {
    const run = new RunStore(this.deps.db).packageOf(ref.trim());
    if (run) return { runId: run.id, packageHash: run.package_hash, model: null };
    if (!ref.includes('@') && !this.store.modelByRef(ref.trim())) {
      throw new AppError('not_found', `No run or registered model called "${ref.trim()}" exists in this workspace (give a run id, or a model as M, M@VERSION or M@alias).`, {
        what: 'run or model',
        ref,
      });
    }
    const model = this.resolve(ref);
    return { runId: model.runId, packageHash: model.packageHash, model };
  }

  /* ---------------------------------------------------------------- views */

  version(ref: string): ModelVersion {
    const r = this.resolveRef(ref);
    return this.view(r.model, r.version);
  }

  view(model: ModelRow, row: VersionRow): ModelVersion {
    return versionView(this.store, this.deps.runs(), this.deps.evaluations(), model, row);
  }

  gate(row: VersionRow): VersionGate {
    return gateOfRun(this.deps.evaluations(), row.run_id).gate;
  }

  list(input: ParsedInput<'model.list'>): RegisteredModel[] {
    const projectId = input.project ? this.deps.projects.idOf(input.project) : undefined;
    return this.store.models({ projectId, includeArchived: input.includeArchived }).map((m) => modelView(this.store, m, this.deps.projects.resolve(m.project_id).name));
  }

  get(ref: string): ModelDetail {
    const model = this.model(parseModelRef(ref).model);
    const events = this.store.events(model.id);
    const aliases = new Set([...Object.keys(this.store.aliases(model.id)), ...events.filter((e) => e.alias).map((e) => e.alias as string)]);
    const slots: Slot[] = [...[...aliases].sort().map((alias) => ({ kind: 'alias', alias }) as Slot), { kind: 'production' }];
    return {
      ...modelView(this.store, model, this.deps.projects.resolve(model.project_id).name),
      versions: this.store.versions(model.id).map((v) => this.view(model, v)),
      history: [...events].reverse(),
      rollbackTargets: Object.fromEntries(slots.map((s) => [slotName(s), rollbackTarget(events, s).target])),
    };
  }

  holders(ref: string, at: string): Holders {
    const model = this.model(parseModelRef(ref).model);
    return holdersAt(this.store.events(model.id), instant(at));
  }

  registeredRuns(project: string): RegisteredRun[] {
    return this.store.registeredRuns(this.deps.projects.idOf(project)).map((r) => ({ ...r, ref: `${r.modelName}@${r.version}` }));
  }

  hasRegistered(projectId: string): boolean {
    return this.store.hasRegistered(projectId);
  }

  /* ---------------------------------------------------------------- registration */

  register(input: ParsedInput<'model.register'>, ctx: CallContext): ModelVersion {
    const run = this.deps.runs().get(input.run);
    if (run.status !== 'succeeded' || !run.packageHash) {
      throw new AppError('conflict', `Run ${run.id} is ${run.status}${run.packageHash ? '' : ' and has no model package'}; only a run that finished training can be registered.`, {
        status: run.status,
      });
    }
    const existing = this.store.modelByRef(input.name);
    if (existing) {
      if (existing.project_id !== run.projectId) {
        const other = this.deps.projects.resolve(existing.project_id).name;
        throw new AppError('conflict', `The name ${existing.name} is taken by a model of project "${other}"; run ${run.id} belongs to another project. Choose another name.`);
      }
      if (existing.archived)
        throw new AppError('conflict', `Model ${existing.name} is archived; restore it (ciclo model archive ${existing.name} --restore) before registering new versions.`);
      const twice = this.store.versionOfRun(existing.id, run.id);
      if (twice) throw new AppError('conflict', `Run ${run.id} is already registered as ${existing.name}@${twice.version}.`, { version: twice.version });
    }
    const { gate, latest } = gateOfRun(this.deps.evaluations(), run.id);
    const now = this.now();
    return this.store.tx(() => {
      let model = existing;
      if (!model) {
        model = { id: newId('mdl'), project_id: run.projectId, name: input.name, description: '', archived: 0, created_at: now, updated_at: now };
        this.store.insertModel(model);
      }
      const row: VersionRow = {
        id: newId('mv'),
        model_id: model.id,
        project_id: run.projectId,
        version: this.store.nextVersion(model.id),
        run_id: run.id,
        dataset_version_id: run.datasetVersionId,
        package_hash: run.packageHash!,
        evaluation_id: latest?.id ?? null,
        gate_passed: latest ? (latest.gatePassed ? 1 : 0) : null,
        stage: 'none',
        description: input.description ?? '',
        tags: JSON.stringify([...new Set(input.tags ?? [])]),
        created_at: now,
        updated_at: now,
      };
      this.store.insertVersion(row);
      this.store.updateModel(model.id, { updated_at: now });
      this.store.appendEvent(model.id, now, {
        action: 'registered',
        toVersion: row.version,
        toStage: 'none',
        gateStatus: gate.status,
        evaluationId: gate.evaluationId,
        failedCriteria: gate.failed.map((c) => c.metric),
        reason: input.description ?? '',
        actor: this.actor(),
        door: ctx.door,
      });
      return this.view(model, row);
    });
  }

  /* ---------------------------------------------------------------- promotion */

  private target(input: { model: string; version?: number }): Resolved {
    if (input.version !== undefined) {
      const ref = parseModelRef(input.model);
      if (ref.selector.kind !== 'latest' || ref.text.includes('@')) {
        throw new AppError('invalid_input', `Give the version either in the reference (${input.model}) or as a number, not both.`);
      }
      return this.resolveRef(`${ref.model}@${input.version}`);
    }
    if (!input.model.includes('@')) {
      throw new AppError(
        'invalid_input',
        `Say which version of ${input.model} to promote: a version number, or a reference such as ${input.model}@3 or ${input.model}@challenger.`,
      );
    }
    return this.resolveRef(input.model);
  }

  private assertActive(model: ModelRow): void {
    if (model.archived)
      throw new AppError('conflict', `Model ${model.name} is archived; restore it (ciclo model archive ${model.name} --restore) before moving its aliases or stages.`);
  }

  private result(model: ModelRow, row: VersionRow, event: ModelEvent) {
    const fresh = this.store.versionById(row.id) ?? row;
    return { id: fresh.id, projectId: fresh.project_id, version: this.view(model, fresh), event };
  }

  /** Gate facts to store with a move of `row` in. */
  private gateFacts(gate: VersionGate) {
    return { gateStatus: gate.status, evaluationId: gate.evaluationId, failedCriteria: gate.failed.map((c) => c.metric) };
  }

  promote(input: ParsedInput<'model.promote'>, ctx: CallContext) {
    const { model, version } = this.target(input);
    this.assertActive(model);
    const ref = `${model.name}@${version.version}`;
    const gate = this.gate(version);
    const guarded = needsGate({ alias: input.alias, stage: input.stage });
    const move: GateMove = input.alias
      ? { model: model.name, version: version.version, alias: input.alias, rollback: false }
      : { model: model.name, version: version.version, stage: 'production', rollback: false };
    const decision = guarded ? decideGate(gate, input.reason, move) : { override: false, reason: (input.reason ?? '').trim() };
    const now = this.now();
    const common = { ...this.gateFacts(gate), override: decision.override, reason: decision.reason, actor: this.actor(), door: ctx.door };
    return this.store.tx(() => {
      let event: ModelEvent;
      if (input.alias) {
        const holder = this.store.aliasHolder(model.id, input.alias);
        if (holder?.id === version.id) throw new AppError('conflict', `${ref} already holds the alias "${input.alias}".`);
        this.store.setAlias(model.id, input.alias, version.id, now);
        event = this.store.appendEvent(model.id, now, { action: 'alias_set', alias: input.alias, fromVersion: holder?.version ?? null, toVersion: version.version, ...common });
      } else {
        const stage = input.stage as ModelStage;
        if (version.stage === stage) throw new AppError('conflict', `${ref} is already in stage ${stage}.`);
        let previous: VersionRow | undefined;
        if (stage === 'production') {
          previous = this.store.productionVersion(model.id);
          // the version it replaces is retired first, so the one-production index never sees two
          if (previous) this.store.updateVersion(previous.id, { stage: 'archived', updated_at: now });
        }
        this.store.updateVersion(version.id, { stage, updated_at: now });
        event = this.store.appendEvent(model.id, now, {
          action: 'stage_changed',
          fromStage: version.stage,
          toStage: stage,
          fromVersion: previous?.version ?? null,
          toVersion: version.version,
          ...common,
        });
      }
      this.store.updateModel(model.id, { updated_at: now });
      return this.result(model, version, event);
    });
  }

  removeAlias(input: ParsedInput<'model.removeAlias'>, ctx: CallContext) {
    const model = this.model(parseModelRef(input.model).model);
    this.assertActive(model);
    const holder = this.store.aliasHolder(model.id, input.alias);
    if (!holder) throw new AppError('conflict', `No version of ${model.name} holds the alias "${input.alias}".`);
    const now = this.now();
    return this.store.tx(() => {
      this.store.removeAlias(model.id, input.alias);
      this.store.updateModel(model.id, { updated_at: now });
      const event = this.store.appendEvent(model.id, now, {
        action: 'alias_removed',
        alias: input.alias,
        fromVersion: holder.version,
        toVersion: null,
        reason: (input.reason ?? '').trim(),
        actor: this.actor(),
        door: ctx.door,
      });
      return this.result(model, holder, event);
    });
  }

  /** Moves an alias (or production) back to the version that held it before the current holder. */
  rollback(input: ParsedInput<'model.rollback'>, ctx: CallContext) {
    const model = this.model(parseModelRef(input.model).model);
    this.assertActive(model);
    const slot: Slot = input.alias ? { kind: 'alias', alias: input.alias } : { kind: 'production' };
    const name = slotName(slot);
    const { current, target } = rollbackTarget(this.store.events(model.id), slot);
    if (target === null) {
      throw new AppError(
        'conflict',
        `${model.name}: "${name}" has no previous holder to roll back to${current === null ? '' : ` (it is held by version ${current} and was held by no other version before)`}.`,
      );
    }
    const row = this.store.version(model.id, target);
    if (!row) throw new AppError('conflict', `${model.name}: the previous holder of "${name}" was version ${target}, which has been deleted; promote another version instead.`);
    const gate = this.gate(row);
    const guarded = needsGate(slot.kind === 'alias' ? { alias: slot.alias } : { stage: 'production' });
    const move: GateMove =
      slot.kind === 'alias'
        ? { model: model.name, version: target, alias: slot.alias, rollback: true }
        : { model: model.name, version: target, stage: 'production', rollback: true };
    const decision = guarded ? decideGate(gate, input.reason, move) : { override: false, reason: (input.reason ?? '').trim() };
    const now = this.now();
    return this.store.tx(() => {
      const common = { action: 'rollback' as const, ...this.gateFacts(gate), override: decision.override, reason: decision.reason, actor: this.actor(), door: ctx.door };
      let event: ModelEvent;
      if (slot.kind === 'alias') {
        const holder = this.store.aliasHolder(model.id, slot.alias);
        this.store.setAlias(model.id, slot.alias, row.id, now);
        event = this.store.appendEvent(model.id, now, { ...common, alias: slot.alias, fromVersion: holder?.version ?? null, toVersion: target });
      } else {
        const holder = this.store.productionVersion(model.id);
        if (holder) this.store.updateVersion(holder.id, { stage: 'archived', updated_at: now });
        this.store.updateVersion(row.id, { stage: 'production', updated_at: now });
        event = this.store.appendEvent(model.id, now, { ...common, fromStage: row.stage, toStage: 'production', fromVersion: holder?.version ?? null, toVersion: target });
      }
      this.store.updateModel(model.id, { updated_at: now });
      return this.result(model, row, event);
    });
  }
}
