import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The files that ship with Ciclo beside the code (sample data sets, README), found one way whatever
 * runs the code and whatever the working folder is:
 *
 * 1. `CICLO_RESOURCES_DIR` when set (the desktop app sets it for its core process; tests use it);
 * 2. in a packaged desktop app, `<process.resourcesPath>/resources` (electron-builder.yml's
 *    extraResources copies the repository's resources/ there);
 * 3. in a checkout, the repository's resources/ folder, found by walking up from this module's own file
 *    (electron/core/ from the sources, out/main/ from the build, a CLI bundle elsewhere) to the folder
 *    whose package.json is Ciclo's.
 *
 * It never looks at process.cwd(): running `ciclo` from another folder finds the same files.
 */

export interface ResourceLocation {
  /** The folder that holds datasets/ (and the README in a package). */
  dir: string;
  /** How it was found, for error messages. */
  from: 'env' | 'package' | 'checkout';
}

interface Probe {
  env?: NodeJS.ProcessEnv;
  /** Electron's process.resourcesPath (undefined under plain Node). */
  resourcesPath?: string;
  /** Where to start walking up from (this module's folder by default). */
  moduleDir?: string;
}

function isCicloRoot(dir: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'ciclo';
  } catch {
    return false;
  }
}

/** The candidates, most specific first, each with how it was found. */
export function resourceCandidates(probe: Probe = {}): ResourceLocation[] {
  const env = probe.env ?? process.env;
  const out: ResourceLocation[] = [];
  if (env.CICLO_RESOURCES_DIR) out.push({ dir: path.resolve(env.CICLO_RESOURCES_DIR), from: 'env' });
  const resourcesPath = probe.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push({ dir: path.join(resourcesPath, 'resources'), from: 'package' });
  let dir = probe.moduleDir ?? path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    // Inside app.asar the package.json is Ciclo's but resources/ is outside the archive: keep walking.
    if (isCicloRoot(dir) && fs.existsSync(path.join(dir, 'resources'))) {
      out.push({ dir: path.join(dir, 'resources'), from: 'checkout' });
      break;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

/** A folder or file among Ciclo's resources (`resourcePath('datasets')`), or a clear error naming where it looked. */
export function resourcePath(relative: string, probe: Probe = {}): string {
  const candidates = resourceCandidates(probe);
  for (const c of candidates) {
    const p = path.join(c.dir, relative);
    if (fs.existsSync(p)) return p;
  }
  const where = candidates.length ? candidates.map((c) => path.join(c.dir, relative)).join(', ') : 'nowhere: no resources folder was found';
  throw new Error(`Ciclo's ${relative} files were not found (looked in ${where}). Reinstall Ciclo, or set CICLO_RESOURCES_DIR to the folder that holds ${relative}/.`);
}
