import { createServer, type Server } from 'node:http';
import type { EventStore } from '@grid/platform';

/** GET /health: liveness plus the store's head position, so an operator sees the store answering. */
export function startHealthServer(store: EventStore, port: number, host: string, startedAt = new Date()): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      store
        .headPosition()
        .then((position) => send(res, 200, { status: 'ok', store: { kind: 'sqlite', position }, startedAt: startedAt.toISOString() }))
        .catch((error: unknown) => send(res, 503, { status: 'unavailable', detail: String(error) }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no route ${req.method} ${path}` }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function send(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
