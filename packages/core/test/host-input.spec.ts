/**
 * What hosts hand the core from their forms and messages, and the shapes the core hands back for them to show:
 * duration settings, credential form values (saved secrets included), bot targets, the credential check,
 * summaries and outcomes, and the error's JSON.
 */
import {
  checkCredentials, createKoreEngine, durationSetting, KoreError, readBotTarget, readCredentialFields, runOperation, sameHost, summarizeProgress,
  summarizeWait, withStoredSecrets, type KoreClient,
} from '../src';
import { fakeTransport, json, SECRET } from './fake-transport';

/** A sleep that only an abort ends: these checks must end on the answer, not on a deadline. */
const neverEnding = (_ms: number, signal?: AbortSignal): Promise<void> => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

const engine = (transport = fakeTransport().transport): KoreClient =>
  createKoreEngine({ host: 'https://bots.kore.ai', clientId: 'cs-1', clientSecret: SECRET, transport, sleep: neverEnding });

describe('durationSetting', () => {
  it('reads numbers and text in the setting\'s unit, suffixed text in its own, blank as undefined', () => {
    expect(durationSetting(1.5, { field: 'pollInterval', unit: 'seconds' })).toBe(1_500);
    expect(durationSetting('90', { field: 'timeout', unit: 'minutes' })).toBe(5_400_000);
    expect(durationSetting(' 30s ', { field: 'timeout', unit: 'minutes' })).toBe(30_000);
    expect(durationSetting(0, { field: 'timeout', unit: 'minutes', allowZero: true })).toBe(0);
    for (const blank of [undefined, null, '', '  ']) expect(durationSetting(blank, { field: 'timeout', unit: 'seconds' })).toBeUndefined();
  });

  it.each([[-1], [0], [0.0001], ['soon'], [Number.NaN], [Number.POSITIVE_INFINITY], [true], [{}]])('refuses %p, naming the setting and its unit', (value) => {
    expect(() => durationSetting(value, { field: 'pollIntervalMs', label: 'Poll Interval', unit: 'seconds' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'pollIntervalMs', message: expect.stringMatching(/^Poll Interval must be a number of seconds greater than 0 \(got /) }),
    );
  });
});

describe('credential form values', () => {
  it('reads the text fields and uniqueJti, ignoring other properties', () => {
    expect(readCredentialFields({ host: 'bots.kore.ai', clientId: 'cs-1', clientSecret: 's', uniqueJti: true, id: 'app', extra: 1 })).toEqual({
      host: 'bots.kore.ai', clientId: 'cs-1', clientSecret: 's', uniqueJti: true,
    });
  });

  it.each([
    [null, 'body'], [[], 'body'], ['text', 'body'], [{ clientSecret: 5 }, 'clientSecret'], [{ uniqueJti: 'yes' }, 'uniqueJti'],
    [{ claims: 'x'.repeat(8_193) }, 'claims'], [{ privateKey: 'k'.repeat(16_385) }, 'privateKey'],
  ])('refuses %#, naming %s', (body, field) => {
    expect(() => readCredentialFields(body)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });

  it('uses a saved secret left unchanged only for the host it was saved with', () => {
    const saved = { host: 'https://bots.kore.ai', clientSecret: 'saved-secret', privateKey: 'saved-key' };
    expect(withStoredSecrets({ host: 'BOTS.kore.ai/', clientSecret: '__PWRD__' }, '__PWRD__', saved)).toEqual({ host: 'BOTS.kore.ai/', clientSecret: 'saved-secret' });
    expect(withStoredSecrets({ host: 'x', clientSecret: 'typed' }, '__PWRD__', undefined)).toEqual({ host: 'x', clientSecret: 'typed' });
    expect(() => withStoredSecrets({ host: 'https://evil.example', clientSecret: '__PWRD__' }, '__PWRD__', saved)).toThrow(
      expect.objectContaining({ field: 'clientSecret', message: expect.stringContaining('only used with the host it was saved with') }),
    );
    expect(() => withStoredSecrets({ host: 'bots.kore.ai', privateKey: '__PWRD__' }, '__PWRD__', { host: 'bots.kore.ai' })).toThrow(expect.objectContaining({ field: 'privateKey' }));
  });

  it('compares hosts as hosts', () => {
    expect(sameHost('bots.kore.ai', 'https://BOTS.kore.ai/')).toBe(true);
    expect(sameHost('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false); // http and https differ
    expect(sameHost('not a host', 'not a host')).toBe(false);
  });
});

describe('readBotTarget', () => {
  it('validates each field, leaving blank language and state out', async () => {
    const values: Record<string, unknown> = { botId: ' st-1 ', language: '', state: 'published' };
    expect(await readBotTarget((field) => values[field])).toEqual({ botId: 'st-1', state: 'published' });
  });

  it('says where a refused value, or a value that could not be read, came from', async () => {
    await expect(readBotTarget((field) => (field === 'botId' ? '../x' : undefined), (field) => `msg.${field}`)).rejects.toMatchObject({
      code: 'INVALID_INPUT', field: 'botId', message: expect.stringMatching(/\(read from msg\.botId\)$/),
    });
    await expect(readBotTarget(async (field) => {
      if (field === 'language') throw new Error('bad expression\u001b[31m');
      return 'st-1';
    }, () => 'a JSONata expression')).rejects.toMatchObject({ field: 'language', message: 'language could not be read from a JSONata expression: bad expression\\u001b[31m' });
  });
});

describe('checkCredentials', () => {
  it('is OK only when Kore.ai answered about the made-up bot', async () => {
    const fake = fakeTransport(json(404, { errors: [{ msg: 'no such bot' }] }));
    expect(await checkCredentials(() => engine(fake.transport))).toEqual({ ok: true, message: expect.stringContaining('accepted') });
  });

  it('says what is wrong, with the hint, and never rejects', async () => {
    const refused = await checkCredentials(() => engine(fakeTransport(json(401, {})).transport));
    expect(refused).toMatchObject({ ok: false, code: 'UNAUTHORIZED', hint: expect.stringMatching(/\S/) });
    const invalid = await checkCredentials(() => {
      throw new KoreError('INVALID_INPUT', 'clientId must be text', { field: 'clientId' });
    });
    expect(invalid).toEqual({ ok: false, code: 'INVALID_INPUT', message: 'clientId must be text', field: 'clientId' });
    const foreign = await checkCredentials(() => {
      throw new Error(`boom with ${SECRET}`);
    });
    expect(foreign).toEqual({ ok: false, code: 'INTERNAL_ERROR', message: 'The check failed unexpectedly' });
  });

  it('redacts the typed secrets from what it shows, and closes the client', async () => {
    let closed = false;
    const client = { verifyCredentials: () => Promise.reject(new KoreError('NETWORK', 'refused for typed-secret-1')), close: () => void (closed = true) } as unknown as KoreClient;
    const result = await checkCredentials(() => client, { secrets: ['typed-secret-1'] });
    expect(result).toMatchObject({ ok: false, code: 'NETWORK', message: 'refused for [REDACTED]' });
    expect(closed).toBe(true);
  });
});

describe('summaries and outcomes', () => {
  const status = { trainingStatus: 'Finished', allInSync: false, outOfSync: ['isMlInSyncWithSynonyms'], trainDetails: { trainVersion: 4 } };
  const result = { outcome: 'finished' as const, status, requests: 3, elapsedMs: 1_200, transitions: [], training: { trainingId: 't1', message: 'queued' } };

  it('summarize a wait and a progress event in the fields every host shows', () => {
    expect(summarizeWait(result)).toEqual({
      outcome: 'finished', trainingStatus: 'Finished', allInSync: false, outOfSync: ['isMlInSyncWithSynonyms'], trainVersion: 4,
      elapsedMs: 1_200, requests: 3, transitions: [], training: { trainingId: 't1', message: 'queued' },
    });
    expect(summarizeProgress({ botId: 'st-1', status, elapsedMs: 5, requests: 1 })).toEqual({ event: 'progress', trainingStatus: 'Finished', elapsedMs: 5, requests: 1 });
  });

  it('route a status by its phase, and a wait by its outcome, passing progress and checkpoints to the wait', async () => {
    const parsed = { ...status, isMlInSyncWithSynonyms: false };
    const statusOf = (trainingStatus: string) => ({ getTrainingStatus: async () => ({ ...parsed, trainingStatus }) }) as unknown as KoreClient;
    expect(await runOperation(statusOf('Finished'), 'getStatus', { botId: 'st-1' })).toMatchObject({ way: 'finished', end: { kind: 'finished' }, summary: { outcome: 'finished' } });
    expect(await runOperation(statusOf('Queued'), 'getStatus', { botId: 'st-1' })).toMatchObject({ way: 'pending', end: { kind: 'inprogress', trainingStatus: 'Queued' } });
    let given: Record<string, unknown> = {};
    const waiting = { waitForTraining: async (params: Record<string, unknown>) => ((given = params), { ...result, outcome: 'failed' }) } as unknown as KoreClient;
    const onProgress = (): void => undefined;
    const onCheckpoint = (): void => undefined;
    const failed = await runOperation(waiting, 'waitForTraining', { botId: 'st-1', onProgress, onCheckpoint });
    expect(failed).toMatchObject({ way: 'failed', end: { kind: 'failed' }, summary: { outcome: 'failed' }, failed: { outcome: 'failed' } });
    expect(given).toMatchObject({ botId: 'st-1', onProgress, onCheckpoint });
  });
});

it('an error\'s JSON carries its hint', () => {
  expect(new KoreError('UNAUTHORIZED', 'refused').toJSON()).toMatchObject({ code: 'UNAUTHORIZED', hint: expect.stringMatching(/\S/) });
  expect(new KoreError('INVALID_INPUT', 'bad', { field: 'x' }).toJSON()).not.toHaveProperty('hint');
});
