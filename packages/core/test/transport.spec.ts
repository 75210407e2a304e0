// The default transport against small hostile servers on loopback, in real time (short durations).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { createKoreClient, KoreError, type KoreClient } from '../src/index.js';
import { proxyConfigured } from '../src/transport.js';
import { SECRET } from './fake-transport.js';

type Handler = (res: ServerResponse, url: string) => void;
const servers: Server[] = [];
const clients: KoreClient[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => handler(res, req.url ?? ''));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(host: string, requestTimeoutMs = 5_000): KoreClient {
  const kore = createKoreClient({ host, clientId: 'cs-app', clientSecret: SECRET, requestTimeoutMs });
  clients.push(kore);
  return kore;
}

async function failure(promise: Promise<unknown>): Promise<KoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KoreError);
  return error as KoreError;
}

afterAll(async () => {
  clients.forEach((c) => c.close());
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it('a body that drips in after the headers is cut off at requestTimeoutMs', async () => {
  const host = await serve((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"trainingStatus":');
    const drip = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(drip));
  });
  const started = performance.now();
  const error = await failure(client(host, 300).getTrainingStatus({ botId: 'st-1' }));
  expect(error.code).toBe('NETWORK');
  expect(performance.now() - started).toBeLessThan(1_300);
});

it('a gzip bomb stops at the cap after decompression: BAD_RESPONSE, memory bounded', async () => {
  const host = await serve((res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const gzip = createGzip();
    gzip.pipe(res);
    const zeros = Buffer.alloc(1 << 20, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 200 && gzip.write(zeros)) sent++;
      if (sent < 200) gzip.once('drain', pump);
      else gzip.end();
    };
    res.on('close', () => gzip.destroy());
    pump();
  });
  const before = process.memoryUsage().heapUsed;
  const error = await failure(client(host).getTrainingStatus({ botId: 'st-1' }));
  expect(error.code).toBe('BAD_RESPONSE');
  expect(error.message).toContain('larger than 1048576 bytes');
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(32 * 1024 * 1024);
});

it('an endless plain body is BAD_RESPONSE once past the cap, and is not asked for again', async () => {
  let requests = 0;
  const host = await serve((res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    pump();
  });
  const error = await failure(client(host).waitForTraining({ botId: 'st-1', timeoutMs: 10_000 }));
  expect(error.code).toBe('BAD_RESPONSE');
  expect(requests).toBe(1);
});

it('a redirect is not followed: the token goes nowhere else', async () => {
  let reached = 0;
  const elsewhere = await serve((res) => {
    reached++;
    res.end('{}');
  });
  const host = await serve((res) => {
    res.writeHead(307, { location: `${elsewhere}/api/public/bot/st-1/ml/train/status` });
    res.end();
  });
  const error = await failure(client(host).getTrainingStatus({ botId: 'st-1' }));
  expect(error).toMatchObject({ code: 'BAD_RESPONSE', httpStatus: 307 });
  expect(reached).toBe(0);
});

describe('proxies', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of Object.keys(process.env)) if (/proxy/i.test(name)) delete process.env[name];
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('knows the variables axios reads for a proxy, in any case, and ignores blank ones and NO_PROXY', () => {
    expect(proxyConfigured({})).toBe(false);
    for (const name of ['HTTP_PROXY', 'https_proxy', 'ALL_PROXY', 'npm_config_proxy', 'npm_config_https_proxy']) expect(proxyConfigured({ [name]: 'http://proxy:8080' })).toBe(true);
    expect(proxyConfigured({ HTTPS_PROXY: '', NO_PROXY: '*', no_proxy: 'x' })).toBe(false);
  });

  it('sends through the proxy set when the client is made, and straight to the host when none is', async () => {
    const seen: string[] = [];
    const proxy = await serve((res, url) => {
      seen.push(url); // a proxy gets the absolute URL
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"trainingStatus":"Finished"}');
    });
    const direct = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"trainingStatus":"Failed"}'));
    expect((await client(direct).getTrainingStatus({ botId: 'st-1' })).trainingStatus).toBe('Failed');
    process.env['HTTP_PROXY'] = proxy;
    process.env['NO_PROXY'] = '';
    expect((await client(direct).getTrainingStatus({ botId: 'st-1' })).trainingStatus).toBe('Finished');
    expect(seen).toEqual([`${direct}/api/public/bot/st-1/ml/train/status`]);
  });
});
