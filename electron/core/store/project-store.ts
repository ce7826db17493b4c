import type { TaskType } from '../../../shared/metrics.js';
import type { Db } from './db.js';
import { all, one, run } from './sql.js';

/** The projects table. */

export interface ProjectRow {
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

export function projectRows(db: Db, includeArchived: boolean): ProjectRow[] {
  return all<ProjectRow>(db, `SELECT * FROM projects ${includeArchived ? '' : 'WHERE archived = 0'} ORDER BY created_at DESC, id DESC`);
}

/** A project by id (archived ones too). */
export function projectRow(db: Db, id: string): ProjectRow | undefined {
  return one<ProjectRow>(db, 'SELECT * FROM projects WHERE id = ?', id);
}

/** A project by id, else by exact name (case-insensitive). */
export function projectByRef(db: Db, ref: string): ProjectRow | undefined {
  return one<ProjectRow>(db, 'SELECT * FROM projects WHERE id = ?', ref) ?? one<ProjectRow>(db, 'SELECT * FROM projects WHERE name = ? COLLATE NOCASE', ref);
}

export function projectNameTaken(db: Db, name: string): boolean {
  return one(db, 'SELECT id FROM projects WHERE name = ? COLLATE NOCASE', name) !== undefined;
}

export function insertProject(db: Db, r: Omit<ProjectRow, 'archived'>): void {
  run(
    db,
    `INSERT INTO projects (id, name, task_type, description, intended_use, owner, criteria, positive_class, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.id,
    r.name,
    r.task_type,
    r.description,
    r.intended_use,
    r.owner,
    r.criteria,
    r.positive_class,
    r.created_at,
    r.updated_at,
  );
}

export function updateProject(db: Db, r: Omit<ProjectRow, 'archived' | 'created_at'>): void {
  run(
    db,
    `UPDATE projects SET name = ?, task_type = ?, description = ?, intended_use = ?, owner = ?, criteria = ?, positive_class = ?, updated_at = ? WHERE id = ?`,
    r.name,
    r.task_type,
    r.description,
    r.intended_use,
    r.owner,
    r.criteria,
    r.positive_class,
    r.updated_at,
    r.id,
  );
}

export function setProjectArchived(db: Db, id: string, archived: boolean, at: string): void {
  run(db, 'UPDATE projects SET archived = ?, updated_at = ? WHERE id = ?', archived ? 1 : 0, at, id);
}
