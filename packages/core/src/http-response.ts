/**
 * A host's own HTTP helper (n8n's `httpRequest` and legacy `request`, and any helper that answers Node-style
 * `{ statusCode, headers, body }`) as core's `Transport`. Why here: what the answer means, how much of it may be
 * read, and what of a failure may be passed on are core's rules; the host only knows which helper to call and
 * what its options are called. HTTP clients put the request (the JWT in its `auth` header) on their errors,
 * so only a sanitized copy of an error ever leaves.
 */
import { readBodyCapped } from './body.js';
import { KoreError } from './errors.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

/** A body as Node's HTTP clients hand it over when asked to stream (an IncomingMessage, a Readable). */
interface BodyStream extends AsyncIterable<Uint8Array | string> {
  destroy?: (error?: Error) => unknown;
  destroyed?: boolean;
}

function isBodyStream(body: unknown): body is BodyStream {
  return typeof body === 'object' && body !== null && typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function';
}

/** An HTTP client's error reduced to its name, code and message: no config, request or headers. */
export function sanitizeHttpError(error: unknown): Error {
  const record = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const message = typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : 'request failed';
  const clean = new Error(message) as Error & { code?: string };
  clean.name = typeof record.name === 'string' ? record.name : 'Error';
  if (typeof record.code === 'string') clean.code = record.code;
  return clean;
}

/** Header names lower-cased, repeated headers joined with ", " (as Node does for most of them). */
export function lowerCaseHeaders(raw: unknown): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  if (typeof raw !== 'object' || raw === null) return headers;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value == null ? undefined : String(value);
  }
  return headers;
}

/**
 * The body as text, read through the size cap: reading stops (and the socket closes) once the decompressed body
 * passes `maxBodyBytes`, and an abort while it streams in closes the socket at once. A helper that ignored the
 * stream option hands over text or a Buffer, which the core's parser checks for size.
 */
async function readBody(body: unknown, request: HttpRequest): Promise<unknown> {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (!isBodyStream(body)) return body;
  const stop = (): void => void body.destroy?.(new Error('aborted'));
  request.signal?.addEventListener('abort', stop, { once: true });
  try {
    return await readBodyCapped(body, request.maxBodyBytes);
  } catch (error) {
    throw error instanceof KoreError ? error : sanitizeHttpError(error);
  } finally {
    request.signal?.removeEventListener('abort', stop);
    if (body.destroyed === false) body.destroy?.();
  }
}

/** A Node-style full response as core's `HttpResponse`; `helper` names the HTTP helper in the error. */
export async function toHttpResponse(response: unknown, request: HttpRequest, helper = 'The HTTP helper'): Promise<HttpResponse> {
  const full = (typeof response === 'object' && response !== null ? response : {}) as { statusCode?: unknown; headers?: unknown; body?: unknown };
  if (typeof full.statusCode !== 'number') {
    if (isBodyStream(full.body)) full.body.destroy?.();
    throw new KoreError('BAD_RESPONSE', `${helper} returned no status code`);
  }
  return { status: full.statusCode, headers: lowerCaseHeaders(full.headers), body: await readBody(full.body, request) };
}

/**
 * Core's transport on a host's helper: `send` makes the one call, in the helper's own option names, asking for
 * the full response (every status), no redirects and a streamed body; the rest is done here.
 */
export function fullResponseTransport(send: (request: HttpRequest) => Promise<unknown>, helper?: string): Transport {
  return async (request) => {
    let response: unknown;
    try {
      response = await send(request);
    } catch (error) {
      throw sanitizeHttpError(error);
    }
    return toHttpResponse(response, request, helper);
  };
}
