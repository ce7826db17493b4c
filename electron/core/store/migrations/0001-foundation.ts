import type { Migration } from './index.js';

export const migration: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
    CREATE TABLE projects (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      task_type TEXT NOT NULL CHECK (task_type IN ('binary','multiclass','regression')),
      description TEXT NOT NULL DEFAULT '',
      intended_use TEXT NOT NULL DEFAULT '',
      owner TEXT NOT NULL DEFAULT '',
      criteria TEXT NOT NULL DEFAULT '[]',
      archived INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX projects_name ON projects (name COLLATE NOCASE);

    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      project_id TEXT REFERENCES projects(id),
      status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','interrupted')),
      progress REAL NOT NULL DEFAULT 0,
      message TEXT NOT NULL DEFAULT '',
      result TEXT,
      error TEXT,
      pid INTEGER,
      host TEXT,
      cancel_requested INTEGER NOT NULL DEFAULT 0,
      heartbeat_at TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    );
    CREATE INDEX jobs_status ON jobs (status);
    CREATE INDEX jobs_project ON jobs (project_id, created_at);

    CREATE TABLE audit_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      project_id TEXT,
      subject_id TEXT,
      door TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_project ON audit_events (project_id, at);
    CREATE INDEX audit_at ON audit_events (at);
  `,
};
