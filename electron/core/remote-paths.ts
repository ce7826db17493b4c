import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors.js';

/**
 * Which inputs of the API name a file on the machine that runs the core. Through a remote door (browser
 * mode's HTTP) the client must never make the server read or write a path of its choosing: a read must be
 * a file the client uploaded (under `<workspace>/uploads`), and writes are refused (results come back in
 * the response, as downloads). Every contract field that names a path is listed here; a test fails when a
 * method with a path-like field (path, file, dir, input, output...) is added without a line.
 */
export const serverPathFields: Record<string, { read?: string[]; write?: string[] }> = {
  'dataset.import': { read: ['path'] },
  'dataset.scanTokens': { read: ['path'] },
  'eval.predict': { read: ['input'], write: ['output'] },
  'bundle.export': { write: ['output'] },
  'bundle.verify': { read: ['path'] },
  'bundle.inspect': { read: ['path'] },
  'bundle.import': { read: ['path'] },
  'model.export': { write: ['output'] },
  'monitor.drift': { read: ['current'] },
  'monitor.check': { read: ['current'] },
  'monitor.report': { read: ['current'] },
  'monitor.feedback': { read: ['input'] },
  // the scored file is written to the workspace's exports/predictions folder, never to a client's path
  'serving.batchPredict': { read: ['input'] },
};

/** Field names that suggest a server path: methods with such a field must be classified above (or in `notPaths`). */
export const PATH_LIKE = /^(path|paths|file|files|dir|folder|directory|input|output|source|target_?file|archive|bundle)$/i;

/** Fields with a path-like name that are not paths (method -> fields), checked by the same test. */
export const notPaths: Record<string, string[]> = {
  // a bundle the workspace wrote to its own exports folder; the service serves nothing outside that folder
  'bundle.download': ['file'],
  // a scored CSV in the workspace's exports/predictions folder; nothing outside it is served
  'serving.batchDownload': ['file'],
};

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return Boolean(rel) && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Refuses (forbidden) a call from a remote door that names a server path other than an upload, or any
 * path to write. `uploadsDir` is the workspace's uploads folder.
 */
export function checkRemotePaths(method: string, input: unknown, uploadsDir: string): void {
  const spec = serverPathFields[method];
  if (!spec || !input || typeof input !== 'object') return;
  const body = input as Record<string, unknown>;
  const root = realOrResolved(uploadsDir);
  for (const field of spec.write ?? []) {
    if (body[field] === undefined) continue;
    throw new AppError(
      'forbidden',
      `Browser mode never writes files on the server's disk: ${method} cannot be called with "${field}" over HTTP. Run it with the ciclo command line on that computer, or use the page's download buttons.`,
      { method, field },
    );
  }
  for (const field of spec.read ?? []) {
    const value = body[field];
    if (value === undefined) continue;
    const ok = typeof value === 'string' && inside(root, realOrResolved(path.resolve(root, value))) && path.isAbsolute(value);
    if (!ok) {
      throw new AppError('forbidden', `Browser mode only reads files you uploaded: "${field}" must be the path POST /api/upload returned, not a path on the server's disk.`, {
        method,
        field,
      });
    }
  }
}
