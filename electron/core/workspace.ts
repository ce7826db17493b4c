import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors.js';

/**
 * The data directory shared by the desktop app, browser mode and the CLI.
 * Order: an explicit --data-dir, then CICLO_HOME, then the platform's data dir for Ciclo.
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.trim()) return path.resolve(explicit);
  if (env.CICLO_HOME && env.CICLO_HOME.trim()) return path.resolve(env.CICLO_HOME);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Ciclo');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Ciclo');
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'ciclo');
}

function firstExisting(dir: string): string {
  let at = dir;
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

function workspaceProblem(dir: string, problem: string, message: string): AppError {
  return new AppError('invalid_input', message, { dataDir: dir, problem });
}

/**
 * Makes sure the workspace folder exists and can be written, or says what is wrong with it, naming the
 * folder (these are the user's situation, not bugs: exit 1).
 */
export function prepareWorkspaceDir(dir: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir, { throwIfNoEntry: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      // a folder on the way that this user may not enter (the deepest one that can be seen)
      throw workspaceProblem(
        dir,
        'not_reachable',
        `The workspace folder ${dir} cannot be reached: you may not open ${firstExisting(path.dirname(dir))}. Choose another --data-dir, or ask for access to that folder.`,
      );
    }
    if (code !== 'ENOTDIR') throw err;
    st = undefined; // a file somewhere in the path: mkdir below says which
  }
  if (st && !st.isDirectory()) {
    throw workspaceProblem(dir, 'is_file', `The workspace folder ${dir} is a file, not a folder: choose another --data-dir (or CICLO_HOME).`);
  }
  if (!st) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const blocker = firstExisting(path.dirname(dir));
      if (code === 'ENOTDIR' || code === 'EEXIST') {
        throw workspaceProblem(dir, 'under_file', `The workspace folder ${dir} cannot be created: ${blocker} is a file, not a folder. Choose another --data-dir.`);
      }
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw workspaceProblem(
          dir,
          'parent_not_writable',
          `The workspace folder ${dir} cannot be created: you may not write in ${blocker}${code === 'EROFS' ? ' (a read-only file system)' : ''}. Choose another --data-dir, or create the folder with the right permissions.`,
        );
      }
      throw err;
    }
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw workspaceProblem(
      dir,
      'read_only',
      `The workspace folder ${dir} is read-only: Ciclo writes its database and files there. Make it writable, or choose another --data-dir.`,
    );
  }
}

/** The error to report when the workspace database cannot be opened: the user's situation where it is one. */
export function workspaceOpenError(dir: string, err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = String((err as { code?: string }).code ?? '');
  const file = path.join(dir, 'ciclo.db');
  if (/^SQLITE_(READONLY|PERM|AUTH)/.test(code) || code === 'EROFS' || code === 'EACCES') {
    return workspaceProblem(dir, 'read_only', `The workspace ${dir} is read-only (${file} or its folder cannot be written): make them writable, or choose another --data-dir.`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return workspaceProblem(dir, 'cannot_open', `The workspace database ${file} cannot be opened: check that it is a file you may read and write, or choose another --data-dir.`);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return workspaceProblem(dir, 'not_a_database', `${file} is not a Ciclo workspace database (or it is damaged): choose another --data-dir, or restore it from a backup.`);
  }
  return err;
}
