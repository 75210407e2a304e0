import { request } from 'node:http';
import { startKoreSim, type KoreSim, type RecordedRequest } from '../src/index.js';
import { getStatus, manualClock, postTrain } from './helpers.js';

async function control(sim: KoreSim, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** node:http, to send the Host and Origin headers a browser would. */
function rawRequest(sim: KoreSim, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, path, method: 'GET', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('control API', () => {
  const clock = manualClock();
  let sim: KoreSim;

  beforeEach(async () => {
    sim = await startKoreSim({ now: clock.now, bots: [{ botId: 'st-a' }] });
  });
  afterEach(() => sim.close());

  it('GET /__sim/info names the url, client id and bots, never the secret', async () => {
    const info = await control(sim, 'GET', '/info');
    expect(info).toEqual({ status: 200, json: { url: sim.url, clientId: 'sim-client-id', bots: ['st-a'], queuedFaults: 0 } });
    expect(JSON.stringify(info.json)).not.toContain(sim.clientSecret);
  });

  it('GET /__sim/requests lists the recorded requests (control calls are not recorded), with filters', async () => {
    await getStatus(sim, 'st-a');
    await postTrain(sim, 'st-a');
    await getStatus(sim, 'st-ghost');
    const all = (await control(sim, 'GET', '/requests')).json as RecordedRequest[];
    expect(all.map((entry) => [entry.method, entry.kind, entry.botId, entry.answeredStatus])).toEqual([
      ['GET', 'status', 'st-a', 200],
      ['POST', 'train', 'st-a', 200],
      ['GET', 'status', 'st-ghost', 404],
    ]);
    expect(all[0]?.claims).toMatchObject({ appId: 'sim-client-id' });
    const posts = (await control(sim, 'GET', '/requests?method=POST')).json as RecordedRequest[];
    expect(posts).toHaveLength(1);
    const ghost = (await control(sim, 'GET', '/requests?botId=st-ghost&path=status')).json as RecordedRequest[];
    expect(ghost).toHaveLength(1);
    expect(sim.requests).toHaveLength(3);
  });

  it('POST /__sim/bots adds a bot; PATCH updates it; bad specs are 400', async () => {
    expect((await control(sim, 'POST', '/bots', { botId: 'st-new', languages: ['de'], trainVersion: 9 })).status).toBe(201);
    expect((await getStatus(sim, 'st-new')).json).toMatchObject({ trainDetails: { trainVersion: 9 } });
    expect((await control(sim, 'PATCH', '/bots/st-new', { initial: 'Failed' })).status).toBe(200);
    expect((await getStatus(sim, 'st-new')).json).toMatchObject({ trainingStatus: 'Failed' });

    expect((await control(sim, 'POST', '/bots', { languages: ['en'] })).status).toBe(400);
    expect((await control(sim, 'POST', '/bots', { botId: 'x', trainingMs: 'soon' })).status).toBe(400);
    expect((await control(sim, 'POST', '/bots', '{not json')).status).toBe(400);
    expect((await control(sim, 'POST', '/bots')).status).toBe(400);
    expect((await control(sim, 'PATCH', '/bots/st-ghost', { scope: false })).status).toBe(404);
    expect((await control(sim, 'PATCH', '/bots/st-new', [1])).status).toBe(400);
  });

  it('POST /__sim/bots/:botId/train starts a training like a person pressing Train', async () => {
    const started = await control(sim, 'POST', '/bots/st-a/train');
    expect(started).toEqual({ status: 200, json: { Training_ID: expect.stringMatching(/^[0-9a-f]{24}$/) } });
    expect((await getStatus(sim, 'st-a')).json).toMatchObject({ trainingStatus: 'Inprogress' });
    expect((await control(sim, 'POST', '/bots/st-a/train', { language: 'fr' })).status).toBe(400);
    expect((await control(sim, 'POST', '/bots/st-ghost/train')).status).toBe(404);
  });

  it('POST /__sim/faults queues a fault, DELETE drops them, bad faults are 400', async () => {
    expect(await control(sim, 'POST', '/faults', { kind: 'server-error', status: 502, times: 2 })).toEqual({
      status: 201,
      json: { ok: true, queuedFaults: 1 },
    });
    expect((await getStatus(sim, 'st-a')).status).toBe(502);
    expect((await control(sim, 'DELETE', '/faults')).status).toBe(200);
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
    expect((await control(sim, 'POST', '/faults', { kind: 'meteor' })).status).toBe(400);
  });

  it('POST /__sim/reset forgets requests and faults', async () => {
    await getStatus(sim, 'st-a');
    sim.injectFault({ kind: 'hang' });
    expect((await control(sim, 'POST', '/reset')).status).toBe(200);
    expect(sim.requests).toHaveLength(0);
    expect((await getStatus(sim, 'st-a')).status).toBe(200);
  });

  it('unknown control endpoints are JSON 404', async () => {
    expect((await control(sim, 'GET', '/nothing')).status).toBe(404);
    expect((await control(sim, 'DELETE', '/bots/st-a')).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding) or a non-loopback Origin (a web page)', async () => {
    expect(await rawRequest(sim, '/__sim/info', {})).toBe(200);
    expect(await rawRequest(sim, '/__sim/info', { host: `localhost:${sim.port}` })).toBe(200);
    expect(await rawRequest(sim, '/__sim/info', { host: `evil.example:${sim.port}` })).toBe(403);
    expect(await rawRequest(sim, '/__sim/info', { origin: 'https://evil.example' })).toBe(403);
    expect(await rawRequest(sim, '/__sim/info', { origin: 'http://localhost:5173' })).toBe(200);
  });
});
