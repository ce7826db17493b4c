/**
 * One served model: a registry reference (M@alias, M@VERSION, M) resolved with the registry's resolver,
 * loaded on the chosen runtime, and followed: when the alias moves (promotion or rollback, from any door
 * or process) the new version is loaded in the background, new requests switch to it at once, and the old
 * one is disposed after its in-flight requests finish.
 */
import { AppError } from '../../../shared/contract/errors.js';
import type { RuntimeChoice, ServedModel, ServingSettings, Swap } from '../../../shared/schemas/serving.js';
import { OnnxUnsupported } from '../onnx/convert.js';
import { onnxForward } from '../onnx/runtime.js';
import type { RegistryService } from '../registry/service.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import { loadPredictor, type Prediction, type Predictor } from '../training/predictor.js';
import { Batcher } from './batcher.js';
import { exampleRow } from './examples.js';
import type { Shadow } from './shadow.js';

export interface Loaded {
  version: number;
  versionId: string;
  runId: string;
  projectId: string;
  predictor: Predictor;
  batcher: Batcher;
  runtime: string;
  /** Why the ONNX runtime was not used under 'auto' (null when it was, or not asked for). */
  runtimeNote: string | null;
  inflight: number;
  retired: boolean;
}

export interface HostDeps {
  db: Db;
  blobs: BlobStore;
  registry: RegistryService;
}

/** Loads a predictor on the requested runtime ('auto': ONNX Runtime where the model converts, else tfjs). */
export async function loadServingPredictor(deps: HostDeps, packageHash: string, runtime: RuntimeChoice): Promise<{ predictor: Predictor; note: string | null }> {
  if (runtime === 'tfjs') return { predictor: await loadPredictor(deps, { packageHash }), note: null };
  try {
    return { predictor: await loadPredictor(deps, { packageHash }, { forward: (pkg) => onnxForward(pkg) }), note: null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const why = err instanceof OnnxUnsupported ? `the model does not convert to ONNX: ${err.message}` : `ONNX Runtime could not start: ${(err as Error).message}`;
    if (runtime === 'onnx') throw new AppError('invalid_input', `Cannot serve on ONNX Runtime: ${why}. Use --runtime tfjs.`, { runtime });
    return { predictor: await loadPredictor(deps, { packageHash }), note: why };
  }
}

export class ModelHost {
  current!: Loaded;
  readonly swaps: Swap[] = [];
  private loading = false;
  private timer: NodeJS.Timeout | null = null;
  readonly name: string;
  readonly alias: string | null;
  /** Set when following the alias failed (the old version keeps serving). */
  lastError: string | null = null;
  /** A challenger scoring the same requests off the response path (shadow mode), or null. */
  shadow: Shadow | null = null;

  private constructor(
    private readonly deps: HostDeps,
    readonly ref: string,
    readonly deploymentId: string,
    private readonly settings: ServingSettings,
    private readonly onBatch: (rows: number) => void,
    private readonly onSwap: (s: Swap) => void,
  ) {
    const r = deps.registry.resolveRef(ref);
    this.name = r.model.name;
    this.alias = r.alias;
  }

  static async open(
    deps: HostDeps,
    ref: string,
    deploymentId: string,
    settings: ServingSettings,
    hooks: { onBatch: (rows: number) => void; onSwap: (s: Swap) => void },
  ): Promise<ModelHost> {
    const host = new ModelHost(deps, ref, deploymentId, settings, hooks.onBatch, hooks.onSwap);
    host.current = await host.load();
    return host;
  }

  private async load(): Promise<Loaded> {
    const r = this.deps.registry.resolveRef(this.ref);
    if (!r.version.package_hash) throw new AppError('conflict', `${r.model.name}@${r.version.version} has no model package.`);
    const { predictor, note } = await loadServingPredictor(this.deps, r.version.package_hash, this.settings.runtime);
    return {
      version: r.version.version,
      versionId: r.version.id,
      runId: r.version.run_id,
      projectId: r.version.project_id,
      predictor,
      batcher: new Batcher(predictor, { maxBatch: this.settings.maxBatch, maxDelayMs: this.settings.maxDelayMs, onBatch: this.onBatch }),
      runtime: predictor.backend === 'onnx' ? 'onnx' : `tfjs-${predictor.backend}`,
      runtimeNote: note,
      inflight: 0,
      retired: false,
    };
  }

  /** Follows an alias (or M@latest): checks the registry every `intervalMs` (a couple of indexed reads). */
  follow(intervalMs = 500): void {
    if (/@v?\d+$/i.test(this.ref)) return; // a fixed version never moves
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  /** A newer version of the followed alias is being loaded (the current one serves meanwhile). */
  get swapping(): boolean {
    return this.loading;
  }

  async check(): Promise<boolean> {
    if (this.loading) return false;
    let versionId: string;
    try {
      versionId = this.deps.registry.resolveRef(this.ref).version.id;
    } catch (err) {
      this.lastError = (err as Error).message; // alias removed: keep serving what we have
      return false;
    }
    if (versionId === this.current.versionId) return false;
    this.loading = true;
    const t0 = performance.now();
    try {
      const next = await this.load();
      const old = this.current;
      this.current = next; // atomic: every request from now on takes the new version
      old.retired = true;
      const swap = { at: new Date().toISOString(), from: old.version, to: next.version, ms: Math.round(performance.now() - t0) };
      this.swaps.push(swap);
      this.lastError = null;
      this.onSwap(swap);
      void this.retire(old);
      return true;
    } catch (err) {
      this.lastError = (err as Error).message;
      return false;
    } finally {
      this.loading = false;
    }
  }

  private async retire(old: Loaded): Promise<void> {
    while (old.inflight > 0) await new Promise((r) => setTimeout(r, 20));
    await old.batcher.idle();
    old.predictor.dispose();
  }

  /** Takes the current version for one request; call `release` when the request is answered. */
  acquire(): Loaded {
    const l = this.current;
    l.inflight++;
    return l;
  }

  release(l: Loaded): void {
    l.inflight--;
  }

  score(l: Loaded, rows: unknown[]): Promise<Prediction> {
    return l.batcher.submit(rows);
  }

  /** Scores rows the request path already encoded with this version's preprocessing (validateRows). */
  scoreEncoded(l: Loaded, x: Float32Array, n: number): Promise<Prediction> {
    return l.batcher.submitEncoded(x, n);
  }

  view(): ServedModel {
    const l = this.current;
    return {
      name: this.name,
      ref: this.ref,
      alias: this.alias,
      version: l.version,
      runId: l.runId,
      runtime: l.runtime,
      deploymentId: this.deploymentId,
      task: l.predictor.task,
      classes: l.predictor.classes,
      features: l.predictor.features,
      example: exampleRow(l.predictor.preprocessing),
      swaps: [...this.swaps],
      lastError: this.lastError,
      shadow: this.shadow?.view() ?? null,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.current.inflight > 0) await new Promise((r) => setTimeout(r, 10));
    await this.current.batcher.idle();
    await this.shadow?.close(); // after the champion's last answers, which may still offer rows to it
    this.current.predictor.dispose();
  }
}
