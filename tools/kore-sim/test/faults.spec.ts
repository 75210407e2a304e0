import { FaultError, startKoreSim, type Fault, type KoreSim } from '../src/index.js';
import { call, getStatus, manualClock, postTrain, statusPath } from './helpers.js';

describe('faults', () => {
  const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
  let sim: KoreSim;

  beforeAll(async () => {
    sim = await startKoreSim({ now: clock.now, bots: [{ botId: 'st-a' }, { botId: 'st-b' }] });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('rate-limit: 429 with Retry-After in seconds (default 1), once by default', async () => {
    sim.injectFault({ kind: 'rate-limit', retryAfterSeconds: 12 });
    sim.injectFault({ kind: 'rate-limit' });
    const first = await getStatus(sim, 'st-a');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('12');
    expect(first.json).toEqual({ errors: [{ msg: expect.any(String), code: 429 }] });
    expect((await getStatus(sim, 'st-a')).headers.get('retry-after')).toBe('1');
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    expect(sim.requests.map((entry) => entry.fault)).toEqual(['rate-limit', 'rate-limit', undefined]);
    expect(sim.requests.map((entry) => entry.answeredStatus)).toEqual([429, 429, 200]);
  });

  it('rate-limit: Retry-After as an HTTP date on the sim clock, or none at all', async () => {
    sim.injectFault({ kind: 'rate-limit', retryAfterSeconds: 30, retryAfterDate: true });
    sim.injectFault({ kind: 'rate-limit', noRetryAfter: true });
    expect((await getStatus(sim, 'st-a')).headers.get('retry-after')).toBe('Thu, 01 Jan 2026 12:00:30 GMT');
    const bare = await getStatus(sim, 'st-a');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('server-error: 500 by default or the given 5xx, with a Kore-like error body', async () => {
    sim.injectFault({ kind: 'server-error' });
    sim.injectFault({ kind: 'server-error', status: 503 });
    expect(await getStatus(sim, 'st-a')).toMatchObject({ status: 500, json: { errors: [{ msg: 'Internal Server Error', code: 500 }] } });
    expect(await getStatus(sim, 'st-a')).toMatchObject({ status: 503, json: { errors: [{ msg: 'Service Unavailable', code: 503 }] } });
  });

  it('reset: the socket is destroyed without an answer', async () => {
    sim.injectFault({ kind: 'reset' });
    await expect(getStatus(sim, 'st-a')).rejects.toThrow('fetch failed');
    expect(sim.requests[0]).toMatchObject({ fault: 'reset', kind: 'status' });
    expect(sim.requests[0]?.answeredStatus).toBeUndefined();
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
  });

  it('hang: no answer until the client gives up', async () => {
    // Its own bot: the fault can only ever be taken by this test's request.
    sim.injectFault({ kind: 'hang', botId: 'st-hang' });
    const held = sim.nextRequest({ botId: 'st-hang' });
    const client = new AbortController();
    const pending = call(sim, statusPath('st-hang'), { signal: client.signal });
    // Abort only once the sim holds the request (fault consumed), never on a timer.
    const entry = await held;
    expect(entry).toMatchObject({ fault: 'hang', botId: 'st-hang' });
    client.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]?.answeredStatus).toBeUndefined();
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
  });

  it('nextRequest: resolves with the next matching request once its answer is decided', async () => {
    sim.injectFault({ kind: 'server-error', botId: 'st-b' });
    const forB = sim.nextRequest({ botId: 'st-b' });
    const anyTrain = sim.nextRequest({ path: 'train' });
    let settled = false;
    void forB.then(() => (settled = true));
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    expect(settled).toBe(false);
    expect((await getStatus(sim, 'st-b')).status).toBe(500);
    expect(await forB).toMatchObject({ botId: 'st-b', fault: 'server-error', answeredStatus: 500 });
    expect((await postTrain(sim, 'st-a')).status).toBe(200);
    expect(await anyTrain).toMatchObject({ kind: 'train', botId: 'st-a', answeredStatus: 200 });
  });

  it('non-json: an HTML page with 200 by default, or the given status', async () => {
    sim.injectFault({ kind: 'non-json' });
    sim.injectFault({ kind: 'non-json', status: 502 });
    const page = await getStatus(sim, 'st-a');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toMatch(/^<!DOCTYPE html><html>/);
    expect(page.json).toBeUndefined();
    const gateway = await getStatus(sim, 'st-a');
    expect(gateway.status).toBe(502);
    expect(gateway.text).toContain('502 Bad Gateway');
  });

  it('unknown-status: a status value the client does not know, only on status requests', async () => {
    sim.injectFault({ kind: 'unknown-status' });
    sim.injectFault({ kind: 'unknown-status', value: 'Training_Scheduled' });
    expect((await postTrain(sim, 'st-a')).status).toBe(200);
    const queued = await getStatus(sim, 'st-a');
    expect(queued.json).toEqual({
      trainingStatus: 'Queued',
      isMlInSyncWithSentences: true,
      isMlInSyncWithSynonyms: true,
      isMlInSyncWithMlparams: true,
      isMlInSyncWithTraits: true,
      isMlInSyncWithSmallTalk: true,
      isMlInSyncWithUBTraining: true,
    });
    expect(((await getStatus(sim, 'st-a')).json as { trainingStatus: string }).trainingStatus).toBe('Training_Scheduled');
  });

  it('unauthorized: 401 even with a good token', async () => {
    sim.injectFault({ kind: 'unauthorized' });
    const answer = await getStatus(sim, 'st-a');
    expect(answer).toMatchObject({ status: 401, json: { errors: [{ msg: 'Unauthorized', code: 401 }] } });
    expect(sim.requests[0]).toMatchObject({ authOk: true, fault: 'unauthorized', answeredStatus: 401 });
  });

  it('faults answer before the sim checks: even a bad token or an unknown bot gets the fault', async () => {
    sim.injectFault({ kind: 'server-error', times: 2 });
    expect((await call(sim, statusPath('st-a'), { token: 'garbage' })).status).toBe(500);
    expect((await getStatus(sim, 'st-ghost')).status).toBe(500);
  });

  it('times: answers that many requests, Infinity for all', async () => {
    sim.injectFault({ kind: 'server-error', times: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getStatus(sim, 'st-a')).status);
    expect(statuses).toEqual([500, 500, 500, 200]);
    sim.injectFault({ kind: 'server-error', status: 502, times: Infinity });
    for (let i = 0; i < 5; i++) expect((await getStatus(sim, 'st-a')).status).toBe(502);
    sim.clearFaults();
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
  });

  it('afterRequests: lets that many matching requests through first', async () => {
    sim.injectFault({ kind: 'rate-limit', afterRequests: 2, times: 2 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await getStatus(sim, 'st-a')).status);
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
  });

  it('path and botId narrow what a fault matches; others pass untouched', async () => {
    sim.injectFault({ kind: 'server-error', path: 'train' });
    sim.injectFault({ kind: 'rate-limit', botId: 'st-b' });
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    expect((await postTrain(sim, 'st-b')).status).toBe(500);
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    expect((await getStatus(sim, 'st-b')).status).toBe(429);
    expect((await getStatus(sim, 'st-b')).status).toBe(200);
  });

  it('queued faults apply in injection order', async () => {
    const sequence: Fault[] = [{ kind: 'rate-limit' }, { kind: 'server-error', status: 504 }, { kind: 'non-json' }, { kind: 'unauthorized' }];
    for (const fault of sequence) sim.injectFault(fault);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await getStatus(sim, 'st-a')).status);
    expect(statuses).toEqual([429, 504, 200, 401, 200]);
    expect(sim.requests.map((entry) => entry.fault)).toEqual(['rate-limit', 'server-error', 'non-json', 'unauthorized', undefined]);
  });

  it('faults never touch paths outside the API', async () => {
    sim.injectFault({ kind: 'server-error' });
    expect((await call(sim, '/elsewhere')).status).toBe(404);
    expect((await getStatus(sim, 'st-a')).status).toBe(500);
  });

  it('a faulted POST does not start a training', async () => {
    sim.injectFault({ kind: 'server-error', path: 'train' });
    expect((await postTrain(sim, 'st-b')).status).toBe(500);
    clock.advance(500);
    expect(((await getStatus(sim, 'st-b')).json as { trainingStatus: string }).trainingStatus).toBe('Finished');
  });

  it('refuses malformed faults', () => {
    const bad: unknown[] = [
      null,
      { kind: 'meteor' },
      { kind: 'server-error', status: 404 },
      { kind: 'non-json', status: 99 },
      { kind: 'rate-limit', retryAfterSeconds: -1 },
      { kind: 'rate-limit', retryAfterSeconds: 1.5 },
      { kind: 'hang', times: 0 },
      { kind: 'hang', afterRequests: -1 },
      { kind: 'hang', path: 'elsewhere' },
      { kind: 'unknown-status', value: '' },
    ];
    for (const fault of bad) expect(() => sim.injectFault(fault as Fault)).toThrow(FaultError);
  });
});
