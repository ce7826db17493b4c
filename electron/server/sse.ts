import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Door } from '../core/door.js';

/** GET /api/events: server-sent events carrying every push event of the core, as `{event, payload}`. */
export function openEventStream(req: IncomingMessage, res: ServerResponse, door: Door): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const unsubscribe = door.events.subscribe((event, payload) => {
    res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  const stop = () => {
    clearInterval(ping);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}
