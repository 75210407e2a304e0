import type { ServerResponse } from 'node:http';
import type { KoreErrorCode } from '@kore-train/core';
import { makeGzipBomb } from './gzip-bomb.js';
import { drip, startLoopbackServer, writeForever, type Handler, type Hit, type LoopbackServer } from './loopback-server.js';
import { controlStatus, deepJson, httpDate, koreErrorBody, oversizeJson, status } from './payloads.js';

/**
 * `wait` and `status` end by themselves; `long-wait` is a wait with a 30-day timeout (past Node's
 * timer limit) that its user cancels.
 */
export type ProbeMode = 'wait' | 'status' | 'long-wait';

export interface StartedProbe {
  /** The host a surface is pointed at. */
  url: string;
  hits: Hit[];
  close(): Promise<void>;
  /** Probe-specific failures found after the run (e.g. a redirect was followed). */
  verify(): string[];
}

export interface HostileProbe {
  name: string;
  /** The KoreError code the contract names, per mode; a mode without one is not run. */
  expected: Partial<Record<ProbeMode, KoreErrorCode>>;
  /** The status expectation needs a per-request timeout (only the library exposes one). */
  statusNeedsRequestTimeout?: boolean;
  /** Text the library's `lastStatus` must show: the server's text made safe, not dropped. */
  safeMarker?: string;
  start(): Promise<StartedProbe>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function send(res: ServerResponse, code: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(code, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** A probe served by one hand-written server. */
function single(handler: Handler): () => Promise<StartedProbe> {
  return async () => {
    const server = await startLoopbackServer(handler);
    return { url: server.url, hits: server.hits, close: () => server.close(), verify: () => asked(server) };
  };
}

/** Every probe must have reached its server: a surface that fails before sending proves nothing. */
function asked(server: LoopbackServer): string[] {
  return server.hits.length > 0 ? [] : ['the hostile server was never asked'];
}

/** Odd requests get a 200 status, even ones a 503 error body, both built from the request's token. */
function alternating(statusBody: (token: string) => string, errorBody: (token: string) => string): Handler {
  let count = 0;
  return (req, res) => {
    const token = typeof req.headers['auth'] === 'string' ? req.headers['auth'] : '';
    count += 1;
    if (count % 2 === 1) send(res, 200, statusBody(token));
    else send(res, 503, errorBody(token));
  };
}

function redirect(code: 302 | 307): () => Promise<StartedProbe> {
  return async () => {
    const elsewhere = await startLoopbackServer((_req, res) => send(res, 200, status('Finished')));
    const server = await startLoopbackServer((req, res) => {
      res.writeHead(code, { location: `${elsewhere.url}${req.url ?? '/'}`, 'content-length': '0' });
      res.end();
    });
    return {
      url: server.url,
      hits: server.hits,
      close: async () => {
        await Promise.all([server.close(), elsewhere.close()]);
      },
      verify: () => {
        const followed = elsewhere.hits;
        if (followed.length === 0) return asked(server);
        return [`the ${code} was followed: ${followed.length} request(s) reached the second server${followed.some((hit) => hit.withToken) ? ', with the token' : ''}`];
      },
    };
  };
}

function retryAfter(value: () => string, maxHits = Infinity): () => Promise<StartedProbe> {
  return async () => {
    const started = await single((_req, res) => send(res, 429, koreErrorBody('Too many requests', 429), { 'retry-after': value() }))();
    return {
      ...started,
      // A sleep that overflowed fires after 1 ms: the client would then ask again and again.
      verify: () => [...started.verify(), ...(started.hits.length > maxHits ? [`a request storm: ${started.hits.length} requests (at most ${maxHits} expected)`] : [])],
    };
  };
}

let bomb: Promise<{ body: Buffer; inflatedBytes: number }> | undefined;
/** Made once per process, on first use. */
export function gzipBomb(): Promise<{ body: Buffer; inflatedBytes: number }> {
  return (bomb ??= makeGzipBomb());
}

/** The hostile servers of issue 9, each with the one outcome the core contract names. */
export const PROBES: readonly HostileProbe[] = [
  {
    name: 'dripping body',
    expected: { wait: 'TIMEOUT', status: 'NETWORK' },
    statusNeedsRequestTimeout: true,
    start: single((_req, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.write('{"trainingStatus":"Finished"');
      drip(res, 200);
    }),
  },
  {
    name: 'endless body',
    expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' },
    start: single((_req, res) => {
      res.writeHead(200, JSON_HEADERS);
      res.write('{"trainingStatus":"Finished","pad":"');
      writeForever(res, Buffer.alloc(64 * 1024, 'x'));
    }),
  },
  {
    name: 'gzip bomb',
    expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' },
    start: async () => {
      const { body } = await gzipBomb();
      return single((_req, res) => send(res, 200, body, { 'content-encoding': 'gzip' }))();
    },
  },
  {
    name: 'oversize body (5 MB)',
    expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' },
    start: () => {
      const body = oversizeJson();
      return single((_req, res) => send(res, 200, body))();
    },
  },
  {
    name: 'JSON 100,000 deep',
    expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' },
    start: () => {
      const body = deepJson();
      return single((_req, res) => send(res, 200, body))();
    },
  },
  {
    name: 'control characters',
    expected: { wait: 'TIMEOUT' },
    safeMarker: '\\u001b',
    start: single(alternating(() => controlStatus(), () => koreErrorBody(`overloaded ${controlStatus()}`, 503))),
  },
  {
    name: 'JWT echo',
    expected: { wait: 'TIMEOUT' },
    safeMarker: '[REDACTED]',
    start: single(alternating((token) => status(`Inprogress ${token}`, { trainDetails: { message: token } }), (token) => koreErrorBody(`token ${token} is not valid`, 503))),
  },
  { name: 'redirect 302', expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' }, start: redirect(302) },
  { name: 'redirect 307', expected: { wait: 'BAD_RESPONSE', status: 'BAD_RESPONSE' }, start: redirect(307) },
  { name: 'Retry-After 99999999', expected: { wait: 'TIMEOUT' }, start: retryAfter(() => '99999999') },
  { name: 'Retry-After -5', expected: { wait: 'TIMEOUT' }, start: retryAfter(() => '-5') },
  { name: 'Retry-After HTTP date', expected: { wait: 'TIMEOUT' }, start: retryAfter(() => httpDate(30)) },
  // The server asks for more than the 24.8 days a Node timer holds, in a wait that long: the sleep
  // must be clamped or chunked, not overflow into a 1 ms request storm.
  { name: 'Retry-After 99999999, 30-day wait', expected: { 'long-wait': 'ABORTED' }, start: retryAfter(() => '99999999', 2) },
  { name: 'Retry-After in 60 days, 30-day wait', expected: { 'long-wait': 'ABORTED' }, start: retryAfter(() => httpDate(60), 2) },
];
