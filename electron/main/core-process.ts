// Entry of the core process: an Electron utilityProcess (electron.vite.config.ts builds it as
// out/main/core-process.js) that keeps synchronous SQLite work and data preparation off the main
// process, so the window never freezes. See core-host.ts and core-protocol.ts.
import type { FromCore, ToCore } from './core-protocol.js';
import { serveCore } from './core-host.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: ToCore }) => void): void;
  postMessage(message: FromCore): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('core-process.js runs inside Ciclo as an Electron utility process; start the app with "npm start".');
  process.exit(1);
}
serveCore({ onMessage: (listener) => parentPort.on('message', (e) => listener(e.data)), post: (m) => parentPort.postMessage(m) });
