import type { ParsedInput } from '../../../shared/contract/api.js';
import { AppError } from '../../../shared/contract/errors.js';
import type { CardEdits, ModelStage } from '../../../shared/schemas/registry.js';
import type { CallContext } from '../router.js';
import { parseModelRef } from './refs.js';
import type { RegistryService } from './service.js';
import type { ModelRow } from '../store/registry-store.js';

/** Edits that are not promotions: descriptions and tags, soft delete (archive), the written card sections. */

function assertActive(model: ModelRow): void {
  if (model.archived) throw new AppError('conflict', `Model ${model.name} is archived; restore it (ciclo model archive ${model.name} --restore) before changing its versions.`);
}

export function updateModel(r: RegistryService, input: ParsedInput<'model.update'>, ctx: CallContext) {
  const ref = parseModelRef(input.model);
  const now = r.now();
  if (!input.model.includes('@')) {
    const model = r.model(ref.model);
    if (input.tags !== undefined) throw new AppError('invalid_input', `Tags belong to versions: give a version, such as ${model.name}@1.`);
    r.store.updateModel(model.id, { description: input.description ?? model.description, updated_at: now });
    return { id: model.id, projectId: model.project_id, ref: model.name };
  }
  const { model, version } = r.resolveRef(input.model);
  return r.store.tx(() => {
    r.store.updateVersion(version.id, {
      description: input.description ?? version.description,
      tags: input.tags ? JSON.stringify([...new Set(input.tags)]) : version.tags,
      updated_at: now,
    });
    r.store.appendEvent(model.id, now, { action: 'version_updated', toVersion: version.version, actor: r.actor(), door: ctx.door });
    return { id: version.id, projectId: version.project_id, ref: `${model.name}@${version.version}` };
  });
}

/** Soft delete: archive a model, or move a version to the archived stage; nothing that depends on it breaks. */
export function archiveModel(r: RegistryService, input: ParsedInput<'model.archive'>, ctx: CallContext) {
  const now = r.now();
  const reason = (input.reason ?? '').trim();
  if (!input.model.includes('@')) {
    const model = r.model(input.model);
    if ((model.archived === 1) === input.archived) throw new AppError('conflict', `Model ${model.name} is already ${input.archived ? 'archived' : 'active'}.`);
    return r.store.tx(() => {
      r.store.updateModel(model.id, { archived: input.archived ? 1 : 0, updated_at: now });
      r.store.appendEvent(model.id, now, { action: input.archived ? 'archived' : 'restored', reason, actor: r.actor(), door: ctx.door });
      return { id: model.id, projectId: model.project_id, ref: model.name, archived: input.archived };
    });
  }
  const { model, version } = r.resolveRef(input.model);
  assertActive(model);
  const ref = `${model.name}@${version.version}`;
  const to: ModelStage = input.archived ? 'archived' : 'none';
  if (input.archived ? version.stage === 'archived' : version.stage !== 'archived') {
    throw new AppError('conflict', `${ref} is ${input.archived ? 'already archived' : `not archived (its stage is ${version.stage})`}.`);
  }
  return r.store.tx(() => {
    r.store.updateVersion(version.id, { stage: to, updated_at: now });
    r.store.appendEvent(model.id, now, { action: 'stage_changed', fromStage: version.stage, toStage: to, toVersion: version.version, reason, actor: r.actor(), door: ctx.door });
    return { id: version.id, projectId: version.project_id, ref, archived: input.archived };
  });
}

export function saveCardEdits(
  registry: RegistryService,
  ref: string,
  edits: { limitations?: string; ethicalConsiderations?: string },
  door: string,
): CardEdits & { id: string; projectId: string; ref: string } {
  const { model, version } = registry.resolveRef(ref);
  const current = registry.store.cardEdits(version.id);
  const next = { limitations: edits.limitations ?? current.limitations, ethicalConsiderations: edits.ethicalConsiderations ?? current.ethicalConsiderations };
  const now = registry.now();
  const actor = registry.actor();
  registry.store.tx(() => {
    registry.store.saveCardEdits(version.id, next, now, actor);
    registry.store.appendEvent(model.id, now, { action: 'card_edited', toVersion: version.version, actor, door });
  });
  return { ...registry.store.cardEdits(version.id), id: version.id, projectId: version.project_id, ref: `${model.name}@${version.version}` };
}
