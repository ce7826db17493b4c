/**
 * The metrics Ciclo knows, which task types each applies to, which way is better, and the range
 * a value can take. Acceptance criteria and evaluation reports both use these names.
 */
export const taskTypes = ['binary', 'multiclass', 'regression'] as const;
export type TaskType = (typeof taskTypes)[number];

export interface MetricInfo {
  name: string;
  tasks: readonly TaskType[];
  better: 'higher' | 'lower';
  min: number;
  max: number;
  /** Operational metrics are measured on the packaged model, not on predictions. */
  operational?: boolean;
}

const CLS: readonly TaskType[] = ['binary', 'multiclass'];
const ALL: readonly TaskType[] = taskTypes;
const INF = Number.POSITIVE_INFINITY;

export const metrics: readonly MetricInfo[] = [
  { name: 'accuracy', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'balanced_accuracy', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'precision', tasks: ['binary'], better: 'higher', min: 0, max: 1 },
  { name: 'recall', tasks: ['binary'], better: 'higher', min: 0, max: 1 },
  { name: 'f1', tasks: ['binary'], better: 'higher', min: 0, max: 1 },
  { name: 'precision_macro', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'recall_macro', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'f1_macro', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'f1_weighted', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'roc_auc', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'average_precision', tasks: CLS, better: 'higher', min: 0, max: 1 },
  { name: 'log_loss', tasks: CLS, better: 'lower', min: 0, max: INF },
  { name: 'brier', tasks: CLS, better: 'lower', min: 0, max: 2 },
  { name: 'mae', tasks: ['regression'], better: 'lower', min: 0, max: INF },
  { name: 'mse', tasks: ['regression'], better: 'lower', min: 0, max: INF },
  { name: 'rmse', tasks: ['regression'], better: 'lower', min: 0, max: INF },
  { name: 'mape', tasks: ['regression'], better: 'lower', min: 0, max: INF },
  { name: 'r2', tasks: ['regression'], better: 'higher', min: -INF, max: 1 },
  { name: 'latency_p50_ms', tasks: ALL, better: 'lower', min: 0, max: INF, operational: true },
  { name: 'latency_p95_ms', tasks: ALL, better: 'lower', min: 0, max: INF, operational: true },
  { name: 'throughput_rows_s', tasks: ALL, better: 'higher', min: 0, max: INF, operational: true },
  { name: 'model_size_kb', tasks: ALL, better: 'lower', min: 0, max: INF, operational: true },
  { name: 'param_count', tasks: ALL, better: 'lower', min: 0, max: INF, operational: true },
];

const byName = new Map(metrics.map((m) => [m.name, m]));

/**
 * Per-class metrics: "recall[bad]" is the recall of class "bad" (one-vs-rest), for binary and multiclass
 * tasks alike. Evaluations report one for every class and metric here; criteria may name them.
 */
export const classMetrics = ['precision', 'recall', 'f1'] as const;

/** "recall[bad]" -> { base: 'recall', classLabel: 'bad' }; "accuracy" -> { base: 'accuracy', classLabel: null }. */
export function splitMetricKey(key: string): { base: string; classLabel: string | null } {
  const m = /^([^[\]]+)\[(.+)\]$/.exec(key);
  return m ? { base: m[1], classLabel: m[2] } : { base: key, classLabel: null };
}

export function classMetricKey(base: string, classLabel: string): string {
  return `${base}[${classLabel}]`;
}

/** A metric's catalogue entry, also for per-class keys ("recall[bad]" is a recall). */
export const metricByName = {
  get(key: string): MetricInfo | undefined {
    const { base, classLabel } = splitMetricKey(key);
    const info = byName.get(base);
    if (!info || classLabel === null) return info;
    return (classMetrics as readonly string[]).includes(base) ? { ...info, name: key, tasks: ['binary', 'multiclass'] } : undefined;
  },
  has(key: string): boolean {
    return this.get(key) !== undefined;
  },
};

export function metricsForTask(task: TaskType): MetricInfo[] {
  return metrics.filter((m) => m.tasks.includes(task));
}

export const comparators = ['>=', '>', '<=', '<'] as const;
export type Comparator = (typeof comparators)[number];

/** Does `value` satisfy `value comparator threshold`? */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}
