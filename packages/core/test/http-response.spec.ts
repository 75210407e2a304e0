import { Readable } from 'node:stream';
import { fullResponseTransport, lowerCaseHeaders, sanitizeHttpError, toHttpResponse } from '../src/http-response.js';
import { isKoreError } from '../src/errors.js';
import type { HttpRequest } from '../src/transport.js';
import { endlessBody, jwtShaped } from '@kore-train/testkit';

const JWT = jwtShaped({ appId: 'cs-1' });

function request(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url: 'http://127.0.0.1:1/status', headers: { auth: JWT }, timeoutMs: 5_000, maxBodyBytes: 1_024, ...overrides };
}

const full = (body: unknown, statusCode = 200): unknown => ({ statusCode, headers: { 'Content-Type': 'application/json', 'X-Many': ['a', 'b'], 'X-None': null }, body });

describe('toHttpResponse', () => {
  it('lower-cases and joins the headers and reads a streamed body as text', async () => {
    const response = await toHttpResponse(full(Readable.from([Buffer.from('{"trainingStatus":'), '"Finished"}'])), request());
    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-many': 'a, b', 'x-none': undefined },
      body: '{"trainingStatus":"Finished"}',
    });
  });

  it('stops reading an endless body past maxBodyBytes and destroys it', async () => {
    const body = endlessBody('x'.repeat(100));
    const failure = await toHttpResponse(full(body), request({ maxBodyBytes: 1_000 })).catch((error: unknown) => error);
    expect(isKoreError(failure) && failure.code).toBe('BAD_RESPONSE');
    expect(body.destroyed).toBe(true);
    expect(body.pulled).toBeLessThan(50);
  });

  it('accepts a body of exactly maxBodyBytes and destroys the stream after reading', async () => {
    const body = Readable.from([Buffer.alloc(1_024, 0x20)]);
    const response = await toHttpResponse(full(body), request());
    expect(response.body).toHaveLength(1_024);
    expect(body.destroyed).toBe(true);
  });

  it('destroys the stream when the request aborts mid-body', async () => {
    const controller = new AbortController();
    let reads = 0;
    const body = new Readable({
      read() {
        if (++reads === 1) this.push('{"trainingStatus":');
        else if (!controller.signal.aborted) controller.abort();
      },
    });
    const failure = await toHttpResponse(full(body), request({ signal: controller.signal })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(body.destroyed).toBe(true);
  });

  it('hands on a stream error with its name, code and message only', async () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', config: { headers: { auth: JWT } } });
    const body = new Readable({
      read() {
        this.destroy(error);
      },
    });
    const failure = (await toHttpResponse(full(body), request()).catch((e: unknown) => e)) as Error & { code?: string };
    expect(failure).toMatchObject({ name: 'Error', code: 'ECONNRESET', message: 'socket hang up' });
    expect(JSON.stringify(failure)).not.toContain(JWT);
  });

  it('takes text or a Buffer from a helper that did not stream', async () => {
    expect((await toHttpResponse(full('{"a":1}'), request())).body).toBe('{"a":1}');
    expect((await toHttpResponse(full(Buffer.from('{"b":2}')), request())).body).toBe('{"b":2}');
  });

  it('refuses an answer without a status code, naming the helper, and destroys its body', async () => {
    const body = endlessBody('x');
    await expect(toHttpResponse({ body }, request(), "n8n's helper")).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: "n8n's helper returned no status code" });
    expect(body.destroyed).toBe(true);
    await expect(toHttpResponse(undefined, request())).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('sanitizeHttpError', () => {
  it('keeps name, code and message, and nothing of the request', () => {
    const raw = Object.assign(new TypeError('connect ECONNREFUSED'), { code: 'ECONNREFUSED', config: { headers: { auth: JWT } }, request: { auth: JWT } });
    const clean = sanitizeHttpError(raw) as Error & { code?: string };
    expect(clean).toMatchObject({ name: 'TypeError', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    expect(Object.keys(clean).sort()).toEqual(['code', 'name']);
    expect(JSON.stringify(clean)).not.toContain(JWT);
  });

  it('makes an error of anything thrown', () => {
    expect(sanitizeHttpError('boom').message).toBe('boom');
    expect(sanitizeHttpError(undefined).message).toBe('request failed');
    expect(sanitizeHttpError({ code: 42 })).not.toHaveProperty('code');
  });
});

describe('lowerCaseHeaders', () => {
  it('is empty for no headers', () => {
    expect(lowerCaseHeaders(undefined)).toEqual({});
    expect(lowerCaseHeaders('x')).toEqual({});
    expect(lowerCaseHeaders({ 'Retry-After': 5 })).toEqual({ 'retry-after': '5' });
  });
});

describe('fullResponseTransport', () => {
  it('passes the request to the helper call and converts its answer', async () => {
    const seen: HttpRequest[] = [];
    const transport = fullResponseTransport(async (req) => {
      seen.push(req);
      return full(Readable.from(['{"errors":[]}']), 404);
    });
    const req = request();
    await expect(transport(req)).resolves.toMatchObject({ status: 404, body: '{"errors":[]}' });
    expect(seen).toEqual([req]);
  });

  it('sanitizes an error of the helper call itself', async () => {
    const transport = fullResponseTransport(async () => {
      throw Object.assign(new Error('timeout of 5000ms exceeded'), { code: 'ECONNABORTED', config: { headers: { auth: JWT } } });
    });
    const failure = (await transport(request()).catch((e: unknown) => e)) as Error;
    expect(failure).toMatchObject({ code: 'ECONNABORTED', message: 'timeout of 5000ms exceeded' });
    expect(Object.keys(failure)).not.toContain('config');
  });
});
