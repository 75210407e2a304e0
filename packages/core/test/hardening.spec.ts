// Issue 9 on fake time: deadlines that hold whatever the transport does, server text made safe, timers below
// Node's limit, Kore.ai's rate limits, input bounds and credential checks that need evidence.
import { generateKeyPairSync } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { createKoreClient, KoreError, MAX_TIMER_MS, safeText, containsJwt, timerSleep, type KoreClient, type KoreClientOptions } from '../src/index.js';
import { fakeTransport, inProgress, json, SECRET } from './fake-transport.js';
import { settle } from './fake-time.js';

// eslint-disable-next-line no-control-regex -- a raw control character is what must not get through
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-29T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

type Fake = ReturnType<typeof fakeTransport>;
const HOST = 'https://bots.kore.ai';

function client(fake: Fake, extra: Partial<KoreClientOptions> = {}): KoreClient {
  return createKoreClient({ host: HOST, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, random: () => 0.5, ...extra });
}


/** A transport that never answers and ignores its abort signal: the worst a host's HTTP stack can do. */
const deaf = () => new Promise<never>(() => undefined);

describe('deadlines hold whatever the transport does', () => {
  it('a status request that never ends is NETWORK at requestTimeoutMs', async () => {
    const fake = fakeTransport(deaf);
    const { error, atMs } = await settle(client(fake, { requestTimeoutMs: 3_000 }).getTrainingStatus({ botId: 'st-1' }));
    expect(error).toMatchObject({ code: 'NETWORK', cause: { code: 'ETIMEDOUT' } });
    expect(atMs).toBe(3_000);
  });

  it('a wait ends at its timeoutMs even with a request in flight that never ends', async () => {
    const fake = fakeTransport(deaf);
    const { error, atMs } = await settle(client(fake, { requestTimeoutMs: 30_000 }).waitForTraining({ botId: 'st-1', timeoutMs: 5_000 }));
    expect(error!.code).toBe('TIMEOUT');
    expect(atMs).toBeLessThanOrEqual(5_000 + 1_000);
    expect(error!.message).toContain('no complete answer within');
  });

  it('the signal given to the transport is aborted when the deadline passes', async () => {
    let seen: AbortSignal | undefined;
    const fake = fakeTransport((req) => {
      seen = req.signal;
      return deaf();
    });
    await settle(client(fake, { requestTimeoutMs: 1_000 }).getTrainingStatus({ botId: 'st-1' }));
    expect(seen?.aborted).toBe(true);
  });

  it('hands the transport the size cap', async () => {
    const fake = fakeTransport();
    await settle(client(fake, { maxResponseBytes: 4_096 }).getTrainingStatus({ botId: 'st-1' }));
    expect(fake.requests[0]!.maxBodyBytes).toBe(4_096);
  });

  it('holds a body the transport did not cap to the limit: BAD_RESPONSE, not retried', async () => {
    const fake = fakeTransport(json(200, { trainingStatus: 'Finished', padding: 'x'.repeat(2_000) }));
    const { error } = await settle(client(fake, { maxResponseBytes: 1_000 }).waitForTraining({ botId: 'st-1' }));
    expect(error!.code).toBe('BAD_RESPONSE');
    expect(error!.message).toContain('larger than 1000 bytes');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('answers that cannot hurt', () => {
  it('JSON nested deeper than 64 levels is BAD_RESPONSE, however deep', async () => {
    const deep = `{"trainingStatus":"Finished","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const fake = fakeTransport({ status: 200, headers: {}, body: deep });
    const { error } = await settle(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(error!.code).toBe('BAD_RESPONSE');
    expect(error!.message).toContain('nested deeper than 64');
  });

  it('escapes control characters and redacts JWTs in the status, the TIMEOUT message and its JSON', async () => {
    let token = '';
    const fake = fakeTransport((req) => {
      token = req.headers['auth']!;
      return json(200, { trainingStatus: `Queued\u001b[2J\r\nFAKE LOG ${token}`, note: `\u009b31m${SECRET}`, [`isMlInSyncWith\u001bX`]: false });
    });
    const { error } = await settle(client(fake).waitForTraining({ botId: 'st-1', timeoutMs: 3_000 }));
    expect(containsJwt(token)).toBe(true);
    const everything = JSON.stringify(error) + error!.message + JSON.stringify(error!.lastStatus);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toMatch(RAW_CONTROL);
    expect(error!.lastStatus!.trainingStatus).toBe('Queued\\u001b[2J\\u000d\\u000aFAKE LOG [REDACTED]');
    expect(error!.lastStatus!.outOfSync).toEqual(['isMlInSyncWith\\u001bX']);
  });

  it('keeps a "__proto__" key as data', async () => {
    const fake = fakeTransport({ status: 200, headers: {}, body: '{"trainingStatus":"Finished","__proto__":{"polluted":true}}' });
    const { value } = await settle(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(value!.trainingStatus).toBe('Finished');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('escapes and redacts error text from the server', async () => {
    const fake = fakeTransport(json(500, { errors: [{ msg: `boom\u001b]0;title\u0007 ${SECRET}` }] }));
    const { error } = await settle(client(fake).getTrainingStatus({ botId: 'st-1' }));
    expect(error!.message).not.toMatch(RAW_CONTROL);
    expect(error!.message).not.toContain(SECRET);
    expect(error!.details![0]!.msg).toBe('boom\\u001b]0;title\\u0007 [REDACTED]');
  });

  it('does not follow a redirect', async () => {
    const fake = fakeTransport({ status: 302, headers: { location: 'https://elsewhere.example/' }, body: '' });
    const { error } = await settle(client(fake).waitForTraining({ botId: 'st-1' }));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', httpStatus: 302 });
    expect(error!.message).toContain('redirect');
    expect(fake.requests).toHaveLength(1);
  });

  it('safeText escapes bidi overrides and line separators too', () => {
    expect(safeText('a\u202eb\u2028c\u007f')).toBe('a\\u202eb\\u2028c\\u007f');
  });
});

describe('timers stay below Node\'s limit', () => {
  it('a huge Retry-After with a timeout past 24.8 days never asks for a longer timer', async () => {
    const spy = jest.spyOn(global, 'setTimeout');
    const fake = fakeTransport(json(429, {}, { 'retry-after': '99999999' }));
    const timeoutMs = 30 * 24 * 3_600_000;
    const { error, atMs } = await settle(client(fake).waitForTraining({ botId: 'st-1', timeoutMs }), timeoutMs + 60_000);
    expect(error!.code).toBe('TIMEOUT');
    expect(atMs).toBe(timeoutMs);
    expect(fake.requests).toHaveLength(1); // the server's wish was honoured up to the deadline
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('timerSleep sleeps in steps for an interval past the limit', async () => {
    const spy = jest.spyOn(global, 'setTimeout');
    let done = false;
    void timerSleep(MAX_TIMER_MS * 2 + 5).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS * 2);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(5);
    expect(done).toBe(true);
    expect(spy.mock.calls.map((call) => call[1])).toEqual([MAX_TIMER_MS, MAX_TIMER_MS, 5]);
  });

  it.each(['-5', 'soon', '1e9x'])('ignores a Retry-After of %j and backs off instead', async (value) => {
    const fake = fakeTransport(json(429, {}, { 'retry-after': value }));
    fake.reply(json(429, {}, { 'retry-after': value }));
    const { error } = await settle(client(fake).waitForTraining({ botId: 'st-1', timeoutMs: 10_000 }));
    expect(error!.code).toBe('TIMEOUT');
    const gaps = fake.requests.slice(1).map((r, i) => r.at - fake.requests[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900); // backoff from the 1 s floor, not a busy loop
  });
});

describe("Kore.ai's rate limits", () => {
  /** The most requests for one bot in any window of `windowMs`. */
  const busiest = (times: number[], windowMs: number) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

  it('keeps many concurrent waits on one bot within 60 a minute and 1,800 an hour, and fails none of them', async () => {
    const fake = fakeTransport(inProgress());
    const kore = client(fake);
    // 50 waits on one bot in five languages with different deadlines, plus direct status calls.
    const waits = Array.from({ length: 50 }, (_, i) => kore.waitForTraining({ botId: 'st-1', language: ['en', 'de', 'fr', 'es', 'it'][i % 5], timeoutMs: 2 * 3_600_000 }));
    const { value } = await settle(Promise.allSettled(waits), 3 * 3_600_000);
    const times = fake.requests.map((r) => r.at);
    expect(busiest(times, 60_000)).toBeLessThanOrEqual(60);
    expect(busiest(times, 3_600_000)).toBeLessThanOrEqual(1_800);
    // Delayed, never failed by the limit: every wait ran to its own deadline.
    expect(value!.every((r) => r.status === 'rejected' && (r.reason as KoreError).code === 'TIMEOUT')).toBe(true);
  });

  it('counts training calls with status calls, per bot', async () => {
    const fake = fakeTransport((req) => (req.method === 'POST' ? json(200, [{ Training_ID: 't' }]) : inProgress()));
    const kore = client(fake);
    const calls = [
      ...Array.from({ length: 70 }, () => kore.startTraining({ botId: 'st-1' })),
      ...Array.from({ length: 70 }, () => kore.getTrainingStatus({ botId: 'st-2' })),
    ];
    const { value } = await settle(Promise.allSettled(calls));
    for (const bot of ['st-1', 'st-2']) {
      expect(busiest(fake.requests.filter((r) => r.url.includes(`/${bot}/`)).map((r) => r.at), 60_000)).toBeLessThanOrEqual(60);
    }
    // A direct call held back past its own request timeout says so, and nothing was sent for it.
    const held = value!.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as KoreError);
    expect(held.every((e) => e.code === 'RATE_LIMITED' && e.httpStatus === undefined && e.retryAfterMs! > 0)).toBe(true);
    expect(fake.requests.length + held.length).toBe(140);
  });

  it('refuses a poll interval below the 1 s floor for Kore.ai, and allows it on loopback', async () => {
    const fake = fakeTransport();
    await expect(client(fake).waitForTraining({ botId: 'st-1', pollIntervalMs: 500 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'pollIntervalMs' });
    await expect(client(fake).waitForTraining({ botId: 'st-1', maxPollIntervalMs: 10 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'maxPollIntervalMs' });
    const local = client(fake, { host: 'http://127.0.0.1:9' });
    await expect(settle(local.waitForTraining({ botId: 'st-1', pollIntervalMs: 20 }))).resolves.toMatchObject({ value: { outcome: 'finished' } });
  });

  it('applies a rateLimit given for a loopback host, and checks it', async () => {
    const fake = fakeTransport(inProgress());
    const kore = client(fake, { host: 'http://127.0.0.1:9', rateLimit: { perMinute: 5 } });
    await settle(kore.waitForTraining({ botId: 'st-1', pollIntervalMs: 1_000, maxPollIntervalMs: 1_000, timeoutMs: 120_000 }));
    expect(busiest(fake.requests.map((r) => r.at), 60_000)).toBe(5);
    expect(() => client(fake, { rateLimit: { perMinute: 0 } })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'rateLimit.perMinute' }));
  });
});

describe('input', () => {
  it.each(['.', '..', ' .. '])('refuses the bot id %j before any request', async (botId) => {
    const fake = fakeTransport();
    await expect(client(fake).getTrainingStatus({ botId })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'botId' });
    await expect(client(fake).startTraining({ botId })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'botId' });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([1e9, 3_601, 86_400])('refuses tokenTtlSeconds %d (at most 3600)', (tokenTtlSeconds) => {
    expect(() => client(fakeTransport(), { tokenTtlSeconds })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'tokenTtlSeconds' }));
  });
});

describe('credential checks that prove something', () => {
  it.each([[404, 'NOT_FOUND'], [403, 'FORBIDDEN']])('resolves when Kore.ai answered %i for the probe bot', async (status) => {
    await expect(settle(client(fakeTransport(json(status, {}))).verifyCredentials())).resolves.toMatchObject({ value: undefined });
  });

  it.each([[401, 'UNAUTHORIZED'], [400, 'BAD_REQUEST'], [500, 'SERVER_ERROR']])('rejects on HTTP %i with %s', async (status, code) => {
    const { error } = await settle(client(fakeTransport(json(status, {}))).verifyCredentials());
    expect(error!.code).toBe(code);
  });

  it('a 1024-bit RSA key, which cannot sign RS256, is INVALID_INPUT naming privateKey', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let error: unknown;
    try {
      client(fakeTransport(), { algorithm: 'RS256', clientSecret: undefined, privateKey: pem });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'privateKey' });
    expect((error as Error).message).toContain('at least 2048 bits');
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
  });
});

describe('one signal, many waits', () => {
  it('registers one abort listener for any number of waits, and ends them all', async () => {
    const fake = fakeTransport(inProgress());
    const kore = client(fake);
    const controller = new AbortController();
    const warnings: Error[] = [];
    process.on('warning', (w) => warnings.push(w));
    const waits = Array.from({ length: 25 }, (_, i) => kore.waitForTraining({ botId: `st-${i}`, signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const results = await Promise.allSettled(waits);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as KoreError).code === 'ABORTED')).toBe(true);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
