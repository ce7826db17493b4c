import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError, invalid, type Issue } from '../../../shared/contract/errors.js';
import type { trainingMethods } from '../../../shared/contract/training.js';
import type { Project } from '../../../shared/schemas/project.js';
import type { Preferences } from '../../../shared/schemas/preferences.js';
import { hyperparametersSchema, type Run, type TemplateId } from '../../../shared/schemas/training.js';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { DatasetAccess, SplitIndices } from '../datasets/types.js';
import type { EventBus } from '../events.js';
import { newId } from '../ids.js';
import type { JobRunner } from '../jobs/runner.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { checkDesign, templateDesign, templateParams, templates } from './design.js';
import { checkpointPath, executeRun, type ExecuteSpec } from './execute.js';
import { classWeightsFor, fitPreparation, prepareData } from './prepare.js';
import type { Preprocessing, TargetOptions } from './preprocess.js';
import { newestSplitId, pickedSplit } from './run-split.js';
import { RunStore, type RunRow } from '../store/run-store.js';
import { SeriesStore } from '../store/series-store.js';
import { readCheckpointMeta } from './trainer.js';
import { baselineFor, checkResumable, checkTargetTransform, checkTemplateSuits, resolveParams, toRun } from './run-parts.js';
import { compareRuns, runSeries } from './views.js';
import type { WorkerHandle } from './worker-host.js';

type In<M extends keyof typeof trainingMethods> = z.output<(typeof trainingMethods)[M]['input']>;

export interface TrainingDeps {
  dataDir: string;
  db: Db;
  blobs: BlobStore;
  jobs: JobRunner;
  events: EventBus;
  projects: { resolve(ref: string): Project };
  preferences: { get(): Preferences };
  /** The data phase's access (services.datasets); a function because it may be wired after this service. */
  datasets: () => DatasetAccess | undefined;
}

/** Training runs: start, cancel, resume, and the queries the Train phase and the CLI need. */
export class TrainingService {
  readonly runs: RunStore;
  readonly series: SeriesStore;
  private readonly checkpointDir: string;
  /** Workers of this process, by run id (the crash test kills them). */
  readonly workers = new Map<string, WorkerHandle>();
  private readonly shapes = new Map<string, { inputShape: number[]; outputUnits: number }>();
  /** Preprocessing learnt per split, task and input kind (versions and splits never change once made). */
  private readonly fits = new Map<string, Promise<{ preprocessing: Preprocessing; outputUnits: number }>>();

  constructor(private readonly d: TrainingDeps) {
    this.runs = new RunStore(d.db);
    this.series = new SeriesStore(d.db);
    this.checkpointDir = path.join(d.dataDir, 'checkpoints');
    fs.mkdirSync(this.checkpointDir, { recursive: true });
    d.jobs.onInterrupted((job) => {
      const row = this.runs.byJob(job.id);
      if (row) this.markInterrupted(row, 'The process running this training stopped before it finished.');
    });
    this.reconcile();
  }

  private datasets(): DatasetAccess {
    const ds = this.d.datasets();
    if (!ds) throw new AppError('internal', 'Data sets are not available in this build (services.datasets is missing).');
    return ds;
  }

  private markInterrupted(row: RunRow, why: string): void {
    const resumable = row.checkpoint_epoch ? ` Resume continues from epoch ${row.checkpoint_epoch}.` : ' Resume starts it again from the first epoch.';
    if (this.runs.finish(row.id, 'interrupted', { error: JSON.stringify({ code: 'interrupted', message: why + resumable }) })) {
      this.d.events.emit('training.status', { runId: row.id, projectId: row.project_id, status: 'interrupted', backend: row.backend, message: why + resumable });
    }
  }

  /** Runs marked active whose job has ended (or never started): their process died. */
  reconcile(): void {
    for (const row of this.runs.active()) {
      if (this.workers.has(row.id)) continue;
      let jobActive = false;
      if (row.job_id) {
        try {
          const job = this.d.jobs.get(row.job_id);
          jobActive = job.status === 'running' || job.status === 'queued';
        } catch {
          jobActive = false;
        }
      } else jobActive = Date.now() - Date.parse(row.updated_at) < 60_000;
      if (!jobActive) this.markInterrupted(row, 'The process running this training stopped before it finished.');
    }
  }

  /** Whether a project has a run that finished with a model (its lifecycle stage 'trained'). */
  hasTrainedModel(projectId: string): boolean {
    return this.runs.hasSucceeded(projectId);
  }

  /** Templates that suit the project's task and the data set's kind (images: the CNN only), default first. */
  templates(input: In<'train.templates'>) {
    const project = input.project ? this.d.projects.resolve(input.project) : null;
    const task = project?.taskType ?? null;
    const kind = input.dataset ? this.datasets().resolveVersion(input.dataset, project?.id).kind : null;
    return Object.values(templates)
      .filter((t) => !task || t.taskTypes.includes(task))
      .filter((t) => kind !== 'images' || t.inputKind === 'image')
      .map((t) => ({ id: t.id, inputKind: t.inputKind, taskTypes: t.taskTypes, options: t.options, design: templateDesign(t.id), params: templateParams(t.id) }));
  }

  /** Input shape and output units of a data set for a design (cached: the UI checks on every edit). */
  private async shapeOf(projectId: string, task: Project['taskType'], datasetRef: string, inputKind: 'tabular' | 'image'): Promise<{ inputShape: number[]; outputUnits: number }> {
    const version = this.datasets().resolveVersion(datasetRef, projectId);
    const key = `${version.id}|${task}|${inputKind}`;
    const hit = this.shapes.get(key);
    if (hit) return hit;
    const split = this.datasets().ensureSplit(version.id, { stratify: task !== 'regression' });
    const fitted = await this.fitted(version, split, task, inputKind);
    const shape = { inputShape: fitted.preprocessing.inputShape, outputUnits: fitted.outputUnits };
    if (this.shapes.size > 50) this.shapes.clear();
    this.shapes.set(key, shape);
    return shape;
  }

  /**
   * The preprocessing learnt on a split's training rows, kept for the last few splits: the Train phase
   * checks the design against the data on every edit, so train.start usually finds it ready.
   */
  private fitted(version: DatasetVersion, split: SplitIndices, task: Project['taskType'], inputKind: 'tabular' | 'image', target: TargetOptions = {}) {
    const key = `${split.id}|${task}|${inputKind}|${target.positiveClass ?? ''}|${target.transform ?? ''}`;
    let hit = this.fits.get(key);
    if (!hit) {
      hit = fitPreparation(this.datasets(), version, split, task, inputKind, target);
      hit.catch(() => this.fits.delete(key));
      if (this.fits.size >= 8) this.fits.delete(this.fits.keys().next().value!);
      this.fits.set(key, hit);
    }
    return hit;
  }

  async designCheck(input: In<'train.designCheck'>) {
    const project = this.d.projects.resolve(input.project);
    if (input.dataset) {
      const { inputShape, outputUnits } = await this.shapeOf(project.id, project.taskType, input.dataset, input.design.inputKind);
      return checkDesign(input.design, inputShape, outputUnits);
    }
    if (!input.inputShape) {
      throw invalid([{ path: ['dataset'], key: 'train:issue.needs_input', message: 'Give a data set (or an inputShape) so the design can be checked against its input.' }]);
    }
    const units = input.outputUnits ?? (project.taskType === 'regression' ? 1 : project.taskType === 'binary' ? 2 : undefined);
    if (!units) throw invalid([{ path: ['outputUnits'], key: 'train:issue.needs_output', message: 'Give outputUnits (the number of classes) or a data set.' }]);
    return checkDesign(input.design, input.inputShape, units);
  }

  async start(input: In<'train.start'>): Promise<Run> {
    const project = this.d.projects.resolve(input.project);
    const task = project.taskType;
    const ds = this.datasets();
    const version = ds.resolveVersion(input.dataset, project.id);
    const template: TemplateId = input.template ?? (version.kind === 'images' ? 'cnn' : 'mlp');
    checkTemplateSuits(template, task);
    const design = input.design ?? templateDesign(template, input.templateOptions);
    const params = resolveParams(template, input.params, task);
    const datasetRef = `${version.name}@${version.version}`;
    const wanted = input.split;
    const settings = wanted && (wanted.seed !== undefined || wanted.fractions !== undefined || wanted.stratify !== undefined);
    if (wanted?.id && settings) {
      throw invalid([
        { path: ['split'], key: 'train:issue.split_id_or_settings', message: 'Give either a split id or the settings of a split (seed, fractions, stratify), not both.' },
      ]);
    }
    // the split picked, else the newest one of the version, else the default one (made now)
    const splitId = wanted?.id ? pickedSplit(this.d.db, wanted.id, version.id, datasetRef) : settings ? null : newestSplitId(this.d.db, version.id);
    const split = splitId
      ? ds.getSplit(splitId)
      : ds.ensureSplit(version.id, { seed: wanted?.seed, fractions: wanted?.fractions, stratify: task !== 'regression' && wanted?.stratify !== false });
    checkTargetTransform(input.targetTransform, task);
    // Everything that can be wrong with the request is found before a run exists (bad input changes
    // nothing): the preprocessing is learnt on the training rows (the data set stays loaded for the
    // job), the design is checked against its input shape and the class weights against its classes.
    // Encoding the rows, the long part, happens inside the job, so train.start returns at once.
    const { preprocessing, outputUnits } = await this.fitted(version, split, task, design.inputKind, { positiveClass: project.positiveClass, transform: input.targetTransform });
    const check = checkDesign(design, preprocessing.inputShape, outputUnits);
    if (!check.ok) throw invalid(check.issues.map((i) => ({ ...i, path: ['design', ...i.path] })));
    classWeightsFor(params, preprocessing.target.classes, preprocessing.target.classes?.map(() => 1) ?? null);
    const preprocessingHash = this.d.blobs.putJson(preprocessing);
    const id = newId('run');
    const backend = input.backend ?? this.d.preferences.get().trainingBackend;
    this.runs.insert(
      {
        id,
        projectId: project.id,
        name: input.name || `${template}-${id.slice(-6)}`,
        jobId: null,
        taskType: task,
        template,
        datasetVersionId: version.id,
        datasetRef,
        splitId: split.id,
        backendRequested: backend,
        params,
        design,
        templateOptions: input.design ? {} : { ...templates[template].options, ...input.templateOptions },
        inputShape: preprocessing.inputShape,
        classes: preprocessing.target.classes,
        features: preprocessing.featureNames,
        preprocessingHash,
        paramCount: check.totalParams,
        tags: input.tags ?? [],
        notes: input.notes ?? '',
      },
      'queued',
    );
    const generation = this.runs.claim(id, ['queued'])!;
    this.launch(id, project.id, generation, async () => {
      const prepared = await prepareData(ds, version, split, task, design.inputKind, preprocessing);
      const classWeights = classWeightsFor(params, preprocessing.target.classes, prepared.classCounts);
      return {
        runId: id,
        projectId: project.id,
        backend,
        design,
        params,
        preprocessing,
        outputUnits,
        classWeights,
        data: prepared.data,
        checkpoint: null,
        fromEpoch: 0,
        fromStep: 0,
        generation,
      };
    });
    return this.get(id);
  }

  /**
   * Starts the job of a run this process has just claimed (`generation` is the claim's token): the job
   * prepares the data (encodes the rows) and then supervises the worker. A failure while preparing (the
   * data set blob is unreadable, memory runs out) ends the run as failed with the error, like a failure
   * in the worker; a cancel while preparing ends it as cancelled.
   */
  private launch(id: string, projectId: string, generation: number, prepare: () => Promise<ExecuteSpec>): void {
    const job = this.d.jobs.start({
      kind: 'training',
      projectId,
      run: async (ctx) => {
        let spec: ExecuteSpec;
        try {
          ctx.progress(0, 'Preparing the data');
          // Let train.start answer first: encoding is synchronous work that would otherwise run before
          // the caller (an IPC reply, an HTTP response) gets the run.
          await new Promise((resolve) => setImmediate(resolve));
          spec = await prepare();
          ctx.throwIfCancelled();
        } catch (err) {
          const cancelled = err instanceof AppError && err.code === 'cancelled';
          const shape = err instanceof AppError ? err.toJSON() : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
          if (this.runs.finish(id, cancelled ? 'cancelled' : 'failed', { error: cancelled ? null : JSON.stringify(shape) }, generation)) {
            const message = cancelled ? 'Cancelled while preparing the data.' : shape.message;
            this.d.events.emit('training.status', { runId: id, projectId, status: cancelled ? 'cancelled' : 'failed', backend: null, message });
          }
          throw err;
        }
        return executeRun(
          {
            runs: this.runs,
            series: this.series,
            blobs: this.d.blobs,
            events: this.d.events,
            checkpointDir: this.checkpointDir,
            onWorker: (runId, w) => this.workers.set(runId, w),
          },
          spec,
          ctx,
        ).finally(() => this.workers.delete(id));
      },
    });
    this.runs.update(id, { job_id: job.id }, generation);
    this.d.events.emit('training.status', { runId: id, projectId, status: 'running', backend: null, message: 'Starting the training worker.' });
  }

  async resume(input: In<'run.resume'>): Promise<Run> {
    const row = this.runs.row(input.id);
    checkResumable(this.d.jobs, row);
    const ds = this.datasets();
    const version = ds.resolveVersion(row.dataset_version_id, row.project_id);
    const split = ds.getSplit(row.split_id);
    const saved = this.d.blobs.readJson<Preprocessing>(row.preprocessing_hash);
    const design = JSON.parse(row.design);
    const params = hyperparametersSchema.parse(JSON.parse(row.params));
    const file = checkpointPath(this.checkpointDir, row.id);
    const checkpoint = fs.existsSync(file) ? new Uint8Array(fs.readFileSync(file)) : null;
    const at = checkpoint ? readCheckpointMeta(checkpoint) : { epoch: 0, step: 0 };
    // Take the run over and cut its series back to the checkpoint in one transaction: of two processes
    // resuming the same run at once, exactly one gets it; the other is told so and changes nothing.
    const generation = this.runs.tx(() => {
      const gen = this.runs.claim(row.id, ['interrupted', 'cancelled', 'failed'], {
        error: null,
        finished_at: null,
        started_at: new Date().toISOString(),
        resume_count: row.resume_count + 1,
        epochs_done: at.epoch,
        checkpoint_epoch: checkpoint ? at.epoch : null,
      });
      if (gen !== null) this.series.truncate(row.id, at.step, at.epoch);
      return gen;
    });
    if (generation === null) {
      checkResumable(this.d.jobs, this.runs.row(row.id));
      throw new AppError('conflict', `Run ${row.id} was resumed by another process meanwhile.`, { status: this.runs.row(row.id).status });
    }
    this.launch(row.id, row.project_id, generation, async () => {
      const prepared = await prepareData(ds, version, split, saved.target.task, design.inputKind, saved);
      return {
        generation,
        runId: row.id,
        projectId: row.project_id,
        backend: row.backend_requested as ExecuteSpec['backend'],
        design,
        params,
        preprocessing: saved,
        outputUnits: prepared.outputUnits,
        classWeights: classWeightsFor(params, saved.target.classes, prepared.classCounts),
        data: prepared.data,
        checkpoint,
        fromEpoch: at.epoch,
        fromStep: at.step,
      };
    });
    return this.get(row.id);
  }

  /** Asks the run to stop and waits (up to 2 s) until it has. */
  async cancel(input: In<'run.cancel'>): Promise<Run> {
    const row = this.runs.row(input.id);
    if (row.status !== 'running' && row.status !== 'queued') {
      throw new AppError('conflict', `Run ${row.id} is already ${row.status}; only a running run can be cancelled.`, { status: row.status });
    }
    let jobLive = false;
    if (row.job_id) {
      try {
        this.d.jobs.cancel(row.job_id);
        jobLive = true;
      } catch {
        jobLive = false;
      }
    }
    if (!jobLive) this.runs.finish(row.id, 'cancelled');
    const until = Date.now() + 2000;
    while (Date.now() < until && ['running', 'queued'].includes(this.runs.row(row.id).status)) await new Promise((r) => setTimeout(r, 25));
    return this.get(row.id);
  }

  /** Resolves when the run's current job has ended in this process. */
  async wait(id: string): Promise<Run> {
    const row = this.runs.row(id);
    if (row.job_id) await this.d.jobs.wait(row.job_id);
    return this.get(id);
  }

  get(id: string): Run {
    const r = this.runs.row(id);
    return toRun(r, this.d.db, this.d.blobs, this.series.keys(r.id));
  }

  list(input: In<'run.list'>) {
    const projectId = input.project ? this.d.projects.resolve(input.project).id : undefined;
    return this.runs.list({ ...input, projectId });
  }

  update(input: In<'run.update'>): Run {
    this.runs.row(input.id);
    const fields: Partial<Record<keyof RunRow, unknown>> = {};
    if (input.name !== undefined) fields.name = input.name;
    if (input.tags !== undefined) fields.tags = JSON.stringify([...new Set(input.tags)]);
    if (input.notes !== undefined) fields.notes = input.notes;
    this.runs.update(input.id, fields);
    return this.get(input.id);
  }

  seriesOf(input: In<'run.series'>) {
    const row = this.runs.row(input.id);
    return runSeries(this.series, row.id, input.keys ?? this.series.keys(row.id), input);
  }

  compare(input: In<'run.compare'>) {
    const ids = [...new Set(input.ids)];
    if (ids.length < 2) throw invalid([{ path: ['ids'], key: 'train:issue.compare_distinct', message: 'Compare at least 2 different runs.' } satisfies Issue]);
    const rows = ids.map((id) => this.runs.row(id));
    return compareRuns(this.series, rows, input.keys, input.maxPoints, input.method, baselineFor(this.d.db, rows), input.width);
  }
}
