import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { AppError } from '../../../shared/contract/errors.js';
import type { BackendChoice } from '../../../shared/schemas/training.js';
import { registerWasmGradients } from './wasm-grads.js';

export type Tf = typeof TF;
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface LoadedBackend {
  tf: Tf;
  /** The backend actually running. */
  backend: BackendName;
  /** Why it is not the preferred one (empty when it is). */
  note: string;
  tfjsVersion: string;
}

const resolveFromHere = createRequire(import.meta.url);

function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 300);
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
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  return tf;
}

async function useCpu(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  return tf;
}

/**
 * Loads TensorFlow.js with a backend: `auto` tries tfjs-node, then wasm, then the plain cpu backend;
 * a forced choice that cannot load is an error (never a silent, slower fallback).
 */
export async function loadBackend(choice: BackendChoice): Promise<LoadedBackend> {
  const notes: string[] = [];
  const attempt = async (name: BackendName): Promise<Tf | null> => {
    try {
      return name === 'tensorflow' ? await tryTensorflow() : name === 'wasm' ? await tryWasm() : await useCpu();
    } catch (err) {
      notes.push(`${name} backend unavailable: ${reason(err)}`);
      return null;
    }
  };
  const order: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of order) {
    const tf = await attempt(name);
    if (tf) return { tf, backend: name, note: notes.join('; '), tfjsVersion: tf.version.tfjs ?? tf.version['tfjs-core'] };
  }
  throw new AppError('invalid_input', `The ${choice} training backend cannot run here: ${notes.join('; ')}. Choose another backend (auto, wasm or cpu).`, { backend: choice });
}
