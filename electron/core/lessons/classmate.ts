import path from 'node:path';
import type { Services } from '../services.js';
import { nativeBindingOf, openDbReadOnly, type Db } from '../store/db.js';

/**
 * The lesson's second workspace: a classmate's, in a folder of this workspace, where lesson 2's learner
 * imports the bundle they exported (`ciclo --data-dir FOLDER ui` opens it in a second window). The lesson
 * reads its database, never writes it, to see the verified import.
 */
export function classmateDir(s: Services): string {
  return path.join(s.dataDir, 'lessons', 'classmate');
}

/** Calls `body` with the classmate workspace's database open read-only (null while it does not exist). */
export function withClassmateDb<T>(s: Services, body: (db: Db | null) => T): T {
  const db = openDbReadOnly(path.join(classmateDir(s), 'ciclo.db'), nativeBindingOf(s.db));
  try {
    return body(db);
  } finally {
    db?.close();
  }
}
