/**
 * Prediction servers started from the app (the Deploy phase). They run in the core's process (the
 * Electron main process, or the `ciclo ui` process in browser mode), never in the renderer; see
 * docs in README "Serving". They stop when the process stops (their deployments are then marked stopped).
 */
import { AppError } from '../../../shared/contract/errors.js';
import type { ServerStatus } from '../../../shared/schemas/serving.js';
import type { HostDeps } from './model-host.js';
import { startPredictionServer, type PredictionServer, type PredictionServerOptions } from './server.js';

export class ServingManager {
  private servers = new Map<string, PredictionServer>();

  constructor(private readonly deps: () => HostDeps) {}

  async start(options: PredictionServerOptions): Promise<ServerStatus> {
    const server = await startPredictionServer(this.deps(), options);
    this.servers.set(server.id, server);
    return server.status();
  }

  async stop(id: string): Promise<{ stopped: boolean }> {
    const s = this.servers.get(id);
    if (!s) throw new AppError('not_found', `No prediction server "${id}" runs in this process.`, { what: 'prediction server', ref: id });
    this.servers.delete(id);
    await s.close();
    return { stopped: true };
  }

  list(): ServerStatus[] {
    return [...this.servers.values()].map((s) => s.status());
  }

  get running(): number {
    return this.servers.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map((s) => s.close().catch(() => undefined)));
  }
}
