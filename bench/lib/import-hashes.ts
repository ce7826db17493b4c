/**
 * `node import-hashes.js [--default-only] FILE[:TARGET] ...` (built like import-child.ts, see bench/import.ts buildChild): imports
 * each file twice, as the import job does (one thread for a small file) and with its second thread forced
 * on (every file split into 4 KB pieces), and prints per import the sha256 of the stored data blob and of the
 * profile JSON. Compared between two builds, it shows an import change keeps what users get byte for byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../electron/core/services.js';
import { confPreferences } from '../../electron/core/preferences/store.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-hashes-'));
const s = createServices({ dataDir, preferences: confPreferences(path.join(dataDir, 'prefs')) });
try {
  await s.call('project.create', { name: 'hashes', taskType: 'binary' }, { door: 'bench' });
  let n = 0;
  const only = process.argv.includes('--default-only');
  for (const arg of process.argv.slice(2).filter((a) => !a.startsWith('--'))) {
    const [file, target] = arg.split(':');
    for (const mode of only ? (['default'] as const) : (['default', 'threads'] as const)) {
      const threads = mode === 'threads' ? { minBytes: 0, pieceBytes: 4096 } : undefined;
      const input = { project: 'hashes', path: file, name: `d${n++}`, ...(target ? { target } : {}), threads } as Parameters<typeof s.datasets.importFile>[0];
      const r = await s.datasets.importFile(input);
      const row = s.db.prepare('SELECT data_blob, profile_blob FROM dataset_versions WHERE id = ?').get(r.version.id) as { data_blob: string; profile_blob: string };
      process.stdout.write(`${path.basename(file)}\t${mode}\tdata ${row.data_blob}\tprofile ${row.profile_blob}\tversion ${r.version.hash}\n`);
    }
  }
} finally {
  await s.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
