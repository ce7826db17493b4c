import { performance } from 'node:perf_hooks';
import type { DatasetVersion } from '../../../shared/schemas/dataset.js';
import type { Evaluation, EvaluationCandidate, EvaluationComparison, EvaluationSummary, MetricValues, SliceableColumn, SliceReport } from '../../../shared/schemas/evaluation.js';
import type { Job } from '../../../shared/schemas/system.js';
import type { AuditLog } from '../audit.js';
import type { DatasetAccess, LoadedImages, LoadedTable } from '../datasets/types.js';
import type { EventBus } from '../events.js';
import { newId, nowIso } from '../ids.js';
import type { JobContext, JobRunner } from '../jobs/runner.js';
import type { ProjectService } from '../projects/service.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { compareEvaluations } from './compare.js';
import { checkGates } from './gates.js';
import { classificationEvaluation, positiveIndex, regressionEvaluation } from './metrics.js';
import { classReasons } from './gates.js';
import { bootstrapIntervals, markUncertain } from './intervals.js';
import { measureLatency, measureThroughput } from './operational.js';
import { runPredictJob, type PredictRequest } from './predict-job.js';
import { renderHtmlReport, renderJsonReport, type ReportLanguage } from './report.js';
import type { ModelSource, Predictor, RunInfo } from './model-source.js';
import { checkOutput, dropUnreadable, type ModelSchema, imageTruth, inputFor, tableTruth } from './prepare.js';
import { modelIssues } from './model-reads.js';
import { invalid } from '../../../shared/contract/errors.js';
import { sliceStored } from './slice-stored.js';
import type { SliceOptions } from './slices.js';
import { EvaluationStore, type StoredPredictions } from '../store/evaluation-store.js';
import { keyedError, step } from './texts.js';
import { retryBusy } from '../store/busy.js';
import { DatasetStore } from '../store/dataset-store.js';
import { transaction } from '../store/sql.js';

export interface EvaluateRequest {
  /** Run id. */
  run: string;
  /** A data set version (id, name or name@N); default: the run's own version. */
  dataset?: string;
  /** 'test' (the run's held-out rows; only on its own version) or 'all'. Default: test on the run's version, all on another. */
  subset?: 'test' | 'all';
  /** Features to slice by while evaluating. */
  slices?: string[];
  sliceBins?: number;
}

export interface EvaluationDeps {
  db: Db;
  blobs: BlobStore;
  jobs: JobRunner;
  events: EventBus;
  audit: AuditLog;
  projects: ProjectService;
  /** Looked up on use: the training and data domains are built alongside this one. */
  models: () => ModelSource;
  datasets: () => DatasetAccess;
}

export type Loaded = { kind: 'table'; table: LoadedTable } | { kind: 'images'; images: LoadedImages };

interface Plan {
  runId: string;
  runName: string;
  projectId: string;
  version: DatasetVersion;
  subset: 'test' | 'all';
  splitId: string | null;
  packageHash: string | null;
  slices: string[];
  sliceOptions: SliceOptions;
}

/** Evaluate phase: evaluations as jobs, stored with their gate result; lists, comparisons and slices. */
export class EvaluationService {
  readonly store: EvaluationStore;

  constructor(private readonly deps: EvaluationDeps) {
    this.store = new EvaluationStore(deps.db, deps.blobs);
    deps.projects.addStageProbe('evaluated', (projectId) => this.store.hasAny(projectId));
  }

  /** Checks the request, then starts the evaluation as a job; its result is { evaluationId, gatePassed }. */
  start(request: EvaluateRequest): Job {
    const plan = this.plan(request);
    return this.deps.jobs.start({
      kind: 'evaluation',
      projectId: plan.projectId,
      // every step names the run, so a window that did not start the job can say what it evaluates
      step: step('step.starting', { runId: plan.runId, runName: plan.runName }, `Evaluating ${plan.runName}`)[1],
      run: async (ctx) => {
        const e = await this.evaluate(plan, ctx);
        return { evaluationId: e.id, gatePassed: e.gatePassed, gateStatus: e.gateStatus, failed: e.gate.failed, runId: plan.runId, runName: plan.runName };
      },
    });
  }

  private plan(request: EvaluateRequest): Plan {
    const run = this.deps.models().getRun(request.run);
    if (run.status !== 'succeeded') {
      throw keyedError(
        'conflict',
        'error.run_not_finished',
        { run: run.id, status: run.status },
        `Run ${run.id} is ${run.status}; only a run that finished training can be evaluated.`,
        { status: run.status },
      );
    }
    const datasets = this.deps.datasets();
    const version = datasets.resolveVersion(request.dataset ?? run.datasetVersionId, run.projectId);
    const own = version.id === run.datasetVersionId;
    const ref = `${version.name}@${version.version}`;
    const subset = request.subset ?? (own ? 'test' : 'all');
    if (subset === 'test' && !own) {
      throw keyedError(
        'invalid_input',
        'error.test_rows_elsewhere',
        { dataset: ref, run: run.id },
        `Data set ${ref} is not the one run ${run.id} was trained on, so it has no test rows for this run; evaluate on all its rows instead.`,
      );
    }
    this.assertReads(modelSchema(run), run.packageHash, version);
    const slices = request.slices ?? [];
    if (slices.length && version.kind !== 'table') {
      throw keyedError('invalid_input', 'error.slices_need_table', { dataset: ref }, `Data set ${ref} holds images; slices need table columns to slice by.`);
    }
    const unknown = slices.filter((f) => !version.columns.some((c) => c.name === f));
    if (unknown.length) {
      const columns = unknown.map((u) => `"${u}"`).join(', ');
      const known = version.columns.map((c) => c.name).join(', ');
      throw keyedError(
        'invalid_input',
        'error.unknown_slice_column',
        { dataset: ref, columns, known },
        `Data set ${ref} has no column ${columns} to slice by. Its columns: ${known}.`,
        { columns: unknown },
      );
    }
    return {
      runId: run.id,
      runName: run.name,
      projectId: run.projectId,
      version,
      subset,
      splitId: subset === 'test' ? run.splitId : null,
      packageHash: run.packageHash,
      slices,
      sliceOptions: { bins: request.sliceBins },
    };
  }

  /** Refuses a version the model cannot read (compatibilityIssues, with the model's own reading of cells: model-reads.ts). */
  private assertReads(model: ModelSchema, packageHash: string | null, version: DatasetVersion): void {
    const issues = modelIssues({ ...model, packageHash }, version, { blobs: this.deps.blobs, datasets: this.deps.datasets() });
    if (issues.length) throw invalid(issues);
  }

  private async load(version: DatasetVersion): Promise<Loaded> {
    const datasets = this.deps.datasets();
    return version.kind === 'images' ? { kind: 'images', images: await datasets.loadImages(version.id) } : { kind: 'table', table: await datasets.loadTable(version.id) };
  }

  /** The job body: score the rows, compute everything, store it. */
  async evaluate(plan: Plan, ctx: JobContext): Promise<Evaluation> {
    const started = performance.now();
    const run = { runId: plan.runId, runName: plan.runName };
    const project = this.deps.projects.resolve(plan.projectId);
    ctx.progress(0.02, ...step('step.loading_model', { ...run }, 'Loading the model'));
    const predictor = await this.deps.models().loadPredictor(plan.runId);
    try {
      ctx.throwIfCancelled();
      ctx.progress(0.1, ...step('step.loading_data', { ...run }, 'Loading the data'));
      const data = await this.load(plan.version);
      const count = data.kind === 'table' ? data.table.rowCount : data.images.rowCount;
      let candidates: Int32Array;
      if (plan.subset === 'test') {
        candidates = this.deps.datasets().getSplit(plan.splitId!).test;
        if (!candidates.length) {
          throw keyedError(
            'invalid_input',
            'error.split_without_test',
            { run: plan.runId },
            `Run ${plan.runId} was trained with a split that keeps no test rows; evaluate it on another data set version (--dataset).`,
          );
        }
      } else candidates = Int32Array.from({ length: count }, (_, i) => i);
      this.assertReads(predictor, plan.packageHash, plan.version); // the model as loaded, in case it differs from the run's record
      const labelled = data.kind === 'table' ? tableTruth(predictor, data.table, candidates) : imageTruth(predictor, data.images, candidates);
      // the rows are read as the model reads any raw row (its own tokens and types); rows it cannot read are left out
      const truth = dropUnreadable(labelled, predictor.rejections?.(inputFor(data, labelled.rows)) ?? []);
      if (!truth.rows.length) {
        const ref = `${plan.version.name}@${plan.version.version}`;
        const first = truth.skipped[0];
        throw keyedError(
          'invalid_input',
          'error.no_usable_rows',
          { count: candidates.length, dataset: ref },
          `None of the ${candidates.length} rows of ${ref} can be evaluated: ${first?.message ?? 'no rows'}.`,
          {},
          first ? [{ path: ['row', first.row], key: first.key, params: first.params, message: first.message }] : [],
        );
      }
      ctx.throwIfCancelled();
      ctx.progress(0.2, ...step('step.scoring', { rows: truth.rows.length, ...run }, `Scoring ${truth.rows.length} rows`));
      const input = inputFor(data, truth.rows);
      const output = await predictor.predict(input);
      checkOutput(predictor, output, truth.rows.length);
      ctx.throwIfCancelled();
      ctx.progress(0.5, ...step('step.measuring', { ...run }, 'Measuring latency and throughput'));
      const latency = await measureLatency(predictor, input, truth.rows, { signal: ctx.signal });
      ctx.throwIfCancelled();
      const throughput = await measureThroughput(predictor, input, truth.rows);
      ctx.throwIfCancelled();
      ctx.progress(0.8, ...step('step.computing', { ...run }, 'Computing metrics'));
      const positive = predictor.classes ? positiveIndex(predictor.classes, project.positiveClass) : 1;
      const assembled = predictor.classes
        ? classificationEvaluation({ classes: predictor.classes, yTrue: truth.yTrue as Int32Array, proba: output }, positive)
        : regressionEvaluation({ yTrue: truth.yTrue as Float64Array, yPred: output });
      const operational = {
        latency,
        throughputRowsPerS: throughput.rowsPerSecond,
        batchRows: throughput.rows,
        modelSizeKb: predictor.sizeBytes / 1024,
        paramCount: predictor.paramCount,
        backend: predictor.backend,
      };
      const metrics: MetricValues = {
        ...assembled.metrics,
        latency_p50_ms: latency.p50Ms,
        latency_p95_ms: latency.p95Ms,
        throughput_rows_s: operational.throughputRowsPerS,
        model_size_kb: operational.modelSizeKb,
        param_count: operational.paramCount,
      };
      const reasons = {
        ...Object.fromEntries(assembled.warnings.filter((w) => metrics[w.metric] === null).map((w) => [w.metric, { message: w.message, key: w.key!, params: w.params! }])),
        ...classReasons(project.criteria, predictor.classes),
      };
      ctx.progress(0.9, ...step('step.intervals', { ...run }, 'Bootstrapping confidence intervals'));
      const boot = predictor.classes
        ? bootstrapIntervals({ kind: 'classification', classes: predictor.classes, yTrue: truth.yTrue as Int32Array, proba: output, positive })
        : bootstrapIntervals({ kind: 'regression', yTrue: truth.yTrue as Float64Array, yPred: output });
      ctx.throwIfCancelled();
      const gate = markUncertain(checkGates(project.criteria, metrics, reasons), boot.intervals);
      const predictions: StoredPredictions = { rows: Array.from(truth.rows), yTrue: Array.from(truth.yTrue), output: Array.from(output), classes: predictor.classes };
      const slices = plan.slices.map((feature) => sliceStored(predictions, data, feature, project.criteria, plan.sliceOptions, project.positiveClass));
      const evaluation: Evaluation = {
        id: newId('evl'),
        projectId: plan.projectId,
        runId: plan.runId,
        runName: plan.runName,
        datasetVersionId: plan.version.id,
        datasetRef: `${plan.version.name}@${plan.version.version}`,
        subset: plan.subset,
        rows: truth.rows.length,
        taskType: project.taskType,
        gatePassed: gate.passed,
        gateStatus: gate.status!,
        metrics,
        createdAt: nowIso(),
        jobId: ctx.jobId,
        splitId: plan.splitId,
        skippedRows: truth.skippedCount,
        skipped: truth.skipped,
        details: assembled.details,
        operational,
        gate,
        slices,
        warnings: assembled.warnings,
        intervals: boot.intervals,
        intervalResamples: boot.resamples,
        durationMs: performance.now() - started,
      };
      ctx.throwIfCancelled();
      // one transaction, retried while another process holds the write lock: minutes of work are not lost to it
      await retryBusy(() =>
        transaction(this.deps.db, () => {
          this.store.insert(evaluation, predictions);
          this.deps.audit.append({
            action: 'eval.completed',
            projectId: plan.projectId,
            subjectId: evaluation.id,
            door: 'job',
            details: {
              runId: plan.runId,
              dataset: evaluation.datasetRef,
              gatePassed: gate.passed,
              gateStatus: gate.status,
              failed: gate.checks.filter((c) => !c.passed).map((c) => c.metric),
            },
          });
        }),
      );
      this.deps.events.emit('workspace.changed', { topic: 'eval', projectId: plan.projectId });
      return evaluation;
    } finally {
      predictor.dispose();
    }
  }

  /**
   * The data set versions of the run's project, newest first, each with whether the run can be
   * evaluated on it and, when not, why (the same issues eval.start refuses with).
   */
  candidates(runRef: string, includeIncompatible = false): EvaluationCandidate[] {
    const run = this.deps.models().getRun(runRef);
    const datasets = this.deps.datasets();
    const ids = new DatasetStore(this.deps.db).versionIdsOf(run.projectId);
    const model = modelSchema(run);
    return ids
      .map(({ id }) => {
        const version = datasets.resolveVersion(id, run.projectId);
        const reasons = modelIssues({ ...model, packageHash: run.packageHash }, version, { blobs: this.deps.blobs, datasets });
        return { version, datasetRef: `${version.name}@${version.version}`, trainedOn: version.id === run.datasetVersionId, compatible: reasons.length === 0, reasons };
      })
      .filter((c) => includeIncompatible || c.compatible);
  }

  /** Scores a CSV file with a run's model (streaming), as a job whose result is a PredictCsvResult. */
  startPredict(request: PredictRequest): Job {
    const run = this.deps.models().getRun(request.run);
    if (run.status !== 'succeeded') {
      throw keyedError(
        'conflict',
        'error.run_cannot_predict',
        { run: run.id, status: run.status },
        `Run ${run.id} is ${run.status}; only a run that finished training can make predictions.`,
        { status: run.status },
      );
    }
    return this.deps.jobs.start({
      kind: 'prediction',
      projectId: run.projectId,
      run: (ctx) => runPredictJob(this.deps, run, request, ctx),
    });
  }

  get(id: string): Evaluation {
    return this.store.get(id);
  }

  list(filter: { project?: string; run?: string; limit?: number }): EvaluationSummary[] {
    const projectId = filter.project ? this.deps.projects.idOf(filter.project) : undefined;
    return this.store.list({ projectId, runId: filter.run, limit: filter.limit ?? 100 });
  }

  compare(a: string, b: string): EvaluationComparison {
    if (a === b) throw keyedError('invalid_input', 'error.same_evaluation', {}, 'Pick two different evaluations to compare.');
    return compareEvaluations(this.store.get(a), this.store.get(b));
  }

  /** The evaluation as a self-contained HTML report or a JSON document. */
  exportReport(id: string, format: 'html' | 'json', lang: ReportLanguage = 'en'): { fileName: string; mimeType: string; content: string } {
    const e = this.store.get(id);
    const project = this.deps.projects.resolve(e.projectId);
    const base = `evaluation-${e.runName}-${e.datasetRef}`.replace(/[^A-Za-z0-9._@-]+/g, '_');
    return format === 'html'
      ? { fileName: `${base}.html`, mimeType: 'text/html', content: renderHtmlReport(e, { projectName: project.name, lang }) }
      : { fileName: `${base}.json`, mimeType: 'application/json', content: renderJsonReport(e, project.name) };
  }

  /** The columns an evaluation can be sliced by (text columns and images cannot be), the model's features first. */
  sliceable(id: string): SliceableColumn[] {
    const summary = this.store.getSummary(id);
    const version = this.deps.datasets().resolveVersion(summary.datasetVersionId, summary.projectId);
    if (version.kind !== 'table') return [];
    let features = new Set<string>();
    try {
      features = new Set(
        this.deps
          .models()
          .getRun(summary.runId)
          .features.map((f) => f.name),
      );
    } catch {
      // the run is gone: its columns can still be sliced, none marked as read by the model
    }
    const kindOf: Record<string, SliceableColumn['kind'] | undefined> = { categorical: 'categorical', boolean: 'categorical', numeric: 'numeric', datetime: 'numeric' };
    const columns = version.columns.flatMap((c) => {
      const kind = kindOf[c.type];
      return kind ? [{ name: c.name, kind, type: c.type, role: c.role, modelFeature: features.has(c.name) }] : [];
    });
    return [...columns.filter((c) => c.modelFeature), ...columns.filter((c) => !c.modelFeature)];
  }

  /** Metrics per value (or quantile bin) of a feature, from an evaluation's stored predictions. */
  async slice(id: string, feature: string, options: SliceOptions = {}): Promise<SliceReport> {
    const summary = this.store.getSummary(id);
    const project = this.deps.projects.resolve(summary.projectId);
    const version = this.deps.datasets().resolveVersion(summary.datasetVersionId, summary.projectId);
    const data = await this.load(version);
    const evaluated = this.store.get(id).details;
    const positiveClass = evaluated.kind === 'classification' ? evaluated.positiveClass : null;
    return sliceStored(this.store.predictions(id), data, feature, project.criteria, options, positiveClass);
  }
}

function modelSchema(run: RunInfo): ModelSchema {
  return { task: run.taskType, inputKind: run.inputKind, target: run.target, features: run.features };
}
