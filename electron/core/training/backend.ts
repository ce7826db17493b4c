import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { AppError } from '../../../shared/contract/app-error.js';
import type { BackendChoice } from '../../../shared/schemas/training.js';
import { registerFastWasmKernels } from './wasm-fast.js';
import { registerWasmGradients } from './wasm-grads.js';

export type Tf = typeof TF;
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendNoteKey = 'tfjs_node_missing' | 'tfjs_node_failed' | 'wasm_failed';

export interface LoadedBackend {
  tf: Tf;
  /** The backend actually running. */
  backend: BackendName;
  /** Why it is not the preferred one, for people (empty when it is): "tfjs-node is not installed; trained on wasm." */
  note: string;
  /** The same as a stable key for translation, or null. */
  noteKey: BackendNoteKey | null;
  /** The raw reasons the backends tried first could not load (kept in the run's environment). */
  detail: string;
  tfjsVersion: string;
}

const resolveFromHere = createRequire(import.meta.url);

function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 300);
}

function isMissingModule(err: unknown): boolean {
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module)/.test(reason(err));
}

/** The note for the last backend that failed before `used` loaded. */
function noteFor(failed: { name: BackendName; missing: boolean }, used: BackendName): { key: BackendNoteKey; text: string } {
  if (failed.name === 'tensorflow' && failed.missing) return { key: 'tfjs_node_missing', text: `tfjs-node is not installed; trained on ${used}.` };
  if (failed.name === 'tensorflow') return { key: 'tfjs_node_failed', text: `tfjs-node could not start; trained on ${used}.` };
  return { key: 'wasm_failed', text: `The wasm backend could not start; trained on ${used}.` };
}

async function tryTensorflow(): Promise<Tf> {
  // tfjs-node is an optional dependency (its native library often cannot be downloaded): load it by name at run time.
  const name = '@tensorflow/tfjs-node';
  const mod = (await import(name)) as Tf & { default?: Tf };
  const tf = (mod.default ?? mod) as Tf;
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend did not initialise');
  return tf;
}

/** The folder holding the tfjs-backend-wasm .wasm files (read from disk: Node has no fetch of file paths). */
export function wasmDir(): string {
  return path.dirname(resolveFromHere.resolve('@tensorflow/tfjs-backend-wasm'));
}

async function tryWasm(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = wasmDir();
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': path.join(dir, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': path.join(dir, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': path.join(dir, 'tfjs-backend-wasm-threaded-simd.wasm'),
  });
  registerWasmGradients(tf);
  registerFastWasmKernels(tf);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  return tf;
}

async function useCpu(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  // The cpu backend prints a banner to stderr at its first use in Node ("install our node backend ... to speed things
  // up dramatically"). Ciclo chooses this backend on purpose (asked for, or the last fallback) and says so itself
  // (every run records its backend, and loadBackend's note gives the reason): the banner only cluttered the CLI's
  // output (`ciclo model export --format onnx` checks the export against tfjs on the cpu backend).
  const cpu = tf.backend() as { firstUse?: boolean };
  if (cpu.firstUse) cpu.firstUse = false;
  return tf;
}

/**
 * Loads TensorFlow.js with a backend: `auto` tries tfjs-node, then wasm, then the plain cpu backend;
 * a forced choice that cannot load is an error (never a silent, slower fallback).
 */
export async function loadBackend(choice: BackendChoice, onTry?: (name: BackendName) => void): Promise<LoadedBackend> {
  const notes: string[] = [];
  const failures: { name: BackendName; missing: boolean }[] = [];
  const attempt = async (name: BackendName): Promise<Tf | null> => {
    try {
      onTry?.(name);
      return name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await useCpu();
    } catch (err) {
      notes.push(`${name} backend unavailable: ${reason(err)}`);
      failures.push({ name, missing: isMissingModule(err) });
      return null;
    }
  };
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const tf = await attempt(name);
    if (!tf) continue;
    const note = failures.length ? noteFor(failures[failures.length - 1], name) : null;
    return { tf, backend: name, note: note?.text ?? '', noteKey: note?.key ?? null, detail: notes.join('; '), tfjsVersion: tf.version.tfjs ?? tf.version['tfjs-core'] };
  }
  throw new AppError('invalid_input', `The ${choice} training backend cannot run here: ${notes.join('; ')}. Choose another backend (auto, wasm or cpu).`, { backend: choice });
}
