import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * n8n's `httpRequest` helper as far as the Kore.ai node uses it, over fetch. `encoding: 'stream'` hands the body
 * over as a decompressed Node stream (as n8n's axios does) instead of text read to the end, so the node's size
 * cap is what bounds memory, as it is in n8n. Shared by this package's harness and the fault suite's hostile n8n
 * surface.
 */
export async function streamingHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeout ?? 300_000);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal as AbortSignal, timeout]) : timeout;
  const response = await fetch(options.url, {
    method: options.method ?? 'GET',
    headers: options.headers as Record<string, string>,
    redirect: options.disableFollowRedirect ? 'manual' : 'follow',
    signal,
  });
  if (!options.ignoreHttpStatusErrors && response.status >= 400) {
    await response.body?.cancel();
    throw new Error(`Request failed with status code ${response.status}`);
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const body =
    options.encoding === 'stream'
      ? response.body
        ? Readable.fromWeb(response.body as ReadableStream<Uint8Array>)
        : Readable.from([])
      : await response.text();
  return options.returnFullResponse ? { statusCode: response.status, headers, body, statusMessage: response.statusText } : body;
}
