// The real client (axios, keep-alive, jose) against the simulator over loopback HTTP, real time,
// short durations.
import { generateKeyPairSync } from 'node:crypto';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { JWT_SHAPE as JWT_LIKE } from '@kore-train/testkit';
import { createKoreClient, KoreError, type KoreClient, type KoreClientOptions } from '../src/index.js';

const fast = { pollIntervalMs: 20, maxPollIntervalMs: 40 };
let sim: KoreSim;
const clients: KoreClient[] = [];

function client(extra: Partial<KoreClientOptions> = {}, on = sim): KoreClient {
  const kore = createKoreClient({ host: on.url, clientId: on.clientId, clientSecret: on.clientSecret, ...extra });
  clients.push(kore);
  return kore;
}

async function failure(promise: Promise<unknown>): Promise<KoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KoreError);
  const text = JSON.stringify(error) + String((error as Error).stack);
  expect(text).not.toContain(sim.clientSecret);
  expect(text).not.toMatch(JWT_LIKE);
  return error as KoreError;
}

beforeAll(async () => {
  sim = await startKoreSim({ bots: [{ botId: 'st-bot', languages: ['en', 'de'], trainingMs: 250, staleMs: 150 }] });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await sim.close();
});
// No stale window by default: waitForTraining rightly takes the Finished a stale window shows.
beforeEach(() => {
  sim.reset();
  sim.addBot({ botId: 'st-bot', languages: ['en', 'de'], trainingMs: 250, staleMs: 0 });
});

describe('against the simulator', () => {
  it('reads the documented status shapes for configured and published', async () => {
    const kore = client();
    const configured = await kore.getTrainingStatus({ botId: 'st-bot', language: 'de' });
    expect(configured).toMatchObject({ trainingStatus: 'Finished', allInSync: true, trainDetails: { trainVersion: 1 } });
    await kore.getTrainingStatus({ botId: 'st-bot', state: 'published' });
    expect(sim.requests.map((r) => r.query)).toEqual([{ language: 'de' }, { state: 'published' }]);
    expect(sim.requests.every((r) => r.authOk && r.claims!['appId'] === sim.clientId)).toBe(true);
  });

  it('trains and waits past the stale Finished', async () => {
    sim.updateBot('st-bot', { staleMs: 150 });
    const result = await client().trainAndWait({ botId: 'st-bot', language: 'de', ...fast });
    expect(result.outcome).toBe('finished');
    expect(result.status.trainDetails!.trainVersion).toBe(2);
    // The previous training's Finished, still shown after the POST, is not reported as news.
    expect(result.transitions.map((t) => t.status)).toEqual(['Inprogress', 'Finished']);
    expect(sim.requests.find((r) => r.kind === 'train')!.botLanguage).toBe('de');
  });

  it('reports a failed training', async () => {
    sim.updateBot('st-bot', { outcome: 'failed' });
    sim.startTraining('st-bot');
    expect((await client().waitForTraining({ botId: 'st-bot', ...fast })).outcome).toBe('failed');
  });

  it('signs one token for many requests, or one per request with uniqueJti against an app that enforces JTI', async () => {
    const reused = client();
    await Promise.all([1, 2, 3].map(() => reused.getTrainingStatus({ botId: 'st-bot' })));
    expect(reused.stats().tokensSigned).toBe(1);

    const strict = await startKoreSim({ enforceJti: true, bots: [{ botId: 'st-bot' }] });
    try {
      const unique = client({ uniqueJti: true }, strict);
      await unique.getTrainingStatus({ botId: 'st-bot' });
      await unique.getTrainingStatus({ botId: 'st-bot' });
      const plain = client({}, strict);
      await plain.getTrainingStatus({ botId: 'st-bot' }).catch(() => undefined);
      expect((await plain.getTrainingStatus({ botId: 'st-bot' }).catch((e: KoreError) => e)) as KoreError).toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      await strict.close();
    }
  });

  it('signs RS256 with a private key the server verifies with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa = await startKoreSim({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), bots: [{ botId: 'st-bot' }] });
    try {
      const kore = client({ algorithm: 'RS256', clientSecret: undefined, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, rsa);
      await expect(kore.getTrainingStatus({ botId: 'st-bot' })).resolves.toMatchObject({ trainingStatus: 'Finished' });
    } finally {
      await rsa.close();
    }
  });

  it('tells a wrong secret from a right one', async () => {
    await expect(client().verifyCredentials()).resolves.toBeUndefined();
    expect((await failure(client({ clientSecret: 'wrong' }).verifyCredentials())).code).toBe('UNAUTHORIZED');
  });

  it('lets 20 concurrent waits on one bot share one poll stream', async () => {
    sim.startTraining('st-bot');
    const kore = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => kore.waitForTraining({ botId: 'st-bot', ...fast })));
    expect(results.every((r) => r.outcome === 'finished' && r.transitions[0]!.status === 'Inprogress')).toBe(true);
    const polls = sim.count({ method: 'GET' });
    expect(polls).toBeLessThanOrEqual(results[0]!.requests + 1);
  });
});

describe('faults', () => {
  it('survives a 429 storm with Retry-After', async () => {
    sim.updateBot('st-bot', { trainingMs: 800 });
    sim.startTraining('st-bot');
    sim.injectFault({ kind: 'rate-limit', retryAfterSeconds: 0, times: 5 });
    const result = await client().waitForTraining({ botId: 'st-bot', ...fast });
    expect(result.outcome).toBe('finished');
    expect(result.transitions.map((t) => t.status)).toEqual(['Inprogress', 'Finished']);
    expect(sim.requests.filter((r) => r.fault === 'rate-limit')).toHaveLength(5);
  });

  it('survives 5xx and connection resets', async () => {
    sim.startTraining('st-bot');
    sim.injectFault({ kind: 'server-error', status: 502, times: 2 });
    sim.injectFault({ kind: 'reset', times: 2 });
    expect((await client().waitForTraining({ botId: 'st-bot', ...fast })).outcome).toBe('finished');
    expect(sim.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(['server-error', 'server-error', 'reset', 'reset']);
  });

  it('gives up on a hung request at the request timeout and polls again', async () => {
    sim.startTraining('st-bot');
    sim.injectFault({ kind: 'hang' });
    const result = await client({ requestTimeoutMs: 150 }).waitForTraining({ botId: 'st-bot', ...fast });
    expect(result.outcome).toBe('finished');
    expect(sim.requests[0]!.fault).toBe('hang');
  });

  it('caps a hung request at the wait deadline', async () => {
    sim.injectFault({ kind: 'hang' });
    const started = Date.now();
    const error = await failure(client().waitForTraining({ botId: 'st-bot', timeoutMs: 200, ...fast }));
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fails on a non-JSON 200', async () => {
    sim.injectFault({ kind: 'non-json' });
    expect((await failure(client().waitForTraining({ botId: 'st-bot', ...fast }))).code).toBe('BAD_RESPONSE');
  });

  it('keeps waiting through an unknown status', async () => {
    sim.startTraining('st-bot');
    sim.injectFault({ kind: 'unknown-status', value: 'Queued', times: 2 });
    const result = await client().waitForTraining({ botId: 'st-bot', ...fast });
    expect(result.outcome).toBe('finished');
    expect(result.transitions[0]!.status).toBe('Queued');
  });

  it('fails on a 401 in the middle of a wait', async () => {
    sim.updateBot('st-bot', { trainingMs: 60_000 });
    sim.startTraining('st-bot');
    sim.injectFault({ kind: 'unauthorized', afterRequests: 3 });
    const error = await failure(client().waitForTraining({ botId: 'st-bot', ...fast }));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(sim.count()).toBe(4);
  });

  it('aborts mid-request and sends nothing afterwards', async () => {
    sim.injectFault({ kind: 'hang' });
    const controller = new AbortController();
    const waiting = client().waitForTraining({ botId: 'st-bot', signal: controller.signal, ...fast });
    while (sim.count() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await failure(waiting)).code).toBe('ABORTED');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.count()).toBe(1);
  });

  it('refuses an unknown bot, a missing scope and a disabled language', async () => {
    sim.addBot({ botId: 'st-noscope', scope: false });
    const kore = client();
    expect((await failure(kore.waitForTraining({ botId: 'st-nobody', ...fast }))).code).toBe('NOT_FOUND');
    expect((await failure(kore.waitForTraining({ botId: 'st-noscope', ...fast }))).code).toBe('FORBIDDEN');
    const language = await failure(kore.getTrainingStatus({ botId: 'st-bot', language: 'fr' }));
    expect(language).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
  });
});
