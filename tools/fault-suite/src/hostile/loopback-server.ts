import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the server saw of one request: never the token itself, only whether one came. */
export interface Hit {
  method: string;
  path: string;
  withToken: boolean;
  /** performance.now() at arrival. */
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly hits: Hit[];
  /** Destroys every socket (dripping and endless answers included) and stops listening. */
  close(): Promise<void>;
}

/**
 * A small HTTP server on 127.0.0.1 that answers with `handler`: the hostile servers are written
 * here by hand, not with the simulator, which is well behaved by design.
 */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const hit: Hit = { method: req.method ?? 'GET', path: req.url ?? '/', withToken: typeof req.headers['auth'] === 'string', at: performance.now() };
    hits.push(hit);
    req.resume();
    // A client that gives up mid-answer is expected here; the server must not crash on it.
    res.on('error', () => undefined);
    handler(req, res, hit);
  });
  // No idle timeout of its own (Node closes a keep-alive socket 5 s after the last response by default): a client
  // still reading a finished answer slowly, such as fetch inflating the gzip bomb on a busy machine, must not have
  // the socket closed under it. close() destroys every socket anyway.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('loopback server has no TCP address');
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    hits,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** Writes `chunk` for as long as the client reads, honouring back-pressure; stops when the socket goes. */
export function writeForever(res: ServerResponse, chunk: Buffer): void {
  const pump = (): void => {
    while (!res.destroyed) {
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** Writes one byte every `everyMs` until the socket goes. */
export function drip(res: ServerResponse, everyMs: number): void {
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write(' ');
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}
