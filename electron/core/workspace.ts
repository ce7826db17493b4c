import os from 'node:os';
import path from 'node:path';

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
