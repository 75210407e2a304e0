import { startKoreSim } from '../src/index.js';
import { call, getStatus, manualClock, postTrain, statusPath, tokenFor } from './helpers.js';

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('recording', () => {
  it('records every request in order with what tests need, never the token', async () => {
    const clock = manualClock(1_000_000);
    const sim = await startKoreSim({ now: clock.now, bots: [{ botId: 'st-a', languages: ['en', 'de'] }] });
    try {
      const requests = sim.requests;
      const token = await tokenFor(sim);
      await getStatus(sim, 'st-a', { language: 'de', state: 'published' }, token);
      clock.advance(250);
      await postTrain(sim, 'st-a', 'de');
      await call(sim, '/nowhere?x=1', { token: null });
      expect(requests).toEqual([
        {
          at: 1_000_000,
          method: 'GET',
          path: '/api/public/bot/st-a/ml/train/status',
          kind: 'status',
          botId: 'st-a',
          query: { language: 'de', state: 'published' },
          authOk: true,
          claims: expect.objectContaining({ appId: 'sim-client-id', iat: 1000, exp: 1300, jti: expect.any(String) }),
          answeredStatus: 200,
        },
        expect.objectContaining({ at: 1_000_250, method: 'POST', kind: 'train', botId: 'st-a', botLanguage: 'de', answeredStatus: 200 }),
        expect.objectContaining({ method: 'GET', path: '/nowhere', kind: 'other', query: { x: '1' }, authOk: false, answeredStatus: 404 }),
      ]);
      expect(JSON.stringify(requests)).not.toContain(token);
      expect(sim.count()).toBe(3);
      expect(sim.count({ method: 'GET' })).toBe(2);
      expect(sim.count({ path: 'status' })).toBe(1);
      expect(sim.count({ path: 'train', botId: 'st-a' })).toBe(1);
      expect(sim.count({ botId: 'st-b' })).toBe(0);

      sim.reset();
      expect(requests).toHaveLength(0);
      expect(sim.requests).toBe(requests);
      await getStatus(sim, 'st-a');
      expect(requests).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});

describe('lifecycle', () => {
  it('listens on 127.0.0.1 on a free port by default, or on the given port', async () => {
    const first = await startKoreSim();
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    expect(first.port).toBeGreaterThan(0);
    const port = first.port;
    await expect(startKoreSim({ port })).rejects.toThrow(/EADDRINUSE/);
    await first.close();
    const again = await startKoreSim({ port });
    expect(again.port).toBe(port);
    await again.close();
  });

  it('close() ends hanging and keep-alive connections at once and leaves no TCP handle', async () => {
    const before = tcpHandles();
    const sim = await startKoreSim({ bots: [{ botId: 'st-a' }] });
    // A keep-alive connection left idle in fetch's pool, and two requests that never get an answer.
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    sim.injectFault({ kind: 'hang', times: 2 });
    const hanging = [call(sim, statusPath('st-a')), postTrain(sim, 'st-a')];
    hanging.forEach((promise) => promise.catch(() => undefined));
    while (sim.count() < 3) await settle();

    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    for (const promise of hanging) await expect(promise).rejects.toThrow('fetch failed');
    await settle();
    expect(tcpHandles()).toBeLessThanOrEqual(before);
    // Closing twice is harmless.
    await sim.close();
  });

  it('runs no timers: a sim with a long training in flight closes with nothing pending', async () => {
    const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const sim = await startKoreSim({ bots: [{ botId: 'st-a', initial: 'Inprogress', trainingMs: 3_600_000 }] });
    expect((await getStatus(sim, 'st-a')).json).toMatchObject({ trainingStatus: 'Inprogress' });
    await sim.close();
    await settle();
    expect(process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length).toBeLessThanOrEqual(before);
  });
});
