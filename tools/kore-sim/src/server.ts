import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApi } from './api.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { FaultQueue } from './faults.js';
import { sendKoreError } from './http.js';
import { JwtVerifier } from './jwt.js';
import { BotRegistry } from './model.js';
import { RequestLog } from './recording.js';
import type { BotSpec, Fault, KoreSim, KoreSimOptions, RecordedRequest, RequestFilter } from './types.js';

export const DEFAULT_CLIENT_ID = 'sim-client-id';
const HOST = '127.0.0.1';

/**
 * Starts a Kore.ai simulator on 127.0.0.1 (a free port unless `port` is given). Every test, benchmark
 * and demo talks to it over real loopback HTTP; `close()` leaves no socket or timer behind.
 */
export async function startKoreSim(options: KoreSimOptions = {}): Promise<KoreSim> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? randomBytes(32).toString('hex');
  if (clientId === '') throw new Error('kore-sim: clientId must not be empty');
  if (clientSecret === '') throw new Error('kore-sim: clientSecret must not be empty');

  const bots = new BotRegistry();
  for (const spec of options.bots ?? []) bots.add(spec, now());
  const faults = new FaultQueue();
  const log = new RequestLog();
  const verifier = new JwtVerifier({
    clientId,
    clientSecret,
    publicKeyPem: options.publicKeyPem,
    enforceJti: options.enforceJti ?? false,
    now,
  });

  const sockets = new Set<Socket>();
  // The control API drives the sim object, which exists once the server listens.
  const holder: { sim?: KoreSim } = {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const work =
      url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)
        ? handleControl(req, res, url, { sim: holder.sim as KoreSim, botIds: () => bots.ids(), queuedFaults: () => faults.size })
        : handleApi(req, res, url, { bots, faults, log, verifier, now });
    work.catch(() => {
      // A bug in the sim must show as a 500, not an unhandled rejection in the test process.
      if (!res.headersSent && !res.destroyed) sendKoreError(res, 500, 'kore-sim internal error');
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('kore-sim: the server has no TCP address');
  const port = address.port;

  let closing: Promise<void> | undefined;
  const sim: KoreSim = {
    url: `http://${HOST}:${port}`,
    port,
    clientId,
    clientSecret,
    now,
    addBot(spec: BotSpec): void {
      bots.add(spec, now());
    },
    updateBot(botId: string, patch: Partial<Omit<BotSpec, 'botId'>>): void {
      bots.require(botId).update(patch, now());
    },
    startTraining(botId: string, language?: string): string {
      const bot = bots.require(botId);
      return bot.startTraining(language ?? bot.defaultLanguage, now(), false);
    },
    injectFault(fault: Fault): void {
      faults.add(fault);
    },
    clearFaults(): void {
      faults.clear();
    },
    get requests(): RecordedRequest[] {
      return log.entries;
    },
    count(filter?: RequestFilter): number {
      return log.count(filter);
    },
    nextRequest(filter?: RequestFilter): Promise<RecordedRequest> {
      return log.next(filter);
    },
    reset(): void {
      log.clear();
      faults.clear();
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
  holder.sim = sim;
  return sim;
}
