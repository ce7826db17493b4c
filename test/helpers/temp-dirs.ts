import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Kept apart from workspace.ts (which loads the whole core): the setup file that removes the folders must
// not import the core before a test file's vi.mock calls take effect.
const made = new Set<string>();

/** A fresh temp folder; every one a test file made is removed after that file (test/setup/temp-cleanup.ts). */
export function tempDir(prefix = 'ciclo-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes the temp folders made by tempDir in this test file (a folder still in use by a closing process is retried). */
export function removeTempDirs(): void {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch {
      // a folder that cannot be removed (still locked on Windows) is left to the system's temp cleaning
    }
    made.delete(dir);
  }
}
