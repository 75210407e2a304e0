import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from './faults.js';
import { header, sendHtml, sendJson, sendKoreError, statusText } from './http.js';
import type { JwtVerifier } from './jwt.js';
import type { BotRegistry, BotState, SimBot } from './model.js';
import type { RequestLog } from './recording.js';
import type { Fault, RecordedRequest, RequestKind } from './types.js';

/** What the Kore API endpoints need from the sim. */
export interface ApiContext {
  bots: BotRegistry;
  faults: FaultQueue;
  log: RequestLog;
  verifier: JwtVerifier;
  now: () => number;
}

const STATUS_PATH = /^\/api\/public\/bot\/([^/]+)\/ml\/train\/status\/?$/;
const TRAIN_PATH = /^\/api\/public\/bot\/([^/]+)\/ml\/train\/?$/;
const STATES: readonly BotState[] = ['configured', 'published'];

interface Route {
  kind: RequestKind;
  botId?: string;
  /** Set when the path is known but the method is not: the allowed one. */
  allow?: string;
}

export function route(method: string, path: string): Route {
  const status = STATUS_PATH.exec(path);
  if (status) return known('status', 'GET', method, status[1] as string);
  const train = TRAIN_PATH.exec(path);
  if (train) return known('train', 'POST', method, train[1] as string);
  return { kind: 'other' };
}

function known(kind: 'status' | 'train', allowed: string, method: string, rawBotId: string): Route {
  let botId: string;
  try {
    botId = decodeURIComponent(rawBotId);
  } catch {
    botId = rawBotId;
  }
  return method === allowed ? { kind, botId } : { kind: 'other', botId, allow: allowed };
}

/**
 * The two Kore.ai endpoints: `GET …/ml/train/status` and `POST …/ml/train`. Every request is
 * recorded; faults answer before the sim's own checks (a gateway answers before the platform).
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<void> {
  const seen: { entry?: RecordedRequest } = {};
  try {
    await answerApi(req, res, url, ctx, (entry) => (seen.entry = entry));
  } finally {
    // Also after a sim bug (answered 500 by the server), so no waiter is left hanging.
    if (seen.entry) ctx.log.decided(seen.entry);
  }
}

async function answerApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  recorded: (entry: RecordedRequest) => void,
): Promise<void> {
  const method = req.method ?? 'GET';
  const target = route(method, url.pathname);
  const entry: RecordedRequest = ctx.log.add({
    at: ctx.now(),
    method,
    path: url.pathname,
    kind: target.kind,
    query: Object.fromEntries(url.searchParams),
    authOk: false,
  });
  recorded(entry);
  if (target.botId !== undefined) entry.botId = target.botId;
  const botLanguage = header(req, 'bot-language');
  if (botLanguage !== undefined) entry.botLanguage = botLanguage;
  const answer = (status: number): void => {
    entry.answeredStatus = status;
  };
  // Bodies are not part of this API; drain them so keep-alive connections stay usable.
  req.resume();

  if (target.kind === 'other') {
    if (target.allow) {
      answer(405);
      sendKoreError(res, 405, `Method ${method} not allowed`, { allow: target.allow });
    } else {
      answer(404);
      sendKoreError(res, 404, 'Not found');
    }
    return;
  }
  const kind = target.kind;
  const botId = target.botId as string;

  const verified = await ctx.verifier.verify(header(req, 'auth'));
  if (verified.ok) {
    entry.authOk = true;
    entry.claims = verified.claims;
  } else {
    entry.authError = verified.reason;
  }

  const fault = ctx.faults.take(kind, botId);
  if (fault) {
    entry.fault = fault.kind;
    applyFault(req, res, fault, ctx, entry, answer);
    return;
  }
  if (!verified.ok) {
    answer(401);
    sendKoreError(res, 401, verified.reason);
    return;
  }
  const bot = ctx.bots.get(botId);
  if (!bot) {
    answer(404);
    sendKoreError(res, 404, 'Bot not found');
    return;
  }
  if (!bot.hasScope) {
    answer(403);
    sendKoreError(res, 403, 'The app does not have the Train ML scope for this bot');
    return;
  }
  const language = (kind === 'status' ? url.searchParams.get('language') : botLanguage) || bot.defaultLanguage;
  if (!bot.hasLanguage(language)) {
    answer(400);
    sendKoreError(res, 400, `Language ${language} is not enabled for this bot`);
    return;
  }
  if (kind === 'status') {
    const state = url.searchParams.get('state') || 'configured';
    if (!(STATES as readonly string[]).includes(state)) {
      answer(400);
      sendKoreError(res, 400, 'state must be configured or published');
      return;
    }
    answer(200);
    sendJson(res, 200, bot.status(language, state as BotState, ctx.now()));
    return;
  }
  const trainingId = bot.startTraining(language, ctx.now(), true);
  answer(200);
  sendJson(res, 200, [{ message: 'Training Queued.', Training_ID: trainingId }]);
}

function applyFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault,
  ctx: ApiContext,
  entry: RecordedRequest,
  answer: (status: number) => void,
): void {
  switch (fault.kind) {
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      const headers: Record<string, string> = {};
      if (!fault.noRetryAfter) {
        headers['retry-after'] = fault.retryAfterDate ? new Date(ctx.now() + seconds * 1000).toUTCString() : String(seconds);
      }
      answer(429);
      sendKoreError(res, 429, 'Too many requests, please retry later', headers);
      return;
    }
    case 'server-error': {
      const status = fault.status ?? 500;
      answer(status);
      sendKoreError(res, status, statusText(status));
      return;
    }
    case 'reset':
      req.socket.destroy();
      return;
    case 'hang':
      // Held until the client gives up or the sim closes (which destroys every socket).
      return;
    case 'non-json': {
      const status = fault.status ?? 200;
      answer(status);
      sendHtml(res, status);
      return;
    }
    case 'unknown-status': {
      const bot: SimBot | undefined = entry.botId === undefined ? undefined : ctx.bots.get(entry.botId);
      const value = fault.value ?? 'Queued';
      answer(200);
      sendJson(res, 200, bot ? bot.unknownStatus(value) : { trainingStatus: value });
      return;
    }
    case 'unauthorized':
      answer(401);
      sendKoreError(res, 401, 'Unauthorized');
      return;
  }
}
