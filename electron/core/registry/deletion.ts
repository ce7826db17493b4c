import { AppError } from '../../../shared/contract/errors.js';
import type { Dependant } from '../../../shared/schemas/registry.js';
import type { CallContext } from '../router.js';
import { parseModelRef } from './refs.js';
import type { RegistryService } from './service.js';
import type { VersionRow } from '../store/registry-store.js';

/**
 * Hard deletion. Anything others depend on is archived instead (model.archive); a hard delete must be
 * confirmed, is refused while dependants exist (naming them), and removes rows in an order that leaves
 * no reference pointing at nothing (the foreign keys would refuse it anyway).
 */

/** Something outside the registry that depends on a model version (deployments, later). */
export type DependantProbe = (version: { id: string; modelId: string; version: number }) => Dependant[];

export class RegistryDeletion {
  private readonly probes: DependantProbe[] = [];

  constructor(private readonly registry: RegistryService) {}

  /** Lets another domain (serving, for instance) say what depends on a version. */
  addDependantProbe(probe: DependantProbe): void {
    this.probes.push(probe);
  }

  private versionDependants(modelName: string, v: VersionRow): Dependant[] {
    const ref = `${modelName}@${v.version}`;
    const out: Dependant[] = this.registry.store
      .aliasesOfVersion(v.id)
      .map((alias) => ({ kind: 'alias', id: `${v.model_id}:${alias}`, label: `alias "${alias}" points at ${ref}` }));
    if (v.stage === 'production') out.push({ kind: 'stage', id: v.id, label: `${ref} is the production version` });
    for (const probe of this.probes) out.push(...probe({ id: v.id, modelId: v.model_id, version: v.version }));
    return out;
  }

  dependants(text: string): { ref: string; dependants: Dependant[] } {
    if (text.includes('@')) {
      const { model, version } = this.registry.resolveRef(text);
      return { ref: `${model.name}@${version.version}`, dependants: this.versionDependants(model.name, version) };
    }
    const model = this.registry.model(parseModelRef(text).model);
    return { ref: model.name, dependants: this.registry.store.versions(model.id).flatMap((v) => this.versionDependants(model.name, v)) };
  }

  /** Registry rows that point at a run, a data set version or an evaluation: other domains call this before deleting one. */
  dependantsOf(target: { runId?: string; datasetVersionId?: string; evaluationId?: string }): Dependant[] {
    const store = this.registry.store;
    const out: Dependant[] = [];
    const add = (list: { id: string; version: number; name: string }[], why: string) =>
      out.push(...list.map((r) => ({ kind: 'model_version', id: r.id, label: `model version ${r.name}@${r.version} ${why}` })));
    if (target.runId) add(store.versionsCiting('run_id', target.runId), 'was registered from this run');
    if (target.datasetVersionId) add(store.versionsCiting('dataset_version_id', target.datasetVersionId), 'was trained on this data set version');
    if (target.evaluationId) {
      add(store.versionsCiting('evaluation_id', target.evaluationId), 'was registered with this evaluation');
      const events = store.modelsWhoseHistoryCites(target.evaluationId);
      out.push(...events.map((e) => ({ kind: 'model_history', id: e.name, label: `the history of model ${e.name} cites this evaluation as the gate of a move` })));
    }
    return out;
  }

  delete(text: string, ctx: CallContext): { id: string; projectId: string; ref: string; removed: string[] } {
    const { ref, dependants } = this.dependants(text);
    if (dependants.length) {
      throw new AppError(
        'conflict',
        `Cannot delete ${ref}: ${dependants.map((d) => d.label).join('; ')}. Move or remove those first, or archive it instead (it stays resolvable).`,
        { dependants },
      );
    }
    const store = this.registry.store;
    const now = this.registry.now();
    if (text.includes('@')) {
      const { model, version } = this.registry.resolveRef(text);
      return this.releasing([version.package_hash], () =>
        store.tx(() => {
          const removed: string[] = [];
          if (store.deleteCardEdits(version.id)) removed.push(`card edits of ${ref}`);
          store.deleteVersion(version.id);
          removed.push(`model version ${ref}`);
          store.updateModel(model.id, { updated_at: now });
          store.appendEvent(model.id, now, { action: 'version_deleted', toVersion: version.version, fromStage: version.stage, actor: this.registry.actor(), door: ctx.door });
          return { id: version.id, projectId: version.project_id, ref, removed };
        }),
      );
    }
    const model = this.registry.model(text);
    return this.releasing(
      store.versions(model.id).map((v) => v.package_hash),
      () =>
        store.tx(() => {
          const versions = store.versions(model.id);
          const removed: string[] = [];
          for (const v of versions) {
            if (store.deleteCardEdits(v.id)) removed.push(`card edits of ${model.name}@${v.version}`);
          }
          const { events } = store.deleteModelRows(model.id);
          removed.push(...versions.map((v) => `model version ${model.name}@${v.version}`).reverse());
          if (events) removed.push(`${events} history entries of ${model.name} (the audit trail keeps the record)`);
          removed.push(`registered model ${model.name}`);
          return { id: model.id, projectId: model.project_id, ref: model.name, removed };
        }),
    );
  }

  /** Runs a deletion, then releases the blobs it referred to that nothing else refers to any more. */
  private releasing<T>(hashes: string[], body: () => T): T {
    const out = body();
    try {
      this.registry.deps.releaseBlobs?.(hashes);
    } catch {
      // the collector at the next open removes what could not be released now
    }
    return out;
  }
}
