import * as workflow from 'n8n-workflow';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { abortableSleep, fullResponseTransport, type HostSleep, type Sleep, type Transport } from '@kore-train/core/engine';

/** `this.helpers.httpRequest` of an execution: n8n's proxy, TLS and SSRF settings apply to it. */
export type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** The helpers of a credential test: n8n (2.40) gives it only the legacy `request`. */
export interface LegacyRequestHelpers {
  request: (uriOrObject: string | object, options?: object) => Promise<unknown>;
}

/**
 * The core's transport, sent through n8n's `httpRequest` helper: the full answer whatever its status, no
 * redirect (the token must not follow one), and the body streamed so that core's size cap holds while reading.
 */
export function httpRequestTransport(httpRequest: HttpRequestHelper): Transport {
  return fullResponseTransport(
    (request) =>
      httpRequest({
        method: request.method,
        url: request.url,
        headers: { ...request.headers },
        timeout: Math.max(1, Math.ceil(request.timeoutMs)),
        ...(request.signal ? { abortSignal: request.signal } : {}),
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
        disableFollowRedirect: true,
        encoding: 'stream',
        json: false,
      }),
    "n8n's httpRequest helper",
  );
}

/** The core's transport for a credential test, through n8n's legacy `request` helper, asking for the same. */
export function legacyRequestTransport(helpers: LegacyRequestHelpers): Transport {
  return fullResponseTransport(
    (request) =>
      helpers.request({
        method: request.method,
        uri: request.url,
        headers: { ...request.headers },
        timeout: Math.max(1, Math.ceil(request.timeoutMs)),
        resolveWithFullResponse: true,
        simple: false,
        followRedirect: false,
        json: false,
        useStream: true,
      }),
    "n8n's request helper",
  );
}

/**
 * n8n-workflow's abortable sleep, whichever this n8n has: `sleep(ms, signal)` in newer versions,
 * `sleepWithAbort(ms, signal)` in older ones (whose `sleep(ms)` has no signal and would leave the
 * timer of a long wait's deadline running after the wait ended).
 */
function pickSleep(): HostSleep {
  const exports = workflow as unknown as { sleep: HostSleep; sleepWithAbort?: HostSleep };
  if (exports.sleep.length >= 2 || typeof exports.sleepWithAbort !== 'function') return exports.sleep;
  return exports.sleepWithAbort;
}

/** The core's `sleep` on n8n-workflow's: rejects at once with an ABORTED KoreError when the signal aborts. */
export const n8nSleep: Sleep = abortableSleep(pickSleep());
