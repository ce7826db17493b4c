/**
 * The drift timeline: for each of the last days of a model's logged rows, the share of its columns that
 * drifted against the reference (the per-column tests of the drift report, without the multivariate
 * check), and the alerts fired that day. The reference columns come from the shared cache, so only the
 * day's rows are new work.
 */
import type { DriftDay } from '../../../shared/schemas/monitoring.js';
import { columnsOf, loadReference, parseJson, referenceColumn } from './context.js';
import { datasetDrift } from './drift.js';
import { alertsPerDay } from '../store/alert-store.js';
import { selectRows } from '../store/prediction-log-store.js';
import type { MonitoringService } from './service.js';

export async function driftTimeline(svc: MonitoringService, input: { model: string; days: number; reference?: string }): Promise<DriftDay[]> {
  const model = svc.model(input.model);
  const ref = await loadReference(svc.deps, model, input.reference);
  const rows = selectRows(svc.deps.db, svc.filter(input.model, model, { lastDays: input.days }));
  const byDay = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const day = r.ts.slice(0, 10);
    const list = byDay.get(day) ?? [];
    list.push(parseJson(r.input));
    byDay.set(day, list);
  }
  const features = model.features.filter((f) => f.kind !== 'skip');
  const alerts = alertsPerDay(svc.deps.db, model.runId);
  const alertsByDay = new Map(alerts.map((a) => [a.day, a.n]));
  return [...byDay.keys()].sort().map((day) => {
    const inputs = byDay.get(day)!;
    const current = columnsOf(inputs, features, ref);
    const d = datasetDrift(
      features.map((f) => ({ name: f.name, kind: f.kind as 'numeric' | 'categorical', reference: referenceColumn(ref, f.name), current: current[f.name] })),
      ref.rows.length,
      inputs.length,
      { multivariate: false },
    );
    return {
      day,
      rows: inputs.length,
      driftShare: d.driftShare,
      datasetDrift: d.datasetDrift,
      threshold: d.threshold,
      drifted: d.columns.filter((c) => c.drifted).map((c) => c.name),
      alerts: alertsByDay.get(day) ?? 0,
    };
  });
}
