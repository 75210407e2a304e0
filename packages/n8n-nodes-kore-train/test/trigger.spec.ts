import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { JWT_SHAPE as JWT } from '@kore-train/testkit';
import { KoreAiMlTrainingTrigger } from '../nodes/KoreAiMlTrainingTrigger/KoreAiMlTrainingTrigger.node';
import { shouldFire } from '@kore-train/core/engine';
import { credentialsFor, newLog, type Params } from './harness';
import { runPoll } from './trigger-harness';

const TRAINING_MS = 1000;

// The simulator's clock: trainings progress when a test moves it, never by sleeping.
let now = Date.now();
let sim: KoreSim;

beforeAll(async () => {
  sim = await startKoreSim({ now: () => now, bots: [] });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clearFaults();
});

let botCounter = 0;
/** A fresh bot per test (Finished, trainVersion 1), so tests never share a training. */
function newBot(outcome: 'finished' | 'failed' = 'finished', extra: { languages?: string[] } = {}): string {
  const botId = `st-trigger-${++botCounter}`;
  sim.addBot({ botId, trainingMs: TRAINING_MS, outcome, ...extra });
  return botId;
}

/** One active workflow's trigger: its parameters and its static data, polled like n8n does. */
function watcher(params: Params) {
  const staticData: IDataObject = {};
  const log = newLog();
  let node = new KoreAiMlTrainingTrigger();
  return {
    staticData,
    log,
    poll: (mode: 'trigger' | 'manual' = 'trigger') => runPoll({ params, credentials: credentialsFor(sim), staticData, mode, log }, node),
    /** n8n restarts: a new node instance, and the static data as the database gave it back. */
    restart() {
      const stored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
      for (const key of Object.keys(staticData)) delete staticData[key];
      Object.assign(staticData, stored);
      node = new KoreAiMlTrainingTrigger();
    },
  };
}

const params = (botId: string, event: string, extra: Params = {}): Params => ({ event, botId, language: '', state: 'configured', ...extra });

/** Runs one training of `botId` to its end on the sim clock, polling once while it runs. */
async function trainThrough(poll: () => Promise<unknown>, botId: string): Promise<unknown> {
  sim.startTraining(botId);
  const during = await poll();
  now += TRAINING_MS + 1;
  return during;
}

function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { ...v, message: v.message, description: (v as NodeOperationError).description } : v));
  expect(text).not.toContain(sim.clientSecret);
  expect(text).not.toMatch(JWT);
}

describe('description', () => {
  const node = new KoreAiMlTrainingTrigger();

  it('is a polling trigger with the Kore.ai API credential and no input', () => {
    expect(node.description).toMatchObject({ name: 'koreAiMlTrainingTrigger', polling: true, group: ['trigger'], inputs: [] });
    expect(node.description.outputs).toHaveLength(1);
    expect(node.description.credentials).toEqual([expect.objectContaining({ name: 'koreAiApi', required: true })]);
    expect(typeof node.poll).toBe('function');
    const [entry] = node.description.credentials ?? [];
    expect(node.methods.credentialTest[entry!.testedBy as 'koreAiApiCredentialTest']).toBeInstanceOf(Function);
  });

  it('watches a bot, a language and a state, and fires on an end (by outcome) or every status change', () => {
    const names = node.description.properties.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['event', 'botId', 'language', 'state']));
    const event = node.description.properties.find((p) => p.name === 'event');
    expect((event?.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['ended', 'failed', 'finished', 'statusChange']);
    expect(event?.default).toBe('ended');
  });
});

describe('firing', () => {
  it('records a baseline on activation and does not fire for a training that ended before', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'ended'));
    expect(await trigger.poll()).toBeNull();
    expect(trigger.staticData).toEqual({ watching: `${botId}||configured`, status: 'Finished', trainVersion: 1 });
    expect(await trigger.poll()).toBeNull();
    // One status request per poll, nothing else.
    expect(trigger.log.calls).toHaveLength(2);
    expect(trigger.log.calls.every((c) => c.method === 'GET' && c.url.includes(`/bot/${botId}/ml/train/status`))).toBe(true);
  });

  it('fires once when a training Finishes, with the action node\'s item fields', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'finished'));
    await trigger.poll();
    expect(await trainThrough(trigger.poll, botId)).toBeNull(); // Inprogress is not an end
    const fired = await trigger.poll();
    expect(fired).toHaveLength(1);
    expect(fired![0]).toHaveLength(1);
    expect(fired![0]![0]!.json).toMatchObject({
      botId,
      state: 'configured',
      outcome: 'finished',
      trainingStatus: 'Finished',
      allInSync: expect.any(Boolean),
      outOfSync: expect.any(Array),
      status: expect.objectContaining({ trainingStatus: 'Finished', trainDetails: expect.objectContaining({ trainVersion: 2 }) }),
      trainVersion: 2,
      previousStatus: 'Inprogress',
    });
    expect(await trigger.poll()).toBeNull();
    expect(await trigger.poll()).toBeNull();
    expectNoSecrets(fired);
  });

  it('fires once when a training Fails, and "Training Finished" ignores a Failed one', async () => {
    const botId = newBot('failed');
    const onFailed = watcher(params(botId, 'failed'));
    const onFinished = watcher(params(botId, 'finished'));
    await onFailed.poll();
    await onFinished.poll();
    sim.startTraining(botId);
    expect(await onFailed.poll()).toBeNull();
    expect(await onFinished.poll()).toBeNull();
    now += TRAINING_MS + 1;
    const fired = await onFailed.poll();
    expect(fired![0]![0]!.json).toMatchObject({ botId, outcome: 'failed', trainingStatus: 'Failed', previousStatus: 'Inprogress' });
    expect(await onFinished.poll()).toBeNull();
    expect(await onFailed.poll()).toBeNull();
  });

  it('"Training Ended" fires once for a Finished and once for a Failed training', async () => {
    const finishing = newBot('finished');
    const failing = newBot('failed');
    for (const [botId, status] of [[finishing, 'Finished'], [failing, 'Failed']] as const) {
      const trigger = watcher(params(botId, 'ended'));
      await trigger.poll();
      await trainThrough(trigger.poll, botId);
      const fired = await trigger.poll();
      expect(fired![0]!.map((item) => item.json.trainingStatus)).toEqual([status]);
      expect(await trigger.poll()).toBeNull();
    }
  });

  it('fires for a training that started and ended between two polls (a new trainVersion)', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'ended'));
    await trigger.poll();
    sim.startTraining(botId);
    now += TRAINING_MS + 1;
    const fired = await trigger.poll();
    expect(fired![0]![0]!.json).toMatchObject({ trainingStatus: 'Finished', trainVersion: 2, previousStatus: 'Finished', previousTrainVersion: 1 });
    expect(await trigger.poll()).toBeNull();
  });

  it('"Any Status Change" fires for Inprogress and again for Finished, once each', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'statusChange'));
    expect(await trigger.poll()).toBeNull();
    const started = await trainThrough(trigger.poll, botId);
    expect((started as Array<Array<{ json: IDataObject }>>)[0]![0]!.json).toMatchObject({ outcome: 'inprogress', trainingStatus: 'Inprogress', previousStatus: 'Finished' });
    expect((await trigger.poll())![0]![0]!.json).toMatchObject({ outcome: 'finished', trainingStatus: 'Finished', previousStatus: 'Inprogress' });
    expect(await trigger.poll()).toBeNull();
  });

  it('does not fire twice for the same training after a restart, and still fires for the end of one that ran across it', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'ended'));
    await trigger.poll();
    await trainThrough(trigger.poll, botId);
    expect(await trigger.poll()).not.toBeNull();
    trigger.restart();
    expect(await trigger.poll()).toBeNull();

    // n8n goes down while a training runs, and comes back after it ended.
    sim.startTraining(botId);
    expect(await trigger.poll()).toBeNull();
    trigger.restart();
    now += TRAINING_MS + 1;
    expect((await trigger.poll())![0]![0]!.json).toMatchObject({ trainingStatus: 'Finished', trainVersion: 3, previousStatus: 'Inprogress' });
    trigger.restart();
    expect(await trigger.poll()).toBeNull();
  });

  it('starts a new baseline when the watched bot, language or state changes', async () => {
    const first = newBot();
    const second = newBot();
    sim.startTraining(second); // a status the first bot's baseline would call a change
    const trigger = watcher(params(first, 'statusChange'));
    await trigger.poll();
    const moved = watcher(params(second, 'statusChange'));
    Object.assign(moved.staticData, trigger.staticData); // same node, parameters edited
    expect(await moved.poll()).toBeNull();
    expect(moved.staticData).toMatchObject({ watching: `${second}||configured`, status: 'Inprogress' });
    const otherState = watcher(params(first, 'statusChange', { state: 'published' }));
    Object.assign(otherState.staticData, { ...trigger.staticData, status: 'Inprogress' });
    expect(await otherState.poll()).toBeNull();
  });

  it('a manual test returns the current status without touching the baseline', async () => {
    const botId = newBot('finished', { languages: ['en', 'de'] });
    const trigger = watcher(params(botId, 'ended', { language: 'de', state: 'published' }));
    const out = await trigger.poll('manual');
    expect(out).toHaveLength(1);
    expect(out![0]![0]!.json).toMatchObject({ botId, language: 'de', state: 'published', trainingStatus: 'Finished', outcome: 'finished' });
    expect(out![0]![0]!.json).not.toHaveProperty('previousStatus');
    expect(trigger.staticData).toEqual({});
    expect(trigger.log.calls[0]!.url).toMatch(/[?&]language=de(&|$)/);
    expect(trigger.log.calls[0]!.url).toMatch(/[?&]state=published(&|$)/);
  });

  it('a failed request keeps the last status, so the end is still seen by the next poll', async () => {
    const botId = newBot();
    const trigger = watcher(params(botId, 'ended'));
    await trigger.poll();
    sim.startTraining(botId);
    await trigger.poll();
    now += TRAINING_MS + 1;
    sim.injectFault({ kind: 'server-error', status: 503, botId });
    const error = await trigger.poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect(trigger.staticData).toMatchObject({ status: 'Inprogress' });
    expect((await trigger.poll())![0]![0]!.json).toMatchObject({ trainingStatus: 'Finished' });
  });
});

describe('errors', () => {
  const pollError = async (p: Params, credentials = credentialsFor(sim)) => {
    const log = newLog();
    const error = await runPoll({ params: p, credentials, staticData: {}, log }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expectNoSecrets(error);
    return { error: error as NodeOperationError | NodeApiError, requests: log.calls.length };
  };

  it('names the field of a bad parameter, before any request', async () => {
    const botId = newBot();
    const cases: Array<[Params, RegExp]> = [
      [params('', 'ended'), /^Bot ID /],
      [params('st-has a space', 'ended'), /^Bot ID /],
      [params(botId, 'ended', { language: 'not a language!' }), /^Language /],
      [params(botId, 'ended', { state: 'draft' }), /^State /],
      [params(botId, 'whenever'), /^Trigger On must be one of/],
    ];
    for (const [p, message] of cases) {
      const { error, requests } = await pollError(p);
      expect(error).toBeInstanceOf(NodeOperationError);
      expect(error.message).toMatch(message);
      expect(requests).toBe(0);
    }
  });

  it('a wrong secret is a NodeApiError 401 that points at the credential, without the secret', async () => {
    const botId = newBot();
    const wrong = 'trigger-wrong-secret-0123456789abcdef';
    const { error } = await pollError(params(botId, 'ended'), credentialsFor(sim, { clientSecret: wrong }));
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('401');
    expect(error.description).toMatch(/credential/);
    expect(JSON.stringify(error)).not.toContain(wrong);
  });

  it('an unknown bot is a NodeApiError 404', async () => {
    const { error } = await pollError(params('st-no-such-bot', 'ended'));
    expect((error as NodeApiError).httpCode).toBe('404');
  });
});

describe('shouldFire', () => {
  const seen = (status: string, trainVersion?: number) => ({ watching: 'st-x||configured', status, ...(trainVersion === undefined ? {} : { trainVersion }) });

  it('fires only on a change, and only for the chosen end', () => {
    expect(shouldFire(undefined, seen('Failed', 1), 'statusChange')).toBe(false);
    expect(shouldFire(seen('Finished', 1), seen('Finished', 1), 'statusChange')).toBe(false);
    expect(shouldFire(seen('Inprogress', 1), seen('Finished', 2), 'finished')).toBe(true);
    expect(shouldFire(seen('Inprogress', 1), seen('Failed', 1), 'finished')).toBe(false);
    expect(shouldFire(seen('Inprogress', 1), seen('Failed', 1), 'ended')).toBe(true);
    expect(shouldFire(seen('Finished', 1), seen('Queued', 1), 'ended')).toBe(false);
    expect(shouldFire(seen('Finished', 1), seen('Queued', 1), 'statusChange')).toBe(true);
    // Bots that send no trainDetails: the status alone tells the change.
    expect(shouldFire(seen('Inprogress'), seen('Finished'), 'ended')).toBe(true);
  });
});
