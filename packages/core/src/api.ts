import { isKoreError, KoreError, type KoreApiErrorDetail, type KoreErrorCode } from './errors.js';
import { redact } from './redact.js';
import { throwIfAborted, abortedError, type Clock } from './time.js';
import type { TokenSigner } from './token.js';
import type { HttpResponse, Transport } from './transport.js';

export interface ApiCall {
  method: 'GET' | 'POST';
  /** Below the base URL, e.g. `/api/public/bot/st-1/ml/train/status`. */
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ApiContext {
  baseUrl: string;
  signer: TokenSigner;
  transport: Transport;
  clock: Clock;
  userAgent: string;
  /** Strings that must never appear in an error: the client secret and private key. */
  secrets: readonly string[];
  onRequest?: (info: { method: string; path: string; status?: number; durationMs: number; error?: KoreErrorCode }) => void;
}

/** One authenticated request, its answer mapped to JSON or to a KoreError with a stable code. */
export async function callKoreApi(ctx: ApiContext, call: ApiCall, counter: { requests: number }): Promise<unknown> {
  throwIfAborted(call.signal);
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

  const started = ctx.clock.now();
  counter.requests++;
  let response: HttpResponse;
  try {
    response = await ctx.transport({ method: call.method, url: url.toString(), headers, timeoutMs: call.timeoutMs, signal: call.signal });
  } catch (error) {
    const mapped = transportError(error, call, ctx);
    ctx.onRequest?.({ method: call.method, path: call.path, durationMs: ctx.clock.now() - started, error: mapped.code });
    throw mapped;
  }
  ctx.onRequest?.({ method: call.method, path: call.path, status: response.status, durationMs: ctx.clock.now() - started });
  if (response.status >= 200 && response.status < 300) return parseBody(response.body);
  throw httpError(response, ctx);
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') {
    if (body === undefined || body === null) throw new KoreError('BAD_RESPONSE', 'Kore.ai answered with an empty body');
    return body; // a transport that already parsed JSON
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new KoreError('BAD_RESPONSE', `Kore.ai answered with a body that is not JSON (${body.trim() === '' ? 'empty' : `starts with ${JSON.stringify(body.trim().slice(0, 20))}`})`);
  }
}

const STATUS_CODES: Record<number, { code: KoreErrorCode; text: string }> = {
  400: { code: 'INVALID_INPUT', text: 'Kore.ai refused the request as malformed' },
  401: { code: 'UNAUTHORIZED', text: 'Kore.ai rejected the JWT: check the client id, client secret (or private key) and algorithm' },
  403: { code: 'FORBIDDEN', text: 'Kore.ai refused access: give the app the "Train ML" API scope for this bot' },
  404: { code: 'NOT_FOUND', text: 'Kore.ai does not know this bot: check the bot id (or stream id) and the host' },
  429: { code: 'RATE_LIMITED', text: 'Kore.ai is rate limiting the requests' },
};

function httpError(response: HttpResponse, ctx: ApiContext): KoreError {
  const details = errorDetails(response.body, ctx.secrets);
  const known = STATUS_CODES[response.status];
  const code: KoreErrorCode = known?.code ?? (response.status >= 500 ? 'SERVER_ERROR' : 'BAD_RESPONSE');
  const text = known?.text ?? (response.status >= 500 ? 'Kore.ai had a server error' : 'Kore.ai answered with an unexpected status');
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
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { msg: unknown; code?: unknown } => e !== null && typeof e === 'object' && 'msg' in e)
    .slice(0, 5)
    .map((e) => ({
      msg: redact(String(e.msg).slice(0, 300), secrets),
      ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    }));
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
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

function transportError(error: unknown, call: ApiCall, ctx: ApiContext): KoreError {
  if (call.signal?.aborted) return abortedError(call.signal);
  if (isKoreError(error)) return error;
  const record = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof record.code === 'string' ? record.code : undefined;
  const name = typeof record.name === 'string' ? record.name : 'Error';
  // Only the code and a redacted message survive: HTTP client errors carry the request headers.
  const message = redact(typeof record.message === 'string' ? record.message : String(error), ctx.secrets).slice(0, 200);
  const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message);
  const reason = (code && NETWORK_REASONS[code]) ?? (timedOut ? `no answer within ${Math.round(call.timeoutMs)} ms` : message);
  return new KoreError('NETWORK', `Could not get an answer from Kore.ai at ${new URL(ctx.baseUrl).host}: ${reason}`, {
    cause: { name, ...(code ? { code: timedOut ? 'ETIMEDOUT' : code } : timedOut ? { code: 'ETIMEDOUT' } : {}), message },
  });
}
