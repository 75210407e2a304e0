import { JWT_SHAPE as JWT_LIKE } from '@kore-train/testkit';
import { createKoreClient, KoreError, type KoreClient } from '../src/index.js';
import { fakeTransport, finished, json, networkError, SECRET } from './fake-transport.js';

const HOST = 'https://bots.kore.ai';

function client(fake: ReturnType<typeof fakeTransport>, extra = {}): KoreClient {
  return createKoreClient({ host: HOST, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<KoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KoreError);
    return error as KoreError;
  }
  throw new Error('expected a KoreError');
}

/** Everything about an error a user or a log could ever see. */
function everything(error: KoreError): string {
  return [error.message, error.stack, JSON.stringify(error), JSON.stringify(error.cause), JSON.stringify(error.details)].join('\n');
}

describe('getTrainingStatus request', () => {
  it('GETs the documented URL with language and state, and the auth header', async () => {
    const fake = fakeTransport(finished());
    const status = await client(fake).getTrainingStatus({ botId: 'st-42', language: 'de', state: 'published' });
    expect(status.trainingStatus).toBe('Finished');
    const [request] = fake.requests;
    expect(request!.method).toBe('GET');
    expect(request!.url).toBe('https://bots.kore.ai/api/public/bot/st-42/ml/train/status?language=de&state=published');
    expect(request!.headers['Content-Type']).toBe('application/json');
    expect(request!.headers['auth']).toMatch(JWT_LIKE);
  });

  it('leaves out language and state when not given', async () => {
    const fake = fakeTransport(finished());
    await client(fake).getTrainingStatus({ botId: 'st-42' });
    expect(fake.requests[0]!.url).toBe('https://bots.kore.ai/api/public/bot/st-42/ml/train/status');
  });

  it('keeps an on-premise path prefix', async () => {
    const fake = fakeTransport(finished());
    await createKoreClient({ host: 'https://kore.corp.example/bots/', clientId: 'cs', clientSecret: SECRET, transport: fake.transport }).getTrainingStatus({ botId: 'st-1' });
    expect(fake.requests[0]!.url).toBe('https://kore.corp.example/bots/api/public/bot/st-1/ml/train/status');
  });

  it('accepts a body the transport already parsed', async () => {
    const fake = fakeTransport({ status: 200, headers: {}, body: { trainingStatus: 'Inprogress' } });
    await expect(client(fake).getTrainingStatus({ botId: 'st-1' })).resolves.toMatchObject({ trainingStatus: 'Inprogress' });
  });
});

describe('startTraining request', () => {
  it('POSTs with the bot-language header and returns the training id', async () => {
    const fake = fakeTransport(json(200, [{ message: 'Training Queued.', Training_ID: 'tr-9' }]));
    await expect(client(fake).startTraining({ botId: 'st-42', language: 'en' })).resolves.toEqual({ trainingId: 'tr-9', message: 'Training Queued.' });
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('https://bots.kore.ai/api/public/bot/st-42/ml/train');
    expect(request!.headers['bot-language']).toBe('en');
  });
});

describe('errors', () => {
  it.each([
    [400, 'BAD_REQUEST'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [429, 'RATE_LIMITED'],
    [500, 'SERVER_ERROR'],
    [503, 'SERVER_ERROR'],
    [418, 'BAD_RESPONSE'],
  ])('maps HTTP %i to %s with Kore.ai\'s message', async (status, code) => {
    const fake = fakeTransport(json(status, { errors: [{ msg: 'Something precise', code: 42 }] }));
    const error = await failure(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(status);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain('Something precise');
    expect(error.details).toEqual([{ msg: 'Something precise', code: 42 }]);
  });

  it('tells the user what to check on a 401, 403 and 404', async () => {
    const messages = await Promise.all([401, 403, 404].map(async (status) => (await failure(client(fakeTransport(json(status, {}))).getTrainingStatus({ botId: 'st-1' }))).message));
    expect(messages[0]).toMatch(/client id, client secret/);
    expect(messages[1]).toMatch(/Train ML/);
    expect(messages[2]).toMatch(/bot id/);
  });

  it('reads Retry-After as seconds or as a date', async () => {
    const seconds = await failure(client(fakeTransport(json(429, {}, { 'retry-after': '7' }))).getTrainingStatus({ botId: 'st-1' }));
    expect(seconds.retryAfterMs).toBe(7000);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const dated = await failure(client(fakeTransport(json(429, {}, { 'retry-after': date }))).getTrainingStatus({ botId: 'st-1' }));
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(dated.retryable).toBe(true);
  });

  it('maps a non-JSON 200 to BAD_RESPONSE', async () => {
    const error = await failure(client(fakeTransport({ status: 200, headers: {}, body: '<html>Gateway</html>' })).getTrainingStatus({ botId: 'st-1' }));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('not JSON');
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['ECONNRESET', 'socket hang up', /reset/],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', /refused/],
    ['ECONNABORTED', 'timeout of 50ms exceeded', /in time/],
  ])('maps a transport failure %s to a retryable NETWORK error', async (code, message, reason) => {
    const error = await failure(client(fakeTransport(networkError(code, message))).getTrainingStatus({ botId: 'st-1' }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(reason);
    expect(error.retryable).toBe(true);
  });

  it('maps an abort to ABORTED and sends nothing once aborted', async () => {
    const fake = fakeTransport(finished());
    const controller = new AbortController();
    controller.abort();
    const error = await failure(client(fake).getTrainingStatus({ botId: 'st-1', signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('secrets never leak', () => {
  it('strips headers from an HTTP client error and redacts tokens and the secret from every message', async () => {
    let token = '';
    const fake = fakeTransport((req) => {
      token = req.headers['auth']!;
      // What axios errors look like: the request config, headers included, hangs off the error.
      return Object.assign(new Error(`socket hang up (auth ${token}, secret ${SECRET})`), {
        code: 'ECONNRESET', config: { headers: { ...req.headers } }, request: { _header: `auth: ${token}` },
      });
    });
    const error = await failure(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(token).toMatch(JWT_LIKE);
    expect(everything(error)).not.toContain(token);
    expect(everything(error)).not.toContain(SECRET);
    expect(everything(error)).not.toMatch(JWT_LIKE);
    expect(Object.keys(error.cause!)).toEqual(['name', 'code', 'message']);
  });

  it('redacts a token or secret that the server echoes in its error body', async () => {
    const fake = fakeTransport((req) => json(401, { errors: [{ msg: `bad token ${req.headers['auth']} for secret ${SECRET}` }] }));
    const error = await failure(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(everything(error)).not.toMatch(JWT_LIKE);
    expect(everything(error)).not.toContain(SECRET);
    expect(error.message).toContain('[REDACTED]');
  });

  it('reports requests to onRequest without headers', async () => {
    const seen: unknown[] = [];
    const fake = fakeTransport(finished());
    await client(fake, { onRequest: (info: unknown) => seen.push(info) }).getTrainingStatus({ botId: 'st-1' });
    expect(seen).toEqual([{ method: 'GET', path: '/api/public/bot/st-1/ml/train/status', status: 200, durationMs: expect.any(Number) }]);
  });
});

describe('verifyCredentials', () => {
  it('passes when the token gets as far as the bot look-up, fails on 401', async () => {
    await expect(client(fakeTransport(json(404, {}))).verifyCredentials()).resolves.toBeUndefined();
    await expect(client(fakeTransport(json(401, {}))).verifyCredentials()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(client(fakeTransport(networkError('ECONNREFUSED', 'refused'))).verifyCredentials()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
