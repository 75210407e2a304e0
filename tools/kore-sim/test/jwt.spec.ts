import { generateKeyPairSync } from 'node:crypto';
import { startKoreSim, type KoreSim } from '../src/index.js';
import { call, getStatus, manualClock, postTrain, statusPath, tokenFor } from './helpers.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const other = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JWT verification', () => {
  const clock = manualClock();
  let sim: KoreSim;
  let rsaSim: KoreSim;
  let jtiSim: KoreSim;

  beforeAll(async () => {
    const bots = [{ botId: 'st-bot' }];
    [sim, rsaSim, jtiSim] = await Promise.all([
      startKoreSim({ now: clock.now, bots, clientId: 'cs-app' }),
      startKoreSim({ now: clock.now, bots, publicKeyPem: publicKey }),
      startKoreSim({ now: clock.now, bots, enforceJti: true }),
    ]);
  });
  afterAll(() => Promise.all([sim.close(), rsaSim.close(), jtiSim.close()]));

  async function expect401(target: KoreSim, token: string | null, reason: RegExp): Promise<void> {
    const answer = await call(target, statusPath('st-bot'), { token });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ errors: [{ msg: expect.stringMatching(reason), code: 401 }] });
    if (token) expect(answer.text).not.toContain(token);
    const entry = target.requests.at(-1);
    expect(entry).toMatchObject({ authOk: false, answeredStatus: 401 });
    expect(entry?.claims).toBeUndefined();
  }

  it('defaults: client id sim-client-id, a random 64-hex secret per start', async () => {
    const [a, b] = await Promise.all([startKoreSim(), startKoreSim()]);
    try {
      expect(a.clientId).toBe('sim-client-id');
      expect(a.clientSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(b.clientSecret).not.toBe(a.clientSecret);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('accepts HS256 and HS512 tokens signed with the client secret, and records the verified claims', async () => {
    const hs256 = await tokenFor(sim, { claims: { sub: 'user-1' } });
    expect((await getStatus(sim, 'st-bot', {}, hs256)).status).toBe(200);
    const entry = sim.requests.at(-1);
    expect(entry).toMatchObject({ authOk: true, claims: { appId: 'cs-app', sub: 'user-1' } });
    expect(entry?.authError).toBeUndefined();
    expect(JSON.stringify(sim.requests)).not.toContain(hs256);
    expect((await getStatus(sim, 'st-bot', {}, await tokenFor(sim, { algorithm: 'HS512' }))).status).toBe(200);
    expect((await postTrain(sim, 'st-bot', undefined, await tokenFor(sim, { algorithm: 'HS512' }))).status).toBe(200);
  });

  it('accepts RS256 and RS512 tokens when given the public key, and still HS256', async () => {
    for (const algorithm of ['RS256', 'RS512'] as const) {
      const token = await tokenFor(rsaSim, { algorithm, privateKeyPem: privateKey });
      expect((await getStatus(rsaSim, 'st-bot', {}, token)).status).toBe(200);
    }
    expect((await getStatus(rsaSim, 'st-bot')).status).toBe(200);
    await expect401(rsaSim, await tokenFor(rsaSim, { algorithm: 'RS256', privateKeyPem: other.privateKey }), /signature/);
  });

  it('refuses RS256 without a configured public key', async () => {
    await expect401(sim, await tokenFor(sim, { algorithm: 'RS256', privateKeyPem: privateKey }), /algorithm/);
  });

  it('refuses a token signed with another secret', async () => {
    await expect401(sim, await tokenFor(sim, { secret: 'not-the-secret' }), /signature/);
  });

  it('refuses a wrong or missing appId', async () => {
    await expect401(sim, await tokenFor(sim, { appId: 'someone-else' }), /appId/);
    await expect401(sim, await tokenFor(sim, { omitClaims: ['appId'] }), /appId/);
  });

  it('refuses an expired token and one without exp', async () => {
    await expect401(sim, await tokenFor(sim, { expiresInSeconds: -1 }), /expired/);
    await expect401(sim, await tokenFor(sim, { omitClaims: ['exp'] }), /exp/);
  });

  it('expiry follows the sim clock', async () => {
    const token = await tokenFor(sim, { expiresInSeconds: 10 });
    expect((await getStatus(sim, 'st-bot', {}, token)).status).toBe(200);
    clock.advance(10_000);
    await expect401(sim, token, /expired/);
  });

  it('accepts iat up to 60 s in the future and refuses more', async () => {
    expect((await getStatus(sim, 'st-bot', {}, await tokenFor(sim, { issuedAtOffsetSeconds: 60 }))).status).toBe(200);
    await expect401(sim, await tokenFor(sim, { issuedAtOffsetSeconds: 61 }), /iat/);
  });

  it('refuses a missing auth header, a Bearer Authorization header, garbage and alg none', async () => {
    await expect401(sim, null, /auth/);
    const good = await tokenFor(sim);
    const bearer = await call(sim, statusPath('st-bot'), { token: null, headers: { authorization: `Bearer ${good}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.text).not.toContain(good);
    await expect401(sim, 'not.a.jwt', /malformed/);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ appId: 'cs-app', exp: Math.floor(clock.now() / 1000) + 60 })}.`;
    await expect401(sim, unsigned, /JWT/);
  });

  it('refuses a POST with a bad token and does not start a training', async () => {
    const answer = await postTrain(sim, 'st-bot', undefined, await tokenFor(sim, { secret: 'nope' }));
    expect(answer.status).toBe(401);
    expect(sim.requests.at(-1)).toMatchObject({ kind: 'train', authOk: false, answeredStatus: 401 });
    clock.advance(400);
    expect(((await getStatus(sim, 'st-bot')).json as { trainingStatus: string }).trainingStatus).toBe('Finished');
  });

  it('checks auth before the bot: an unknown bot with a bad token is 401', async () => {
    const answer = await call(sim, statusPath('st-ghost'), { token: 'garbage' });
    expect(answer.status).toBe(401);
  });

  it('with enforceJti, refuses a reused jti and a token without one', async () => {
    const token = await tokenFor(jtiSim, { jti: 'once' });
    expect((await getStatus(jtiSim, 'st-bot', {}, token)).status).toBe(200);
    await expect401(jtiSim, token, /jti/);
    await expect401(jtiSim, await tokenFor(jtiSim, { jti: false }), /jti/);
    expect((await getStatus(jtiSim, 'st-bot')).status).toBe(200);
    // Without enforceJti, reuse is fine.
    const reused = await tokenFor(sim, { jti: 'same' });
    expect((await getStatus(sim, 'st-bot', {}, reused)).status).toBe(200);
    expect((await getStatus(sim, 'st-bot', {}, reused)).status).toBe(200);
  });

  it('refuses a public key that is not RSA', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(startKoreSim({ publicKeyPem: pem })).rejects.toThrow(/RSA/);
  });
});
