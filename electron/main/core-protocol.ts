import type { ErrorShape } from '../../shared/contract/errors.js';

/**
 * Messages between the Electron main process and the core process (an Electron utilityProcess running
 * core-process.ts). The main process owns the window, menu and dialogs and relays the one IPC channel;
 * the core process owns the workspace (SQLite, blobs, jobs) and forks the training workers. Every value
 * crosses by structured clone, as it does over the renderer's IPC channel.
 */

export interface OpenRequest {
  type: 'open';
  dataDir: string;
  /** better-sqlite3 built for Electron's ABI (see native.ts). */
  nativeBinding?: string;
  /** The folder of the preferences file shared with the main process, browser mode and the CLI. */
  prefsDir: string;
}

export type ToCore = OpenRequest | { type: 'call'; id: number; method: string; input: unknown; door: string } | { type: 'close' };

export type FromCore =
  | { type: 'opened'; dataDir: string }
  | { type: 'open-failed'; error: ErrorShape }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorShape }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'closed' };

/** The side of a message channel the core process sees (Electron's process.parentPort, or a stand-in). */
export interface HostPort {
  onMessage(listener: (message: ToCore) => void): void;
  post(message: FromCore): void;
}
