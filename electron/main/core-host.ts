import { toErrorShape } from '../core/router.js';
import { confPreferences } from '../core/preferences/store.js';
import { createServices, type Services } from '../core/services.js';
import type { HostPort, ToCore } from './core-protocol.js';

/**
 * The core process's side: opens one workspace, answers calls through the core's router (validated and
 * audited like every door), forwards push events, and closes the workspace when asked (cancelling jobs
 * and stopping their training workers) before it exits. Plain Node: it never imports electron.
 */
export function serveCore(port: HostPort, exit: (code: number) => void = (code) => process.exit(code)): void {
  let services: Services | null = null;
  let stop: () => void = () => undefined;
  let closing = false;

  async function handle(message: ToCore): Promise<void> {
    if (message.type === 'open') {
      if (services) return port.post({ type: 'open-failed', error: { code: 'conflict', message: 'This core process already has a workspace open.' } });
      try {
        services = createServices({ dataDir: message.dataDir, nativeBinding: message.nativeBinding, preferences: confPreferences(message.prefsDir) });
      } catch (err) {
        return port.post({ type: 'open-failed', error: toErrorShape(err) });
      }
      const unsubscribe = services.events.subscribe((event, payload) => port.post({ type: 'event', event, payload }));
      const stopWatch = services.watchExternalChanges();
      stop = () => {
        unsubscribe();
        stopWatch();
      };
      return port.post({ type: 'opened', dataDir: services.dataDir });
    }
    if (message.type === 'call') {
      const { id } = message;
      if (!services || closing) {
        return port.post({ type: 'result', id, ok: false, error: { code: 'conflict', message: 'The workspace is closing; try again once it is open.' } });
      }
      try {
        const value = await services.call(message.method, message.input, { door: message.door });
        port.post({ type: 'result', id, ok: true, value: value ?? null });
      } catch (err) {
        const error = toErrorShape(err);
        if (error.code === 'internal') console.error(`Internal error in ${message.method}:`, err);
        port.post({ type: 'result', id, ok: false, error });
      }
      return;
    }
    if (message.type === 'close') {
      if (closing) return;
      closing = true;
      stop();
      try {
        await services?.close();
      } catch (err) {
        console.error('Closing the workspace failed:', err);
      }
      port.post({ type: 'closed' });
      exit(0);
    }
  }

  port.onMessage((message) => {
    handle(message).catch((err) => console.error('The core process could not handle a message:', err));
  });
}
