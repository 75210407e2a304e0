import { createKoreClient, type KoreClient, type ProgressEvent } from '../src/index.js';
import { failed, fakeTransport, finished, inProgress, json, networkError, SECRET, timeline } from './fake-transport.js';
import { settle } from './fake-time.js';


// Waiting runs on jest's fake clock: Date.now and setTimeout are both faked, so a two-hour
// training takes milliseconds and every interval is exact.
beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-29T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

type Fake = ReturnType<typeof fakeTransport>;

/** A client whose first token is already signed. */
async function client(fake: Fake, extra = {}): Promise<KoreClient> {
  const kore = createKoreClient({
    host: 'https://bots.kore.ai', clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, random: () => 0.5, tokenTtlSeconds: 3_600, ...extra,
  });
  fake.state.priming = true;
  await kore.getTrainingStatus({ botId: 'st-prime' });
  fake.state.priming = false;
  return kore;
}


const gaps = (fake: Fake) => fake.statusRequests().slice(1).map((r, i) => r.at - fake.statusRequests()[i]!.at);

describe('waitForTraining', () => {
  it('detects a short training within about a second', async () => {
    const fake = fakeTransport(timeline(3_000));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    expect(value!.elapsedMs).toBeGreaterThanOrEqual(3_000);
    expect(value!.elapsedMs).toBeLessThanOrEqual(4_000);
    expect(value!.transitions.map((t) => t.status)).toEqual(['Inprogress', 'Finished']);
    expect(value!.requests).toBe(fake.statusRequests().length);
  });

  it('resolves with outcome failed on a Failed training', async () => {
    const fake = fakeTransport(timeline(5_000, 'failed'));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(value!.outcome).toBe('failed');
    expect(value!.status.trainingStatus).toBe('Failed');
  });

  it('spaces polls out on a long training but never beyond maxPollIntervalMs', async () => {
    const fake = fakeTransport(timeline(2 * 3_600_000));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 3 * 3_600_000 }));
    const intervals = gaps(fake);
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(1_000 * 0.9);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(30_000 * 1.1);
    expect(intervals.at(-1)).toBeGreaterThan(intervals[0]! * 10); // it did grow
    // A fixed 5 s poll would make 1440 requests; a 30 s ceiling about 240 plus the ramp.
    expect(value!.requests).toBeLessThan(300);
    expect(value!.elapsedMs - 2 * 3_600_000).toBeLessThanOrEqual(30_000);
  });

  it('honours pollIntervalMs and maxPollIntervalMs', async () => {
    const fake = fakeTransport(timeline(60_000));
    await settle((await client(fake)).waitForTraining({ botId: 'st-1', pollIntervalMs: 5_000, maxPollIntervalMs: 5_000 }));
    expect(gaps(fake).every((gap) => gap === 5_000)).toBe(true); // random() = 0.5 means no jitter
  });

  it('times out with the last status and stops polling', async () => {
    const fake = fakeTransport(inProgress());
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 30_000 }));
    expect(error!.code).toBe('TIMEOUT');
    expect(error!.lastStatus!.trainingStatus).toBe('Inprogress');
    expect(error!.message).toMatch(/within 30 s; the last status was "Inprogress"/);
    const made = fake.requests.length;
    await jest.advanceTimersByTimeAsync(120_000);
    expect(fake.requests.length).toBe(made);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never lets one request outlive the deadline', async () => {
    const fake = fakeTransport(inProgress());
    await settle((await client(fake, { requestTimeoutMs: 60_000 })).waitForTraining({ botId: 'st-1', timeoutMs: 5_000 }));
    expect(fake.requests[0]!.timeoutMs).toBeLessThanOrEqual(5_000);
    expect(fake.requests.every((r, i) => r.timeoutMs <= 5_000 - (r.at - fake.requests[0]!.at) || i === 0)).toBe(true);
  });

  describe('timeoutMs: 0 checks once', () => {
    it('answers a terminal status', async () => {
      const fake = fakeTransport(failed());
      const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 0 }));
      expect(value).toMatchObject({ outcome: 'failed', requests: 1 });
    });

    it('throws TIMEOUT at once otherwise', async () => {
      const fake = fakeTransport(inProgress());
      const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 0 }));
      expect(error).toMatchObject({ code: 'TIMEOUT', lastStatus: expect.objectContaining({ trainingStatus: 'Inprogress' }) });
      expect(fake.requests).toHaveLength(1);
    });
  });

  it('sends one progress event per status change, unknown statuses included', async () => {
    const fake = fakeTransport(finished());
    fake.reply(inProgress(), inProgress(), json(200, { trainingStatus: 'Queued' }), inProgress(), inProgress());
    const events: ProgressEvent[] = [];
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', onProgress: (e) => events.push(e) }));
    expect(events.map((e) => [e.previous, e.status.trainingStatus])).toEqual([
      [undefined, 'Inprogress'], ['Inprogress', 'Queued'], ['Queued', 'Inprogress'], ['Inprogress', 'Finished'],
    ]);
    expect(value!.requests).toBe(6);
  });

  it('survives a progress listener that throws', async () => {
    const fake = fakeTransport(timeline(2_000));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', onProgress: () => { throw new Error('listener bug'); } }));
    expect(value!.outcome).toBe('finished');
  });
});

describe('failures while waiting', () => {
  it('waits out Retry-After on a 429 and goes on', async () => {
    const fake = fakeTransport(finished());
    fake.reply(inProgress(), json(429, { errors: [{ msg: 'slow down' }] }, { 'retry-after': '30' }));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    expect(gaps(fake)[1]).toBeGreaterThanOrEqual(30_000);
  });

  it('retries 5xx, resets and timeouts with backoff', async () => {
    const fake = fakeTransport(finished());
    fake.reply(json(502, {}), networkError('ECONNRESET', 'socket hang up'), networkError('ECONNABORTED', 'timeout'), json(500, {}));
    const { value } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    expect(value!.requests).toBe(5);
    expect(gaps(fake)).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it.each([
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [400, 'BAD_REQUEST'],
  ])('fails at once on %i', async (status, code) => {
    const fake = fakeTransport(json(status, {}));
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(error!.code).toBe(code);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails on a 401 in the middle of a wait, with no further request', async () => {
    const fake = fakeTransport(json(401, {}));
    fake.reply(inProgress(), inProgress());
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1' }));
    expect(error!.code).toBe('UNAUTHORIZED');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.requests).toHaveLength(3);
  });

  it('fails on a non-JSON answer', async () => {
    const fake = fakeTransport({ status: 200, headers: {}, body: '<html>' });
    fake.reply(inProgress());
    expect((await settle((await client(fake)).waitForTraining({ botId: 'st-1' }))).error!.code).toBe('BAD_RESPONSE');
  });

  it('gives up after maxRequests with the last status', async () => {
    const fake = fakeTransport(inProgress());
    fake.reply(json(503, {}));
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', maxRequests: 4 }));
    expect(error).toMatchObject({ code: 'BUDGET_EXHAUSTED', lastStatus: expect.objectContaining({ trainingStatus: 'Inprogress' }) });
    expect(fake.requests).toHaveLength(4);
  });

  it('gives up at the deadline even while the server keeps asking to retry later, and says so', async () => {
    const fake = fakeTransport(json(429, {}, { 'retry-after': '600' }));
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 60_000 }));
    expect(error!.code).toBe('TIMEOUT');
    expect(error!.message).toMatch(/no status was received, and the latest request failed: Kore.ai is rate limiting the requests \(HTTP 429\)/);
    expect(error!.cause).toMatchObject({ code: 'RATE_LIMITED' });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not call the request its own deadline cut off a failure', async () => {
    // The first answer is Inprogress; the next request hangs until the wait's deadline ends it.
    const fake = fakeTransport((req) => new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')))));
    fake.reply(inProgress());
    const { error } = await settle((await client(fake)).waitForTraining({ botId: 'st-1', timeoutMs: 1_500 }));
    expect(fake.statusRequests()).toHaveLength(2);
    expect(error).toMatchObject({ code: 'TIMEOUT', message: 'Training of bot st-1 was not done within 1.5 s; the last status was "Inprogress"' });
    expect(error!.cause).toBeUndefined();
  });
});

describe('cancelling', () => {
  it('aborts during the sleep between polls, leaving no timer and sending nothing more', async () => {
    const fake = fakeTransport(inProgress());
    const controller = new AbortController();
    const waiting = settle((await client(fake)).waitForTraining({ botId: 'st-1', signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(5_500);
    const made = fake.requests.length;
    controller.abort();
    const { error } = await waiting;
    expect(error).toMatchObject({ code: 'ABORTED', lastStatus: expect.objectContaining({ trainingStatus: 'Inprogress' }) });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.requests.length).toBe(made);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('aborts the request in flight', async () => {
    let seenSignal: AbortSignal | undefined;
    const fake = fakeTransport((req) => {
      seenSignal = req.signal;
      return new Promise((_, reject) => req.signal!.addEventListener('abort', () => reject(networkError('ERR_CANCELED', 'canceled'))));
    });
    const controller = new AbortController();
    const waiting = settle((await client(fake)).waitForTraining({ botId: 'st-1', signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(10);
    controller.abort();
    expect((await waiting).error!.code).toBe('ABORTED');
    expect(seenSignal!.aborted).toBe(true);
  });

  it('rejects at once with an already aborted signal', async () => {
    const fake = fakeTransport(inProgress());
    const controller = new AbortController();
    controller.abort();
    expect((await settle((await client(fake)).waitForTraining({ botId: 'st-1', signal: controller.signal }))).error!.code).toBe('ABORTED');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('concurrent waits on one bot', () => {
  it('share one poll stream', async () => {
    const fake = fakeTransport(timeline(120_000));
    const kore = await client(fake);
    const waits = Array.from({ length: 50 }, () => kore.waitForTraining({ botId: 'st-1' }));
    await jest.advanceTimersByTimeAsync(1);
    expect(kore.stats()).toMatchObject({ activeWaits: 50, activePollLoops: 1 });
    const results = await Promise.all(waits.map((w) => settle(w)));
    const solo = fakeTransport(timeline(120_000));
    await settle((await client(solo)).waitForTraining({ botId: 'st-1' }));
    expect(fake.requests.length).toBe(solo.requests.length);
    expect(results.every((r) => r.value!.outcome === 'finished')).toBe(true);
    expect(kore.stats()).toMatchObject({ activeWaits: 0, activePollLoops: 0 });
  });

  it('keep their own deadlines and signals', async () => {
    const fake = fakeTransport(timeline(60_000));
    const kore = await client(fake);
    const controller = new AbortController();
    const short = settle(kore.waitForTraining({ botId: 'st-1', timeoutMs: 10_000 }));
    const aborted = settle(kore.waitForTraining({ botId: 'st-1', signal: controller.signal }));
    const long = settle(kore.waitForTraining({ botId: 'st-1' }));
    await jest.advanceTimersByTimeAsync(3_000);
    controller.abort();
    expect((await aborted).error!.code).toBe('ABORTED');
    expect((await short).error!.code).toBe('TIMEOUT');
    expect((await long).value!.outcome).toBe('finished');
  });

  it('poll separately per language and state', async () => {
    const fake = fakeTransport(timeline(10_000));
    const kore = await client(fake);
    const waits = [kore.waitForTraining({ botId: 'st-1' }), kore.waitForTraining({ botId: 'st-1', language: 'de' }), kore.waitForTraining({ botId: 'st-1', state: 'published' })];
    await jest.advanceTimersByTimeAsync(1);
    expect(kore.stats().activePollLoops).toBe(3);
    await Promise.all(waits.map((w) => settle(w)));
  });

  it('a late joiner does not wait out the stream\'s long interval', async () => {
    const fake = fakeTransport(inProgress());
    const kore = await client(fake);
    void settle(kore.waitForTraining({ botId: 'st-1', timeoutMs: 600_000 }));
    await jest.advanceTimersByTimeAsync(200_000); // the stream now sleeps ~30 s between polls
    fake.reply(finished());
    const late = kore.waitForTraining({ botId: 'st-1' });
    await jest.advanceTimersByTimeAsync(10);
    const { value } = await settle(late);
    expect(value!.elapsedMs).toBeLessThan(100);
  });
});

describe('trainAndWait', () => {
  /** A Kore.ai bot that, after a POST, reports its previous result for `staleMs` before Inprogress. */
  function retrainingBot(options: { staleMs: number; trainingMs: number; previous: 'Finished' | 'Failed'; outcome: 'finished' | 'failed'; versions: boolean }) {
    let postedAt: number | undefined;
    const fake = fakeTransport((req) => {
      if (req.method === 'POST') {
        postedAt = Date.now();
        return json(200, [{ message: 'Training Queued.', Training_ID: 'tr-1' }]);
      }
      const since = postedAt === undefined ? -1 : Date.now() - postedAt;
      const stale = postedAt === undefined || since < options.staleMs;
      if (stale) return options.previous === 'Finished' ? json(200, { trainingStatus: 'Finished', ...(options.versions ? { trainDetails: { trainVersion: 7 } } : {}) }) : failed();
      if (since < options.staleMs + options.trainingMs) return inProgress();
      return options.outcome === 'finished' ? json(200, { trainingStatus: 'Finished', ...(options.versions ? { trainDetails: { trainVersion: 8 } } : {}) }) : failed();
    });
    return fake;
  }

  it('is not fooled by the previous Finished still reported after the POST', async () => {
    const fake = retrainingBot({ staleMs: 2_500, trainingMs: 20_000, previous: 'Finished', outcome: 'failed', versions: true });
    const { value } = await settle((await client(fake)).trainAndWait({ botId: 'st-1', language: 'en' }));
    expect(value!.outcome).toBe('failed');
    expect(value!.training).toEqual({ trainingId: 'tr-1', message: 'Training Queued.' });
    expect(value!.elapsedMs).toBeGreaterThanOrEqual(22_500);
    expect(value!.transitions.map((t) => t.status)).toEqual(['Inprogress', 'Failed']);
    expect(fake.requests[1]).toMatchObject({ method: 'POST' });
    expect(fake.requests[1]!.headers['bot-language']).toBe('en');
  });

  it('accepts a newer trainVersion even when it never saw Inprogress', async () => {
    const fake = retrainingBot({ staleMs: 500, trainingMs: 200, previous: 'Finished', outcome: 'finished', versions: true });
    const { value } = await settle((await client(fake)).trainAndWait({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    expect(value!.status.trainDetails!.trainVersion).toBe(8);
    expect(value!.elapsedMs).toBeLessThan(2_000);
  });

  it('without versions, trusts a terminal status only after the settle window', async () => {
    const fake = retrainingBot({ staleMs: 60_000, trainingMs: 0, previous: 'Failed', outcome: 'failed', versions: false });
    const { value } = await settle((await client(fake)).trainAndWait({ botId: 'st-1', settleMs: 10_000 }));
    expect(value!.elapsedMs).toBeGreaterThanOrEqual(10_000);
  });

  it('goes on without the baseline when the first status request meets a passing failure', async () => {
    const fake = retrainingBot({ staleMs: 500, trainingMs: 3_000, previous: 'Finished', outcome: 'finished', versions: true });
    fake.reply(json(503, {}));
    const { value } = await settle((await client(fake)).trainAndWait({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    expect(value!.transitions.map((t) => t.status)).toContain('Inprogress');
  });

  it('sends the POST again after a 429, which Kore.ai did not carry out, but not after a 500', async () => {
    const limited = retrainingBot({ staleMs: 0, trainingMs: 1_000, previous: 'Finished', outcome: 'finished', versions: true });
    limited.reply(finished(7), json(429, {}, { 'retry-after': '2' }));
    const { value } = await settle((await client(limited)).trainAndWait({ botId: 'st-1' }));
    expect(value!.outcome).toBe('finished');
    const posts = limited.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(2_000);

    const broken = retrainingBot({ staleMs: 0, trainingMs: 1_000, previous: 'Finished', outcome: 'finished', versions: true });
    broken.reply(finished(7), json(500, {}));
    expect((await settle((await client(broken)).trainAndWait({ botId: 'st-1' }))).error!.code).toBe('SERVER_ERROR');
    expect(broken.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('counts the status read and the POST against one timeout', async () => {
    const fake = fakeTransport(inProgress());
    fake.reply(finished(7), async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_000)); // a slow POST
      return json(200, [{ message: 'Training Queued.', Training_ID: 'tr-1' }]);
    });
    const kore = await client(fake);
    const started = Date.now();
    const { error } = await settle(kore.trainAndWait({ botId: 'st-1', timeoutMs: 10_000 }));
    expect(error!.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThanOrEqual(10_250);
  });

  it('does not POST when the credentials are refused', async () => {
    const fake = fakeTransport(json(401, {}));
    expect((await settle((await client(fake)).trainAndWait({ botId: 'st-1' }))).error!.code).toBe('UNAUTHORIZED');
    expect(fake.requests.map((r) => r.method)).toEqual(['GET']);
  });
});
