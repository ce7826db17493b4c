import { AppError, invalid, notFound } from '../../../shared/contract/errors.js';
import type { ParsedInput } from '../../../shared/contract/api.js';
import { checkCriteria, type Criterion } from '../../../shared/schemas/charter.js';
import { lifecycleStages, type LifecycleStage, type Project } from '../../../shared/schemas/project.js';
import type { TaskType } from '../../../shared/metrics.js';
import { newId, nowIso } from '../ids.js';
import type { Db } from '../store/db.js';
import { insertProject, projectByRef, projectNameTaken, projectRows, setProjectArchived, updateProject, type ProjectRow } from '../store/project-store.js';

export function positiveIssue(label: string, classes: string[]) {
  const list = classes.map((c) => `"${c}"`).join(', ');
  return {
    path: ['positiveClass'],
    key: 'project.positive_not_a_class',
    params: { label, classes: list },
    message: `"${label}" is not a class of this project's data: its classes are ${list}.`,
  };
}

/** Tells whether a project has reached a lifecycle stage; each domain adds its own. */
export type StageProbe = (projectId: string) => boolean;

export class ProjectService {
  private readonly probes = new Map<LifecycleStage, StageProbe[]>();

  constructor(private readonly db: Db) {}

  addStageProbe(stage: LifecycleStage, probe: StageProbe): void {
    this.probes.set(stage, [...(this.probes.get(stage) ?? []), probe]);
  }

  /** Finds a project by id or by exact name (case-insensitive). */
  resolve(ref: string): Project {
    return this.toProject(this.row(ref));
  }

  /** The id of a project given by id or name; throws not_found. */
  idOf(ref: string): string {
    return this.row(ref).id;
  }

  list(includeArchived: boolean): Project[] {
    const rows = projectRows(this.db, includeArchived);
    return rows.map((r) => this.toProject(r));
  }

  create(input: Omit<ParsedInput<'project.create'>, 'positiveClass'> & { positiveClass?: string | null }): Project {
    this.assertCriteria(input.taskType, input.criteria);
    this.assertPositive(input.taskType, input.positiveClass);
    this.assertNameFree(input.name);
    const id = newId('prj');
    const now = nowIso();
    insertProject(this.db, {
      id,
      name: input.name,
      task_type: input.taskType,
      description: input.description,
      intended_use: input.intendedUse,
      owner: input.owner,
      criteria: JSON.stringify(input.criteria),
      positive_class: input.positiveClass ?? null,
      created_at: now,
      updated_at: now,
    });
    return this.resolve(id);
  }

  update(input: ParsedInput<'project.update'>): Project {
    const current = this.resolve(input.project);
    const taskType = input.taskType ?? current.taskType;
    const criteria = input.criteria ?? current.criteria;
    if (input.taskType && input.taskType !== current.taskType && current.stages.includes('trained')) {
      throw new AppError(
        'conflict',
        `Project "${current.name}" already has trained models for a ${current.taskType} task; its task type cannot change. Create a new project instead.`,
      );
    }
    // Changing the task type re-checks the existing criteria too, so no charter is left inconsistent.
    this.assertCriteria(taskType, criteria);
    // a positive class belongs to a binary task only: another task type drops it
    const positiveClass = taskType !== 'binary' ? null : input.positiveClass !== undefined ? input.positiveClass : current.positiveClass;
    if (input.positiveClass) this.assertPositive(taskType, input.positiveClass);
    if (input.name && input.name.toLowerCase() !== current.name.toLowerCase()) this.assertNameFree(input.name);
    updateProject(this.db, {
      name: input.name ?? current.name,
      task_type: taskType,
      description: input.description ?? current.description,
      intended_use: input.intendedUse ?? current.intendedUse,
      owner: input.owner ?? current.owner,
      criteria: JSON.stringify(criteria),
      positive_class: positiveClass,
      updated_at: nowIso(),
      id: current.id,
    });
    return this.resolve(current.id);
  }

  archive(ref: string, archived: boolean): Project {
    const current = this.resolve(ref);
    setProjectArchived(this.db, current.id, archived, nowIso());
    return this.resolve(current.id);
  }

  private row(ref: string): ProjectRow {
    const row = projectByRef(this.db, ref);
    if (!row) throw notFound('project', ref);
    return row;
  }

  private assertCriteria(task: TaskType, criteria: Criterion[]): void {
    const issues = checkCriteria(task, criteria);
    if (issues.length) throw invalid(issues);
  }

  private assertPositive(task: TaskType, positive: string | null | undefined): void {
    if (positive && task !== 'binary') {
      throw invalid([
        {
          path: ['positiveClass'],
          key: 'project.positive_needs_binary',
          params: { label: positive },
          message: `A positive class ("${positive}") is chosen only for a binary project; this one is ${task}.`,
        },
      ]);
    }
  }

  private assertNameFree(name: string): void {
    if (projectNameTaken(this.db, name)) {
      throw invalid([{ path: ['name'], key: 'project.name_taken', params: { name }, message: `A project called "${name}" already exists; choose another name.` }]);
    }
  }

  private toProject(r: ProjectRow): Project {
    const stages: LifecycleStage[] = ['designed'];
    for (const stage of lifecycleStages.slice(1)) {
      if ((this.probes.get(stage) ?? []).some((p) => p(r.id))) stages.push(stage);
    }
    return {
      id: r.id,
      name: r.name,
      taskType: r.task_type,
      description: r.description,
      intendedUse: r.intended_use,
      owner: r.owner,
      criteria: JSON.parse(r.criteria) as Criterion[],
      positiveClass: r.positive_class ?? null,
      archived: r.archived === 1,
      stage: stages[stages.length - 1],
      stages,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
