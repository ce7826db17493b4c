/**
 * Per-kernel timings of a tfjs backend: every kernel registered for `backendName` is wrapped with a clock,
 * so a kernel that runs other kernels (Ciclo's gradient kernels on wasm) is counted once, by its own (self)
 * time. Used by `npm run bench -- train` to show where an epoch goes.
 */
import type * as TF from '@tensorflow/tfjs';

export interface KernelRow {
  kernel: string;
  calls: number;
  /** Milliseconds spent in the kernel itself (nested kernels excluded). */
  selfMs: number;
  /** Share of the measured wall time. */
  share: number;
}

export interface KernelProfile {
  wallMs: number;
  /** Wall time outside any kernel: tfjs-layers, the gradient tape, optimizer and callback code in JavaScript. */
  outsideKernelsMs: number;
  kernels: KernelRow[];
}

export function instrumentKernels(tf: typeof TF, backendName: string) {
  const stats = new Map<string, { calls: number; selfMs: number }>();
  const stack: number[] = []; // child time accumulated per open kernel
  let enabled = false;
  for (const k of tf.getKernelsForBackend(backendName)) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backendName);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        if (!enabled) return inner(args);
        const t0 = performance.now();
        stack.push(0);
        try {
          return inner(args);
        } finally {
          const total = performance.now() - t0;
          const children = stack.pop()!;
          if (stack.length) stack[stack.length - 1] += total;
          const s = stats.get(k.kernelName) ?? { calls: 0, selfMs: 0 };
          s.calls++;
          s.selfMs += total - children;
          stats.set(k.kernelName, s);
        }
      },
    });
  }
  let started = 0;
  return {
    start() {
      stats.clear();
      enabled = true;
      started = performance.now();
    },
    stop(top = 15): KernelProfile {
      enabled = false;
      const wallMs = performance.now() - started;
      const rows = [...stats.entries()].map(([kernel, s]) => ({ kernel, calls: s.calls, selfMs: s.selfMs, share: s.selfMs / wallMs }));
      rows.sort((a, b) => b.selfMs - a.selfMs);
      const inKernels = rows.reduce((a, r) => a + r.selfMs, 0);
      const r1 = (v: number) => Math.round(v * 10) / 10;
      const shown = rows.slice(0, top).map((r) => ({ ...r, selfMs: r1(r.selfMs), share: Math.round(r.share * 1000) / 1000 }));
      const rest = rows.slice(top);
      if (rest.length)
        shown.push({
          kernel: `(${rest.length} others)`,
          calls: rest.reduce((a, r) => a + r.calls, 0),
          selfMs: r1(rest.reduce((a, r) => a + r.selfMs, 0)),
          share: Math.round((rest.reduce((a, r) => a + r.selfMs, 0) / wallMs) * 1000) / 1000,
        });
      return { wallMs: r1(wallMs), outsideKernelsMs: r1(wallMs - inKernels), kernels: shown };
    },
  };
}
