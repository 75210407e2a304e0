import { ALL_SYNC_FLAGS, BASE_SYNC_FLAGS, LEGACY_SYNC_FLAGS, startKoreSim, type KoreSim } from '../src/index.js';
import { call, getStatus, manualClock } from './helpers.js';

describe('GET …/ml/train/status', () => {
  const clock = manualClock();
  let sim: KoreSim;

  beforeAll(async () => {
    sim = await startKoreSim({
      now: clock.now,
      bots: [
        { botId: 'st-done', trainVersion: 3 },
        { botId: 'st-failed', initial: 'Failed' },
        { botId: 'st-busy', initial: 'Inprogress', trainingMs: 60_000 },
        { botId: 'st-legacy', legacyFlags: true },
        { botId: 'st-legacy-busy', legacyFlags: true, initial: 'Inprogress', trainingMs: 60_000 },
        { botId: 'st-drift', outOfSync: ['isMlInSyncWithSynonyms', 'Patterns'] },
        { botId: 'st-multi', languages: ['de', 'en'], trainVersion: 5, publishedTrainVersion: 4 },
        { botId: 'st-noscope', scope: false },
      ],
    });
  });
  afterAll(() => sim.close());

  it('answers Finished with all ten sync flags and trainDetails, exactly the documented shape', async () => {
    const answer = await getStatus(sim, 'st-done');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      trainingStatus: 'Finished',
      isMlInSyncWithSentences: true,
      isMlInSyncWithSynonyms: true,
      isMlInSyncWithMlparams: true,
      isMlInSyncWithTraits: true,
      isMlInSyncWithSmallTalk: true,
      isMlInSyncWithUBTraining: true,
      isMlInSyncWithEntityNode: true,
      isMlInSyncWithIntentNode: true,
      isMlInSyncWithPatterns: true,
      isMlInSyncWithBTUtterances: true,
      trainDetails: { nlpVersion: 3, trainVersion: 3 },
    });
    expect(Object.keys(answer.json as object)).toEqual(['trainingStatus', ...ALL_SYNC_FLAGS, 'trainDetails']);
  });

  it('answers Failed and Inprogress with the six flags and no trainDetails', async () => {
    const failed = await getStatus(sim, 'st-failed');
    expect(Object.keys(failed.json as object)).toEqual(['trainingStatus', ...BASE_SYNC_FLAGS]);
    expect(failed.json).toMatchObject({ trainingStatus: 'Failed', isMlInSyncWithUBTraining: true });

    const busy = await getStatus(sim, 'st-busy');
    expect(Object.keys(busy.json as object)).toEqual(['trainingStatus', ...BASE_SYNC_FLAGS]);
    expect(busy.json).toMatchObject({ trainingStatus: 'Inprogress' });
  });

  it('answers only the four old flags (and no trainDetails) for a legacy bot', async () => {
    const done = await getStatus(sim, 'st-legacy');
    expect(done.json).toEqual({
      trainingStatus: 'Finished',
      isMlInSyncWithSentences: true,
      isMlInSyncWithSynonyms: true,
      isMlInSyncWithMlparams: true,
      isMlInSyncWithTraits: true,
    });
    const busy = await getStatus(sim, 'st-legacy-busy');
    expect(Object.keys(busy.json as object)).toEqual(['trainingStatus', ...LEGACY_SYNC_FLAGS]);
  });

  it('reports the outOfSync flags as false, by full or short name', async () => {
    const answer = (await getStatus(sim, 'st-drift')).json as Record<string, unknown>;
    expect(answer.isMlInSyncWithSynonyms).toBe(false);
    expect(answer.isMlInSyncWithPatterns).toBe(false);
    expect(answer.isMlInSyncWithSentences).toBe(true);
    // The published model is frozen: it is in sync with itself.
    const published = (await getStatus(sim, 'st-drift', { state: 'published' })).json as Record<string, unknown>;
    expect(published.isMlInSyncWithSynonyms).toBe(true);
  });

  it('answers the configured model by default and the published one for state=published', async () => {
    const configured = await getStatus(sim, 'st-multi');
    expect(configured.json).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 5 } });
    const explicit = await getStatus(sim, 'st-multi', { state: 'configured' });
    expect(explicit.json).toEqual(configured.json);
    const published = await getStatus(sim, 'st-multi', { state: 'published' });
    expect(published.json).toMatchObject({ trainingStatus: 'Finished', trainDetails: { nlpVersion: 3, trainVersion: 4 } });
    // A bot that is training still has a Finished published model.
    const busyPublished = await getStatus(sim, 'st-busy', { state: 'published' });
    expect(busyPublished.json).toMatchObject({ trainingStatus: 'Finished', trainDetails: { trainVersion: 1 } });
  });

  it('uses the first language by default and accepts every enabled language', async () => {
    expect((await getStatus(sim, 'st-multi', { language: 'en' })).status).toBe(200);
    expect((await getStatus(sim, 'st-multi', { language: 'de' })).status).toBe(200);
    expect((await getStatus(sim, 'st-multi', { language: '' })).status).toBe(200);
    const recorded = sim.requests.filter((entry) => entry.botId === 'st-multi').map((entry) => entry.query.language);
    expect(recorded).toContain('de');
  });

  it('answers 400 for a language the bot does not have and for an unknown state', async () => {
    const language = await getStatus(sim, 'st-multi', { language: 'fr' });
    expect(language.status).toBe(400);
    expect(language.json).toEqual({ errors: [{ msg: expect.stringContaining('fr'), code: 400 }] });
    const state = await getStatus(sim, 'st-done', { state: 'draft' });
    expect(state.status).toBe(400);
    expect(state.json).toEqual({ errors: [{ msg: expect.any(String), code: 400 }] });
  });

  it('answers 404 for an unknown bot and 403 for a bot without the scope', async () => {
    const unknown = await getStatus(sim, 'st-nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ errors: [{ msg: 'Bot not found', code: 404 }] });
    const forbidden = await getStatus(sim, 'st-noscope');
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ errors: [{ msg: expect.stringContaining('scope'), code: 403 }] });
  });

  it('answers JSON 404 for unknown paths and 405 for a wrong method', async () => {
    const missing = await call(sim, '/api/public/bot/st-done/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ errors: [{ msg: 'Not found', code: 404 }] });
    const root = await call(sim, '/');
    expect(root.status).toBe(404);

    const wrong = await call(sim, '/api/public/bot/st-done/ml/train/status', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(wrong.json).toEqual({ errors: [{ msg: expect.any(String), code: 405 }] });
    const wrongTrain = await call(sim, '/api/public/bot/st-done/ml/train', { method: 'GET' });
    expect(wrongTrain.status).toBe(405);
    expect(wrongTrain.headers.get('allow')).toBe('POST');
  });

  it('accepts a trailing slash and a URL-encoded bot id', async () => {
    expect((await call(sim, '/api/public/bot/st-done/ml/train/status/')).status).toBe(200);
    expect((await call(sim, '/api/public/bot/st%2Ddone/ml/train/status')).status).toBe(200);
  });
});
