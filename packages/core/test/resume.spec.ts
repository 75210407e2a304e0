// Resumable waits (issue 11) on fake time: a token from one client lets another go on with the same wait.
import { createKoreClient, containsJwt, describeResumeToken, type KoreClient } from '../src/index.js';
import { decodeResumeToken } from '../src/resume-token.js';
import { fakeTransport, finished, inProgress, json, SECRET, timeline } from './fake-transport.js';
import { settle, until } from './fake-time.js';

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-29T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

type Fake = ReturnType<typeof fakeTransport>;
const HOST = 'https://bots.kore.ai';
const client = (fake: Fake, host = HOST): KoreClient =>
  createKoreClient({ host, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, random: () => 0.5 });



it('hands out a token at the start and at each change, and puts it on an ABORTED error', async () => {
  const fake = fakeTransport(timeline(60_000));
  const tokens: string[] = [];
  const controller = new AbortController();
  const waiting = settle(client(fake).waitForTraining({ botId: 'st-1', language: 'en', timeoutMs: 600_000, signal: controller.signal, onCheckpoint: (t) => tokens.push(t) }));
  await until(() => tokens.length >= 2);
  controller.abort();
  const { error } = await waiting;
  expect(error!.code).toBe('ABORTED');
  expect(error!.resumeToken).toMatch(/^kt1\./);
  expect(error!.toJSON()['resumeToken']).toBe(error!.resumeToken);
  const saved = decodeResumeToken(error!.resumeToken);
  expect(saved).toMatchObject({ host: HOST, botId: 'st-1', language: 'en', deadline: Date.parse('2026-11-29T10:00:00Z') + 600_000, inProgress: true });
  expect(saved.requests).toBe(fake.requests.length);
  expect(describeResumeToken(error!.resumeToken!)).toEqual({ botId: 'st-1', language: 'en', deadline: saved.deadline, trainAndWait: false });
  expect(() => describeResumeToken('kt1.x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'resumeToken' }));
});

it('holds no secret, key or JWT', async () => {
  const fake = fakeTransport((req) => (req.method === 'POST' ? json(200, [{ Training_ID: 't-1' }]) : inProgress()));
  let token = '';
  const { error } = await settle(client(fake).trainAndWait({ botId: 'st-1', timeoutMs: 10_000, onCheckpoint: (t) => (token = t) }));
  expect(error!.code).toBe('TIMEOUT');
  for (const text of [token, error!.resumeToken!, Buffer.from(token.slice(4), 'base64url').toString()]) {
    expect(text).not.toContain(SECRET);
    expect(containsJwt(text)).toBe(false);
    expect(text).not.toContain(fake.requests[0]!.headers['auth']);
  }
});

it('goes on in another client with the same deadline, counting the requests made before', async () => {
  const first = fakeTransport(timeline(3 * 3_600_000));
  const controller = new AbortController();
  let token = '';
  const waiting = settle(client(first).waitForTraining({ botId: 'st-1', timeoutMs: 2 * 3_600_000, signal: controller.signal, onCheckpoint: (t) => (token = t) }));
  const began = Date.now();
  await until(() => Date.now() - began > 1_800_000);
  controller.abort();
  await waiting;
  const second = fakeTransport(inProgress());
  const { error, atMs } = await settle(client(second).resumeWait(token));
  expect(error!.code).toBe('TIMEOUT');
  // The deadline is the original one: two hours after the first client began, not after the resume.
  expect(Date.now()).toBe(Date.parse('2026-11-29T10:00:00Z') + 2 * 3_600_000);
  expect(atMs).toBeLessThan(2 * 3_600_000);
  // The schedule goes on where it was: no burst of 1 s polls after the resume of a long wait.
  const gaps = second.requests.slice(1).map((r, i) => r.at - second.requests[i]!.at);
  expect(Math.min(...gaps)).toBeGreaterThan(20_000);
});

it('keeps the stale-Finished guard of a train-and-wait across the resume', async () => {
  // Before the POST the bot shows trainVersion 1; after it, the stale Finished (version 1) lingers.
  const first = fakeTransport((req) => (req.method === 'POST' ? json(200, [{ Training_ID: 't-1' }]) : finished(1)));
  let token = '';
  const controller = new AbortController();
  const waiting = settle(client(first).trainAndWait({ botId: 'st-1', timeoutMs: 600_000, settleMs: 300_000, signal: controller.signal, onCheckpoint: (t) => (token = t) }));
  await until(() => token !== '' && first.statusRequests().length >= 3);
  controller.abort();
  expect((await waiting).error!.code).toBe('ABORTED');
  // The new process still sees version 1 for a while, then the new training's version 2.
  const resumedAt = Date.now();
  const second = fakeTransport(() => (Date.now() - resumedAt < 60_000 ? finished(1) : finished(2)));
  const { value } = await settle(client(second).resumeWait(token));
  expect(value!.outcome).toBe('finished');
  expect(value!.status.trainDetails?.trainVersion).toBe(2);
  expect(value!.training).toEqual({ trainingId: 't-1', message: '' });
});

it('refuses a malformed or foreign token, and says TIMEOUT for an expired one unless given a new timeout', async () => {
  const fake = fakeTransport(inProgress());
  for (const bad of ['', 'kt1.', 'kt1.!!!', 'kt2.e30', 'kt1.' + Buffer.from('{"v":1}').toString('base64url'), 'x'.repeat(5_000)]) {
    await expect(client(fake).resumeWait(bad)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'resumeToken' });
  }
  let token = '';
  const { error } = await settle(client(fake).waitForTraining({ botId: 'st-1', timeoutMs: 5_000, onCheckpoint: (t) => (token = t) }));
  expect(error!.code).toBe('TIMEOUT');
  await expect(client(fake, 'https://eu-bots.kore.ai').resumeWait(token)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'resumeToken' });
  await expect(client(fake).resumeWait(token)).rejects.toMatchObject({ code: 'TIMEOUT', resumeToken: token });
  const finishedNow = fakeTransport(finished());
  const { value } = await settle(client(finishedNow).resumeWait(error!.resumeToken!, { timeoutMs: 60_000 }));
  expect(value!.outcome).toBe('finished');
  expect(finishedNow.requests).toHaveLength(1);
});
