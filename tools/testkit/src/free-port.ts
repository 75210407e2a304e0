import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1 (listen on 0, read it, close). Why: e2e tests start real servers
 * (n8n, Node-RED, Redis, PostgreSQL) side by side; fixed ports would collide between parallel runs.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
