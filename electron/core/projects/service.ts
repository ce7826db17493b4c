import { AppError, invalid, notFound } from '../../../shared/contract/errors.js';
import type { ParsedInput } from '../../../shared/contract/api.js';
import { checkCriteria, type Criterion } from '../../../shared/schemas/charter.js';
import { lifecycleStages, type LifecycleStage, type Project } from '../../../shared/schemas/project.js';
import type { TaskType } from '../../../shared/metrics.js';
import { newId, nowIso } from '../ids.js';
import type { Db } from '../store/db.js';

interface ProjectRow {
  id: string;
  name: string;
  task_type: TaskType;
  description: string;
  intended_use: string;
  owner: string;
  criteria: string;
  positive_class: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
}

export function positiveIssue(label: string, classes: string[]) {
  const list = classes.map((c) => `"${c}"`).join(', ');
  return { path: ['positiveClass'], key: 'project.positive_not_a_class', params: { label, classes: list }, message: `"${label}" is not a class of this project's data: its classes are ${list}.` };
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
    const rows = this.db
      .prepare(`SELECT * FROM projects ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY created_at DESC, id DESC`)
      .all() as ProjectRow[];
    return rows.map((r) => this.toProject(r));
  }

  create(input: Omit<ParsedInput<'project.create'>, 'positiveClass'> & { positiveClass?: string | null }): Project {
    this.assertCriteria(input.taskType, input.criteria);
    this.assertPositive(input.taskType, input.positiveClass);
    this.assertNameFree(input.name);
    const id = newId('prj');
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO projects (id, name, task_type, description, intended_use, owner, criteria, positive_class, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, input.taskType, input.description, input.intendedUse, input.owner, JSON.stringify(input.criteria), input.positiveClass ?? null, now, now);
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
    this.db
      .prepare(
        `UPDATE projects SET name = ?, task_type = ?, description = ?, intended_use = ?, owner = ?, criteria = ?, positive_class = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        input.name ?? current.name,
        taskType,
        input.description ?? current.description,
        input.intendedUse ?? current.intendedUse,
        input.owner ?? current.owner,
        JSON.stringify(criteria),
        positiveClass,
        nowIso(),
        current.id,
      );
    return this.resolve(current.id);
  }

  archive(ref: string, archived: boolean): Project {
    const current = this.resolve(ref);
    this.db.prepare('UPDATE projects SET archived = ?, updated_at = ? WHERE id = ?').run(archived ? 1 : 0, nowIso(), current.id);
    return this.resolve(current.id);
  }

  private row(ref: string): ProjectRow {
    const row = (this.db.prepare('SELECT * FROM projects WHERE id = ?').get(ref) ??
      this.db.prepare('SELECT * FROM projects WHERE name = ? COLLATE NOCASE').get(ref)) as ProjectRow | undefined;
    if (!row) throw notFound('project', ref);
    return row;
  }

  private assertCriteria(task: TaskType, criteria: Criterion[]): void {
    const issues = checkCriteria(task, criteria);
    if (issues.length) throw invalid(issues);
  }

  private assertPositive(task: TaskType, positive: string | null | undefined): void {
    if (positive && task !== 'binary') {
      throw invalid([{ path: ['positiveClass'], key: 'project.positive_needs_binary', params: { label: positive }, message: `A positive class ("${positive}") is chosen only for a binary project; this one is ${task}.` }]);
    }
  }

  private assertNameFree(name: string): void {
    const taken = this.db.prepare('SELECT id FROM projects WHERE name = ? COLLATE NOCASE').get(name);
    if (taken) {
      throw invalid([
        { path: ['name'], key: 'project.name_taken', params: { name }, message: `A project called "${name}" already exists; choose another name.` },
      ]);
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
