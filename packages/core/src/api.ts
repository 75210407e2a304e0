import { offAbort, onAbort, type AbortListener } from './abort-fanout.js';
import { tooLarge } from './body.js';
import { isKoreError, KoreError, type KoreApiErrorDetail, type KoreErrorCode } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import { safeText } from './redact.js';
import { safeJson } from './safe-json.js';
import { throwIfAborted, abortedError, sleepSafely, type Clock, type Sleep, type Timer } from './time.js';
import type { TokenSigner } from './token.js';
import type { HttpResponse, Transport } from './transport.js';

export interface ApiCall {
  method: 'GET' | 'POST';
  /** The bot the call is about: Kore.ai's rate limits count per bot. */
  botId: string;
  /** Below the base URL, e.g. `/api/public/bot/st-1/ml/train/status`. */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  /** The whole call, from waiting for the rate limit to the last byte of the body. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ApiContext {
  baseUrl: string;
  signer: TokenSigner;
  transport: Transport;
  clock: Clock;
  /** For waiting on the rate limit. */
  sleep: Sleep;
  /** Times the whole-request deadline, so that it holds even for a transport that ignores its signal. */
  timer: Timer;
  limiter: RateLimiter;
  maxResponseBytes: number;
  userAgent: string;
  /** Strings that must never appear in an error: the client secret and private key. */
  secrets: readonly string[];
  onRequest?: (info: { method: string; path: string; status?: number; durationMs: number; error?: KoreErrorCode }) => void;
}

/** One authenticated request, its answer mapped to JSON or to a KoreError with a stable code. */
export async function callKoreApi(ctx: ApiContext, call: ApiCall, counter: { requests: number }): Promise<unknown> {
  throwIfAborted(call.signal);
  const started = ctx.clock.now();
  await awaitRateLimit(ctx, call);
  const token = await ctx.signer.token();
  throwIfAborted(call.signal); // signing is async: never send after an abort that came meanwhile
  const url = new URL(ctx.baseUrl + call.path);
  for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  const headers: Record<string, string> = {
    auth: token,
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'User-Agent': ctx.userAgent,
  };
  for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) headers[name] = value;

  const timeoutMs = Math.max(1, call.timeoutMs - (ctx.clock.now() - started));
  const sentAt = ctx.clock.now();
  counter.requests++;
  let response: HttpResponse;
  try {
    response = await sendWithDeadline(ctx, call, { method: call.method, url: url.toString(), headers, timeoutMs, maxBodyBytes: ctx.maxResponseBytes });
  } catch (error) {
    const mapped = transportError(error, call, timeoutMs, ctx);
    ctx.onRequest?.({ method: call.method, path: call.path, durationMs: ctx.clock.now() - sentAt, error: mapped.code });
    throw mapped;
  }
  ctx.onRequest?.({ method: call.method, path: call.path, status: response.status, durationMs: ctx.clock.now() - sentAt });
  if (response.status >= 200 && response.status < 300) return parseBody(response.body, ctx);
  throw httpError(response, ctx);
}

/**
 * Waits until Kore.ai's rate limit for the bot allows a request, within the call's time, and takes the slot. A wait that would
 * outlast it is a local RATE_LIMITED (retryable, nothing sent) that says when to try again.
 */
async function awaitRateLimit(ctx: ApiContext, call: ApiCall): Promise<void> {
  for (;;) {
    const delay = ctx.limiter.delayMs(call.botId);
    if (delay <= 0) {
      ctx.limiter.take(call.botId); // at once: concurrent calls must not all see the same free slot
      return;
    }
    if (delay >= call.timeoutMs) {
      throw new KoreError('RATE_LIMITED', `Held back to stay within Kore.ai's rate limit for bot ${call.botId}: the next request may go in ${Math.ceil(delay / 1000)} s`, { retryAfterMs: delay });
    }
    await sleepSafely(ctx.sleep, delay, call.signal);
  }
}

/** Marks the transport's rejection when the deadline, not the transport, ended the request. */
class DeadlineReached extends Error {}

/**
 * Sends through the transport, and gives up at `timeoutMs` whatever the transport does: the deadline covers
 * connecting, the headers and the whole body, and holds even for a transport that ignores its signal.
 */
function sendWithDeadline(ctx: ApiContext, call: ApiCall, request: Parameters<Transport>[0] & { timeoutMs: number }): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    // The transport's signal: aborted by the deadline or by the caller, whichever comes first.
    const stop = new AbortController();
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      cancelDeadline();
      if (caller) offAbort(call.signal!, caller);
      return true;
    };
    const fail = (error: Error): void => {
      if (!settle()) return;
      stop.abort(error);
      reject(error);
    };
    // Through the shared fan-out: many concurrent calls on one caller signal add one listener, not one each.
    const caller: AbortListener | undefined = call.signal ? { onAbort: () => fail(abortedError(call.signal)) } : undefined;
    const cancelDeadline = ctx.timer(request.timeoutMs, () => fail(new DeadlineReached()));
    if (caller) onAbort(call.signal!, caller);
    ctx.transport({ ...request, signal: stop.signal }).then(
      (response) => settle() && resolve(response),
      (error: unknown) => settle() && reject(error),
    );
  });
}

/** The answer as JSON, every string in it safe to show; any body at all ends in a value or a BAD_RESPONSE. */
function parseBody(body: unknown, ctx: ApiContext): unknown {
  if (typeof body !== 'string') {
    if (body === undefined || body === null) throw new KoreError('BAD_RESPONSE', 'Kore.ai answered with an empty body');
    return safeJson(body, ctx.secrets); // a transport that already parsed JSON
  }
  // A transport that could not stop reading early is still held to the cap.
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a long body needs counting.
  const max = ctx.maxResponseBytes;
  if (body.length > max || (body.length * 3 > max && Buffer.byteLength(body, 'utf8') > max)) throw tooLarge(max);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const start = body.trim();
    throw new KoreError('BAD_RESPONSE', `Kore.ai answered with a body that is not JSON (${start === '' ? 'empty' : `starts with "${safeText(start.slice(0, 20), ctx.secrets)}"`})`);
  }
  return safeJson(parsed, ctx.secrets);
}

const STATUS_CODES: Record<number, { code: KoreErrorCode; text: string }> = {
  400: { code: 'BAD_REQUEST', text: 'Kore.ai refused the request as malformed' },
  401: { code: 'UNAUTHORIZED', text: 'Kore.ai rejected the JWT: check the client id, client secret (or private key) and algorithm' },
  403: { code: 'FORBIDDEN', text: 'Kore.ai refused access: give the app the "Train ML" API scope for this bot' },
  404: { code: 'NOT_FOUND', text: 'Kore.ai does not know this bot: check the bot id (or stream id) and the host' },
  429: { code: 'RATE_LIMITED', text: 'Kore.ai is rate limiting the requests' },
};

function httpError(response: HttpResponse, ctx: ApiContext): KoreError {
  const details = errorDetails(response.body, ctx.secrets);
  const known = STATUS_CODES[response.status];
  const code: KoreErrorCode = known?.code ?? (response.status >= 500 ? 'SERVER_ERROR' : 'BAD_RESPONSE');
  const redirect = response.status >= 300 && response.status < 400;
  const text = known?.text ?? (response.status >= 500
    ? 'Kore.ai had a server error'
    : redirect
      ? 'Kore.ai answered with a redirect, which is not followed so that the token goes nowhere else: check the host'
      : 'Kore.ai answered with an unexpected status');
  const said = details.length ? `: ${details.map((d) => d.msg).join('; ')}` : '';
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], ctx.clock.now());
  return new KoreError(code, `${text} (HTTP ${response.status})${said}`, {
    httpStatus: response.status,
    ...(details.length ? { details } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function errorDetails(body: unknown, secrets: readonly string[]): KoreApiErrorDetail[] {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
  }
  try {
    parsed = safeJson(parsed, secrets);
  } catch {
    return []; // nested too deep to be Kore.ai's error body
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { msg: unknown; code?: unknown } => e !== null && typeof e === 'object' && 'msg' in e)
    .slice(0, 5)
    .map((e) => ({
      msg: safeText(String(e.msg).slice(0, 300), secrets),
      ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    }));
}

/**
 * `Retry-After` is either seconds or an HTTP date; anything else (negative, garbage) is ignored. The waiters
 * clamp it to the time they have left, so a huge one only means "not before the deadline".
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Math.round(Number(trimmed) * 1000), Number.MAX_SAFE_INTEGER);
  if (!/[a-z]/i.test(trimmed)) return undefined; // a bare number of another shape, e.g. negative
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the connection was refused',
  ETIMEDOUT: 'no answer came in time',
  ECONNABORTED: 'no answer came in time',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  EPIPE: 'the connection closed while sending',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'the connection timed out',
};

function transportError(error: unknown, call: ApiCall, timeoutMs: number, ctx: ApiContext): KoreError {
  if (call.signal?.aborted) return abortedError(call.signal);
  if (error instanceof DeadlineReached) {
    return new KoreError('NETWORK', `Could not get an answer from Kore.ai at ${new URL(ctx.baseUrl).host}: no complete answer within ${Math.round(timeoutMs)} ms`, {
      cause: { name: 'Error', code: 'ETIMEDOUT', message: 'request deadline reached' },
    });
  }
  if (isKoreError(error)) return error;
  const record = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof record.code === 'string' ? record.code : undefined;
  const name = typeof record.name === 'string' ? record.name : 'Error';
  // Only the code and a redacted message survive: HTTP client errors carry the request headers.
  const message = safeText(typeof record.message === 'string' ? record.message : String(error), ctx.secrets).slice(0, 200);
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message);
  const reason = (code && NETWORK_REASONS[code]) ?? (timedOut ? `no answer within ${Math.round(timeoutMs)} ms` : message);
  return new KoreError('NETWORK', `Could not get an answer from Kore.ai at ${new URL(ctx.baseUrl).host}: ${reason}`, {
    cause: { name, ...(code ? { code: timedOut ? 'ETIMEDOUT' : code } : timedOut ? { code: 'ETIMEDOUT' } : {}), message },
  });
}
