/**
 * The transports over n8n's helpers ask n8n for a streamed, unparsed, unredirected answer, and the body then
 * goes through the core's size cap (an endless answer is cut off). How a streamed body is read, aborted and
 * sanitized is core's (`packages/core/test/http-response.spec.ts`).
 */
import { Readable } from 'node:stream';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { isKoreError, type HttpRequest } from '@kore-train/core';
import { endlessBody, jwtShaped } from '@kore-train/testkit';
import { httpRequestTransport, legacyRequestTransport } from '../nodes/KoreAiMlTraining/v1/helpers/transport';

const JWT = jwtShaped({ appId: 'cs-1' });

function request(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'GET',
    url: 'http://127.0.0.1:1/api/public/bot/st-1/ml/train/status',
    headers: { auth: JWT },
    timeoutMs: 5_000,
    maxBodyBytes: 1_024,
    ...overrides,
  };
}

function fullResponse(body: unknown, statusCode = 200): unknown {
  return { statusCode, headers: { 'Content-Type': 'application/json', 'X-Many': ['a', 'b'] }, body };
}

describe('httpRequestTransport', () => {
  it('asks n8n for a streamed, unparsed, unredirected answer and returns its text', async () => {
    const calls: IHttpRequestOptions[] = [];
    const transport = httpRequestTransport(async (options) => {
      calls.push(options);
      return fullResponse(Readable.from([Buffer.from('{"trainingStatus":'), '"Finished"}']));
    });

    const response = await transport(request());

    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-many': 'a, b' },
      body: '{"trainingStatus":"Finished"}',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ encoding: 'stream', json: false, returnFullResponse: true, disableFollowRedirect: true, ignoreHttpStatusErrors: true });
  });

  it('stops reading an endless body once it passes maxBodyBytes and closes it', async () => {
    const body = endlessBody('x'.repeat(100));
    const transport = httpRequestTransport(async () => fullResponse(body));

    const failure = await transport(request({ maxBodyBytes: 1_000 })).catch((error: unknown) => error);

    expect(isKoreError(failure) && failure.code).toBe('BAD_RESPONSE');
    expect(String((failure as Error).message)).toContain('1000 bytes');
    expect(body.destroyed).toBe(true);
    // 11 chunks pass the cap; the stream's read-ahead may ask for a few more, never many.
    expect(body.pulled).toBeLessThan(50);
  });
});

describe('legacyRequestTransport', () => {
  it('asks the legacy helper for a stream and caps it the same way', async () => {
    const calls: object[] = [];
    const small = legacyRequestTransport({
      request: async (options) => {
        calls.push(options as object);
        return fullResponse(Readable.from(['{"errors":[]}']), 404);
      },
    });
    const response = await small(request());
    expect(response).toMatchObject({ status: 404, body: '{"errors":[]}' });
    expect(calls[0]).toMatchObject({ useStream: true, resolveWithFullResponse: true, simple: false, followRedirect: false, json: false });

    const body = endlessBody('y'.repeat(64));
    const large = legacyRequestTransport({ request: async () => fullResponse(body) });
    await expect(large(request({ maxBodyBytes: 256 }))).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    expect(body.destroyed).toBe(true);
  });
});
