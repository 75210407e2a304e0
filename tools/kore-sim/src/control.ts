import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultError } from './faults.js';
import { header, readBody, sendJson } from './http.js';
import { SpecError, UnknownBotError } from './model.js';
import { matches } from './recording.js';
import type { KoreSim, RequestFilter } from './types.js';

export const CONTROL_PREFIX = '/__sim';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The control API other processes (CLI tests, browser tests, demos) drive the sim with. It has no
 * authentication, so it only answers loopback clients that name a loopback host (no DNS rebinding)
 * and, when a browser sends an Origin, a loopback origin (no cross-site requests from web pages).
 *
 *   GET    /__sim/info                 { url, clientId, bots, queuedFaults }   (never the secret)
 *   GET    /__sim/requests             RecordedRequest[]; ?method=&path=&botId= filter
 *   POST   /__sim/bots                 BotSpec: add (or replace) a bot
 *   PATCH  /__sim/bots/:botId          Partial<BotSpec>: update a bot
 *   POST   /__sim/bots/:botId/train    { language? }: as if a person pressed Train -> { Training_ID }
 *   POST   /__sim/faults               Fault: queue it
 *   DELETE /__sim/faults               drop queued faults
 *   POST   /__sim/reset                forget requests and faults
 */
export interface ControlContext {
  sim: KoreSim;
  botIds(): string[];
  queuedFaults(): number;
}

export async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ControlContext): Promise<void> {
  const { sim } = ctx;
  if (!isLocal(req)) {
    req.resume();
    sendJson(res, 403, { error: 'the control API only answers loopback clients' });
    return;
  }
  const method = req.method ?? 'GET';
  const parts = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean).map(safeDecode);
  const [first, second, third] = parts;
  try {
    if (parts.length === 1 && first === 'info' && method === 'GET') {
      req.resume();
      return sendJson(res, 200, { url: sim.url, clientId: sim.clientId, bots: ctx.botIds(), queuedFaults: ctx.queuedFaults() });
    }
    if (parts.length === 1 && first === 'requests' && method === 'GET') {
      req.resume();
      const filter = filterFrom(url.searchParams);
      return sendJson(res, 200, sim.requests.filter((entry) => matches(entry, filter)));
    }
    if (parts.length === 1 && first === 'bots' && method === 'POST') {
      const spec = await jsonBody(req);
      sim.addBot(spec as never);
      return sendJson(res, 201, { ok: true, botId: (spec as { botId: string }).botId });
    }
    if (parts.length === 2 && first === 'bots' && method === 'PATCH') {
      const patch = await jsonBody(req);
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new SpecError('a bot patch must be an object');
      sim.updateBot(second as string, patch);
      return sendJson(res, 200, { ok: true });
    }
    if (parts.length === 3 && first === 'bots' && third === 'train' && method === 'POST') {
      const body = await jsonBody(req, true);
      const language = typeof body === 'object' && body !== null ? (body as { language?: unknown }).language : undefined;
      if (language !== undefined && typeof language !== 'string') throw new SpecError('language must be a string');
      return sendJson(res, 200, { Training_ID: sim.startTraining(second as string, language) });
    }
    if (parts.length === 1 && first === 'faults' && method === 'POST') {
      sim.injectFault((await jsonBody(req)) as never);
      return sendJson(res, 201, { ok: true, queuedFaults: ctx.queuedFaults() });
    }
    if (parts.length === 1 && first === 'faults' && method === 'DELETE') {
      req.resume();
      sim.clearFaults();
      return sendJson(res, 200, { ok: true });
    }
    if (parts.length === 1 && first === 'reset' && method === 'POST') {
      req.resume();
      sim.reset();
      return sendJson(res, 200, { ok: true });
    }
    req.resume();
    sendJson(res, 404, { error: `no control endpoint ${method} ${url.pathname}` });
  } catch (error) {
    if (error instanceof UnknownBotError) {
      sendJson(res, 404, { error: error.message });
      return;
    }
    if (error instanceof SpecError || error instanceof FaultError || error instanceof BadBody) {
      sendJson(res, 400, { error: error.message });
      return;
    }
    throw error;
  }
}

class BadBody extends Error {}

async function jsonBody(req: IncomingMessage, optional = false): Promise<unknown> {
  let text: string;
  try {
    text = await readBody(req);
  } catch {
    throw new BadBody('the body could not be read (over 1 MiB?)');
  }
  if (text.trim() === '') {
    if (optional) return {};
    throw new BadBody('a JSON body is required');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadBody('the body is not JSON');
  }
}

function isLocal(req: IncomingMessage): boolean {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return false;
  if (!LOOPBACK_HOSTNAMES.has(hostnameOf(header(req, 'host')))) return false;
  const origin = header(req, 'origin');
  if (origin === undefined) return true;
  try {
    return LOOPBACK_HOSTNAMES.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return '';
  }
}

function filterFrom(params: URLSearchParams): RequestFilter {
  const filter: RequestFilter = {};
  const method = params.get('method');
  if (method === 'GET' || method === 'POST') filter.method = method;
  const path = params.get('path');
  if (path === 'status' || path === 'train') filter.path = path;
  const botId = params.get('botId');
  if (botId) filter.botId = botId;
  return filter;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
