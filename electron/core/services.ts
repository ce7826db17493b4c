import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { workspaceInfoSchema } from '../../shared/schemas/system.js';
import type { EventPayload } from '../../shared/contract/events.js';
import { AuditLog } from './audit.js';
import { EventBus } from './events.js';
import { EvaluationService } from './evaluation/service.js';
import { MonitoringService } from './monitoring/service.js';
import { trainingModelSource } from './evaluation/source.js';
import { DatasetService } from './datasets/service.js';
import { createHandlers } from './handlers.js';
import { JobRunner } from './jobs/runner.js';
import { Collector, DEFAULT_GRACE_MS } from './maintenance/gc.js';
import { confPreferences, type PreferenceStore } from './preferences/store.js';
import { ProjectService } from './projects/service.js';
import { RegistryService } from './registry/service.js';
import { createRouter, type CallContext } from './router.js';
import { ServingManager } from './serving/manager.js';
import { TrainingService } from './training/service.js';
import { BlobStore } from './store/blobs.js';
import { openDb, schemaVersion, type Db } from './store/db.js';
import { dataVersion } from './store/sql.js';
import { CICLO_VERSION } from './version.js';
import { prepareWorkspaceDir, workspaceOpenError } from './workspace.js';

export interface ServicesOptions {
  dataDir: string;
  /** better-sqlite3 addon built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  /** Where preferences live; default: conf in the platform config folder (or CICLO_PREFS_DIR). */
  preferences?: PreferenceStore;
  /** Collection of orphaned files when the workspace opens (after recovery); false skips it. */
  gc?: { graceMs?: number } | false;
}

/** Everything the core offers; each domain adds its service here and in createServices. */
export interface Services {
  dataDir: string;
  db: Db;
  events: EventBus;
  audit: AuditLog;
  blobs: BlobStore;
  jobs: JobRunner;
  projects: ProjectService;
  datasets: DatasetService;
  preferences: PreferenceStore;
  training: TrainingService;
  evaluation: EvaluationService;
  registry: RegistryService;
  /** Finds and removes orphaned files (temporary files, unreferenced blobs, stale uploads). */
  gc: Collector;
  /** Prediction servers started from the app (serving.start), in this process. */
  serving: ServingManager;
  monitoring: MonitoringService;
  info(): z.input<typeof workspaceInfoSchema>;
  /** The router: validates, calls the handler, audits, maps errors. Every door calls this. */
  call(method: string, input: unknown, ctx: CallContext): Promise<unknown>;
  /** Polls for commits by other processes (the CLI, another window) and emits workspace.changed. */
  watchExternalChanges(intervalMs?: number): () => void;
  close(): Promise<void>;
}

/** The composition root: one workspace, every service built once, one router over them. */
export function createServices(options: ServicesOptions): Services {
  const dataDir = path.resolve(options.dataDir);
  prepareWorkspaceDir(dataDir);
  let db: Db;
  try {
    db = openDb(path.join(dataDir, 'ciclo.db'), { nativeBinding: options.nativeBinding });
  } catch (err) {
    throw workspaceOpenError(dataDir, err);
  }
  const events = new EventBus();
  const audit = new AuditLog(db);
  const jobs = new JobRunner(db, events);
  const blobs = new BlobStore(path.join(dataDir, 'blobs'));
  const projects = new ProjectService(db);

  const services: Services = {
    dataDir,
    db,
    events,
    audit,
    blobs,
    jobs,
    projects,
    datasets: new DatasetService(db, blobs, projects, jobs, events, path.join(dataDir, 'uploads')),
    preferences: options.preferences ?? confPreferences(process.env.CICLO_PREFS_DIR || undefined),
    training: new TrainingService({ dataDir, db, events, jobs, blobs, projects, preferences: { get: () => services.preferences.get() }, datasets: () => services.datasets }),
    evaluation: new EvaluationService({
      db,
      blobs,
      jobs,
      events,
      audit,
      projects,
      datasets: () => services.datasets,
      models: () => trainingModelSource({ db, blobs, training: () => services.training, datasets: () => services.datasets }),
    }),
    registry: new RegistryService({
      db,
      projects,
      runs: () => services.training,
      evaluations: () => services.evaluation,
      releaseBlobs: (hashes) => void services.gc.collect({ only: hashes }),
    }),
    gc: new Collector(dataDir, db),
    serving: new ServingManager(() => ({ db, blobs, registry: services.registry })),
    monitoring: new MonitoringService({
      dataDir,
      db,
      blobs,
      jobs,
      events,
      audit,
      projects,
      registry: () => services.registry,
      training: () => services.training,
      datasets: () => services.datasets,
    }),
    info: () => ({ dataDir, schemaVersion: schemaVersion(db), version: CICLO_VERSION, node: process.version, platform: `${os.platform()} ${os.arch()}` }),
    call: () => Promise.reject(new Error('router not ready')),
    watchExternalChanges(intervalMs = 1000) {
      const version = () => dataVersion(db);
      let last = version();
      const timer = setInterval(() => {
        const now = version();
        if (now !== last) {
          last = now;
          events.emit('workspace.changed', { topic: '*' });
        }
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    async close() {
      await services.serving.closeAll();
      jobs.cancelAll();
      await jobs.drain();
      db.close();
    },
  };
  const router = createRouter(createHandlers(services), audit, (method, projectId) => events.emit('workspace.changed', { topic: method.split('.')[0], projectId }));
  services.call = router;
  // the end of every training run (finished, failed, cancelled) in the audit trail, whichever door started it
  events.subscribe((event, payload) => {
    if (event !== 'training.status') return;
    const p = payload as EventPayload<'training.status'>;
    if (p.status !== 'succeeded' && p.status !== 'failed' && p.status !== 'cancelled') return;
    try {
      audit.append({ action: `train.${p.status}`, projectId: p.projectId, subjectId: p.runId, door: 'job', details: { runId: p.runId, message: p.message } });
    } catch {
      // the audit line must never break the run it reports (a closed or busy workspace)
    }
  });
  services.projects.addStageProbe('registered', (projectId) => services.registry.hasRegistered(projectId));
  services.projects.addStageProbe('trained', (projectId) => services.training.hasTrainedModel(projectId));
  jobs.recover();
  if (options.gc !== false) {
    try {
      services.gc.collect({ graceMs: options.gc?.graceMs ?? DEFAULT_GRACE_MS });
    } catch {
      // collection is housekeeping: a workspace it cannot tidy (read-only, busy) still opens
    }
  }
  return services;
}
