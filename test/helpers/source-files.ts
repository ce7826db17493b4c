import fs from 'node:fs';
import path from 'node:path';

/** The repository's root folder. */
export const repoRoot = path.resolve(__dirname, '../..');

/** Every source file (.ts, .tsx, .mjs, .js) below `dir` (relative to the repository root), as relative paths. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mjs|js)$/.test(entry.name)) out.push(rel);
  }
  return out;
}
