import type { monitoringMethods } from '../../../shared/contract/monitoring.js';
import type { HandlersFor } from '../router.js';
import type { Services } from '../services.js';
import { driftTimeline } from './drift-days.js';
import { compareChallenger, startRetrain, startSimulation } from './loop.js';
import { renderMonitorReport } from './report.js';

export function monitoringHandlers(s: Services): HandlersFor<typeof monitoringMethods> {
  const m = () => s.monitoring;
  const call = (method: string, input: unknown) => s.call(method, input, { door: 'job' });
  return {
    'monitor.drift': (input) => m().drift(input),
    'monitor.performance': (input) => m().performance(input),
    'monitor.feedback': (input) => m().feedback(input),
    'monitor.check': (input) => m().check(input),
    'monitor.alerts': (input) => m().alerts(input),
    'monitor.models': (input) => m().models(input.project ? s.projects.idOf(input.project) : undefined),
    'monitor.timeline': (input) => m().timeline(input.model),
    'monitor.driftTimeline': (input) => driftTimeline(m(), input),
    'monitor.compare': (input) => compareChallenger(m(), input),
    'monitor.retrain': (input) => startRetrain(m(), call, input),
    'monitor.simulate': (input) => startSimulation(m(), input),
    'monitor.report': async (input) => {
      const drift = await m().drift(input);
      const perf = await m().performance({ ...input, window: input.window });
      const base = `monitoring-${input.model}`.replace(/[^A-Za-z0-9._@-]+/g, '_');
      return { fileName: `${base}.html`, mimeType: 'text/html', content: renderMonitorReport(drift, perf, input.lang) };
    },
  };
}
