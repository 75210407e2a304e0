import { startKoreSim, UnknownBotError, SpecError, type KoreSim } from '../src/index.js';
import { getStatus, manualClock, postTrain } from './helpers.js';

type Status = { trainingStatus: string; trainDetails?: { trainVersion: number } };

async function statusOf(sim: KoreSim, botId: string, query: Record<string, string> = {}): Promise<Status> {
  return (await getStatus(sim, botId, query)).json as Status;
}

describe('POST …/ml/train and training progress', () => {
  let clock: ReturnType<typeof manualClock>;
  let sim: KoreSim;

  beforeEach(async () => {
    clock = manualClock();
    sim = await startKoreSim({
      now: clock.now,
      bots: [
        { botId: 'st-a', trainingMs: 1000, staleMs: 300, trainVersion: 7 },
        { botId: 'st-fails', outcome: 'failed', trainingMs: 500, staleMs: 0 },
        { botId: 'st-langs', languages: ['en', 'de'], staleMs: 0, trainingMs: 1000 },
        { botId: 'st-noscope', scope: false },
      ],
    });
  });
  afterEach(() => sim.close());

  it('answers the documented array with a Training_ID', async () => {
    const answer = await postTrain(sim, 'st-a');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([{ message: 'Training Queued.', Training_ID: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
  });

  it('keeps reporting the previous Finished (same trainVersion) for staleMs, then Inprogress, then Finished +1', async () => {
    await postTrain(sim, 'st-a');
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 7 } });
    clock.advance(299);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 7 } });
    clock.advance(1);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    clock.advance(999);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    clock.advance(1);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 8 } });
    clock.advance(60_000);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainDetails: { trainVersion: 8 } });
  });

  it('answers the same Training_ID to a POST while a training runs (no restart), a new one after', async () => {
    const first = ((await postTrain(sim, 'st-a')).json as { Training_ID: string }[])[0]?.Training_ID;
    clock.advance(100);
    const duringStale = ((await postTrain(sim, 'st-a')).json as { Training_ID: string }[])[0]?.Training_ID;
    clock.advance(500);
    const duringTraining = ((await postTrain(sim, 'st-a')).json as { Training_ID: string }[])[0]?.Training_ID;
    expect(duringStale).toBe(first);
    expect(duringTraining).toBe(first);
    // Still ends 1300 ms after the first POST: the repeated POSTs did not restart it.
    clock.advance(700);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Finished');
    const next = ((await postTrain(sim, 'st-a')).json as { Training_ID: string }[])[0]?.Training_ID;
    expect(next).not.toBe(first);
  });

  it('ends a training with outcome failed as Failed, trainVersion unchanged, and a retrain can finish', async () => {
    await postTrain(sim, 'st-fails');
    expect((await statusOf(sim, 'st-fails')).trainingStatus).toBe('Inprogress');
    clock.advance(500);
    expect(await statusOf(sim, 'st-fails')).toEqual(expect.objectContaining({ trainingStatus: 'Failed' }));
    expect((await statusOf(sim, 'st-fails')).trainDetails).toBeUndefined();
    sim.updateBot('st-fails', { outcome: 'finished' });
    await postTrain(sim, 'st-fails');
    clock.advance(500);
    expect(await statusOf(sim, 'st-fails')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 2 } });
  });

  it('reports a failed previous training as the stale status', async () => {
    sim.updateBot('st-fails', { staleMs: 200 });
    await postTrain(sim, 'st-fails');
    clock.advance(700);
    expect((await statusOf(sim, 'st-fails')).trainingStatus).toBe('Failed');
    await postTrain(sim, 'st-fails');
    expect((await statusOf(sim, 'st-fails')).trainingStatus).toBe('Failed');
    clock.advance(200);
    expect((await statusOf(sim, 'st-fails')).trainingStatus).toBe('Inprogress');
  });

  it('keeps trainings per language; the POST language comes from the bot-language header', async () => {
    await postTrain(sim, 'st-langs', 'de');
    expect((await statusOf(sim, 'st-langs', { language: 'de' })).trainingStatus).toBe('Inprogress');
    expect((await statusOf(sim, 'st-langs', { language: 'en' })).trainingStatus).toBe('Finished');
    expect((await statusOf(sim, 'st-langs')).trainingStatus).toBe('Finished');
    await postTrain(sim, 'st-langs');
    expect((await statusOf(sim, 'st-langs')).trainingStatus).toBe('Inprogress');
    expect(sim.requests.filter((entry) => entry.kind === 'train').map((entry) => entry.botLanguage)).toEqual(['de', undefined]);

    const bad = await postTrain(sim, 'st-langs', 'fr');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ errors: [{ msg: expect.stringContaining('fr'), code: 400 }] });
  });

  it('answers 404 and 403 to a POST for an unknown bot or one without the scope', async () => {
    expect((await postTrain(sim, 'st-ghost')).status).toBe(404);
    expect((await postTrain(sim, 'st-noscope')).status).toBe(403);
  });

  it('trains the configured version only: the published record stays', async () => {
    sim.updateBot('st-a', { staleMs: 0, publishedTrainVersion: 6 });
    await postTrain(sim, 'st-a');
    clock.advance(1000);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 8 } });
    expect(await statusOf(sim, 'st-a', { state: 'published' })).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 6 } });
  });

  it('startTraining() acts like a person pressing Train: Inprogress at once, no stale window', async () => {
    const id = sim.startTraining('st-a');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    // A client's POST while it runs gets the same id and does not restart it.
    expect(((await postTrain(sim, 'st-a')).json as { Training_ID: string }[])[0]?.Training_ID).toBe(id);
    expect(sim.startTraining('st-a')).toBe(id);
    clock.advance(999);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    clock.advance(1);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 8 } });
    expect(sim.startTraining('st-langs', 'de')).not.toBe(id);
    expect(() => sim.startTraining('st-ghost')).toThrow(UnknownBotError);
    expect(() => sim.startTraining('st-langs', 'fr')).toThrow(SpecError);
  });

  it('an initial Inprogress training runs from sim start without a stale window', async () => {
    sim.addBot({ botId: 'st-busy', initial: 'Inprogress', trainingMs: 2000, outcome: 'failed' });
    expect((await statusOf(sim, 'st-busy')).trainingStatus).toBe('Inprogress');
    clock.advance(2000);
    expect((await statusOf(sim, 'st-busy')).trainingStatus).toBe('Failed');
  });

  it('updateBot changes a running training (e.g. finish it now) and can set the status outright', async () => {
    await postTrain(sim, 'st-a');
    clock.advance(400);
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    sim.updateBot('st-a', { trainingMs: 0 });
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 8 } });

    sim.updateBot('st-a', { initial: 'Failed' });
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Failed');
    sim.updateBot('st-a', { initial: 'Inprogress', trainingMs: 100 });
    expect((await statusOf(sim, 'st-a')).trainingStatus).toBe('Inprogress');
    sim.updateBot('st-a', { trainVersion: 42, legacyFlags: false });
    clock.advance(100);
    expect(await statusOf(sim, 'st-a')).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 43 } });
  });

  it('updateBot adds and removes languages; addBot replaces a bot with fresh state', async () => {
    sim.updateBot('st-a', { languages: ['en', 'nl'] });
    expect((await getStatus(sim, 'st-a', { language: 'nl' })).status).toBe(200);
    sim.updateBot('st-a', { languages: ['nl'] });
    expect((await getStatus(sim, 'st-a', { language: 'en' })).status).toBe(400);
    expect((await getStatus(sim, 'st-a')).json).toMatchObject({ trainDetails: { trainVersion: 7 } });

    sim.addBot({ botId: 'st-a', trainVersion: 1 });
    expect((await getStatus(sim, 'st-a')).json).toMatchObject({ trainDetails: { trainVersion: 1 } });
  });

  it('refuses nonsense specs', () => {
    expect(() => sim.addBot({ botId: '' })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'a/b' })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', languages: [] })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', trainingMs: -1 })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', outcome: 'maybe' as never })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', initial: 'Queued' as never })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', trainVersion: 1.5 })).toThrow(SpecError);
    expect(() => sim.addBot({ botId: 'x', scope: 'no' as never })).toThrow(SpecError);
    expect(() => sim.updateBot('st-ghost', {})).toThrow(UnknownBotError);
  });
});
