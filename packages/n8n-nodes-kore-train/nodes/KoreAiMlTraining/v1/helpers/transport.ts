import * as workflow from 'n8n-workflow';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { KoreError, readBodyCapped, type HttpRequest, type HttpResponse, type Sleep, type Transport } from '@kore-train/core/engine';

/** `this.helpers.httpRequest` of an execution: n8n's proxy, TLS and SSRF settings apply to it. */
export type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** The helpers of a credential test: n8n (2.40) gives it only the legacy `request`. */
export interface LegacyRequestHelpers {
  request: (uriOrObject: string | object, options?: object) => Promise<unknown>;
}

interface FullResponse {
  statusCode?: unknown;
  headers?: unknown;
  body?: unknown;
}

/** A body as n8n's helpers return it when asked to stream (axios's decompressed IncomingMessage). */
interface BodyStream extends AsyncIterable<Uint8Array | string> {
  destroy?: (error?: Error) => unknown;
  destroyed?: boolean;
}

function isBodyStream(body: unknown): body is BodyStream {
  return typeof body === 'object' && body !== null && typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function';
}

/**
 * The body as text, read through the core's size cap: reading stops (and the socket closes) once the
 * decompressed body passes `maxBodyBytes`, so an oversized answer never fills n8n's memory. A host that
 * ignored the stream option hands over text or a Buffer, whose size the core checks.
 */
async function readBody(body: unknown, request: HttpRequest): Promise<unknown> {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (!isBodyStream(body)) return body;
  // An abort while the body streams in must close the socket, not wait for the server to finish.
  const stop = (): void => void body.destroy?.(new Error('aborted'));
  request.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await readBodyCapped(body, request.maxBodyBytes);
  } catch (error) {
    throw error instanceof KoreError ? error : sanitizedError(error);
  } finally {
    request.signal?.removeEventListener('abort', stop);
    if (body.destroyed === false) body.destroy?.();
  }
}

async function toHttpResponse(response: unknown, request: HttpRequest): Promise<HttpResponse> {
  const full = (response ?? {}) as FullResponse;
  if (typeof full.statusCode !== 'number') {
    if (isBodyStream(full.body)) full.body.destroy?.();
    throw new KoreError('BAD_RESPONSE', 'The n8n HTTP helper returned no status code');
  }
  const headers: Record<string, string | undefined> = {};
  const raw = full.headers && typeof full.headers === 'object' ? (full.headers as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(raw)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value == null ? undefined : String(value);
  }
  return { status: full.statusCode, headers, body: await readBody(full.body, request) };
}

/**
 * HTTP client errors carry the request (and so the `auth` header with the JWT) in their config.
 * Only the name, code and message go on, and the core redacts the message again.
 */
function sanitizedError(error: unknown): Error {
  const record = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const clean = new Error(typeof record.message === 'string' ? record.message : 'request failed') as Error & { code?: string };
  clean.name = typeof record.name === 'string' ? record.name : 'Error';
  if (typeof record.code === 'string') clean.code = record.code;
  return clean;
}

/** The core's transport, sent through n8n's `httpRequest` helper. */
export function httpRequestTransport(httpRequest: HttpRequestHelper): Transport {
  return async (request: HttpRequest) => {
    let response: unknown;
    try {
      response = await httpRequest({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        timeout: Math.max(1, Math.ceil(request.timeoutMs)),
        ...(request.signal ? { abortSignal: request.signal } : {}),
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
        // Never carry the token to wherever a redirect points.
        disableFollowRedirect: true,
        // Streamed, so the size cap holds while reading; the core parses the text and reports a
        // non-JSON answer precisely.
        encoding: 'stream',
        json: false,
      });
    } catch (error) {
      throw sanitizedError(error);
    }
    return toHttpResponse(response, request);
  };
}

/** The core's transport for a credential test, through n8n's legacy `request` helper. */
export function legacyRequestTransport(helpers: LegacyRequestHelpers): Transport {
  return async (req: HttpRequest) => {
    let response: unknown;
    try {
      response = await helpers.request({
        method: req.method,
        uri: req.url,
        headers: { ...req.headers },
        timeout: Math.max(1, Math.ceil(req.timeoutMs)),
        resolveWithFullResponse: true,
        simple: false,
        followRedirect: false,
        json: false,
        // Streamed through the size cap, as in httpRequestTransport.
        useStream: true,
      });
    } catch (error) {
      throw sanitizedError(error);
    }
    return toHttpResponse(response, req);
  };
}

function abortReason(signal: AbortSignal): KoreError {
  const reason: unknown = signal.reason;
  if (reason instanceof KoreError) return reason;
  return new KoreError('ABORTED', 'The operation was aborted');
}

type SleepWithSignal = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * n8n-workflow's abortable sleep, whichever this n8n has: `sleep(ms, signal)` in newer versions,
 * `sleepWithAbort(ms, signal)` in older ones (whose `sleep(ms)` has no signal and would leave the
 * timer of a long wait's deadline running after the wait ended).
 */
function pickSleep(): SleepWithSignal {
  const exports = workflow as unknown as { sleep: SleepWithSignal; sleepWithAbort?: SleepWithSignal };
  if (exports.sleep.length >= 2 || typeof exports.sleepWithAbort !== 'function') return exports.sleep;
  return exports.sleepWithAbort;
}

const n8nSleep = pickSleep();

/**
 * The core's `sleep`, built on n8n-workflow's: resolves after `ms`, rejects at once with an ABORTED
 * KoreError when the signal (the execution's cancel signal, combined by the core with its own) aborts.
 */
export const abortableSleep: Sleep = (ms, signal) => {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal as AbortSignal));
    signal?.addEventListener('abort', onAbort, { once: true });
    n8nSleep(Math.max(0, ms), signal).then(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? abortReason(signal) : error);
      },
    );
  });
};
