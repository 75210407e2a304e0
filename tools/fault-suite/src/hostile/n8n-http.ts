import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
// n8n-workflow lives in the n8n package's own node_modules: its type comes through the node's transport.
import type { HttpRequestHelper } from '../../../../packages/n8n-nodes-kore-train/nodes/KoreAiMlTraining/v1/helpers/transport';

type IHttpRequestOptions = Parameters<HttpRequestHelper>[0];

/**
 * n8n's `httpRequest` helper as far as the Kore.ai node uses it, over fetch, including what the
 * package's own test harness leaves out: `encoding: 'stream'` hands the body over as a decompressed
 * Node stream (as n8n's axios does) instead of text read to the end, so the node's size cap is what
 * bounds memory, as it is in n8n.
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
