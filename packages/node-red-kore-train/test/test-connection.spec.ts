/**
 * The config dialog's *Test connection*: its admin endpoint called over HTTP in the Node-RED test runtime,
 * against the simulator. Right and wrong secrets, the stored secret behind `__PWRD__`, bad input named by
 * field, the size cap and time box, and Node-RED's own permission check with `adminAuth` set.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dirname } from 'node:path';
import type { NodeAPI } from 'node-red';
import { containsJwt, REMEDIATION_HINTS } from '@kore-train/core';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { testConnection } from '../src/connection-test';
import { MAX_REQUEST_BYTES, TEST_CONNECTION_PATH } from '../src/test-connection-endpoint';
import { flow, helper, nodes, RUNTIME, useSimAndRuntime } from './helpers';

let sim: KoreSim;
useSimAndRuntime((started) => (sim = started));

const WRONG_SECRET = 'wrong-secret-0123456789abcdef';
const right = () => ({ host: sim.url, algorithm: 'HS256', clientId: sim.clientId, clientSecret: sim.clientSecret });
const storedCreds = (clientSecret = sim.clientSecret) => ({ app: { clientId: sim.clientId, clientSecret } });

async function post(body: unknown, headers: Record<string, string> = {}) {
  return helper.request().post(TEST_CONNECTION_PATH).set(headers).send(body as object);
}

/** The answer holds none of the secrets, and nothing shaped like a JWT. */
function expectNoSecrets(text: string, ...secrets: string[]): void {
  for (const secret of [sim.clientSecret, ...secrets]) expect(text.includes(secret)).toBe(false);
  expect(containsJwt(text)).toBe(false);
}

describe(`Test connection admin endpoint (${RUNTIME})`, () => {
  it('answers ok once Kore.ai accepted the token signed with the right secret', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const res = await post(right());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.headers['cache-control']).toBe('no-store');
    // One probe, its token verified by the simulator, answered "no such bot".
    const probes = sim.requests.slice(before);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ kind: 'status', authOk: true, answeredStatus: 404, claims: expect.objectContaining({ appId: sim.clientId }) });
    expectNoSecrets(res.text);
  });

  it('answers UNAUTHORIZED for a wrong secret, without the secret or a token in the answer', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const res = await post({ ...right(), clientSecret: WRONG_SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, code: 'UNAUTHORIZED', message: expect.stringMatching(/\S/), hint: REMEDIATION_HINTS.UNAUTHORIZED });
    expect(sim.requests.slice(before)).toEqual([expect.objectContaining({ authOk: false, answeredStatus: 401 })]);
    expectNoSecrets(res.text, WRONG_SECRET);
  });

  it('uses the deployed app\'s stored secret for a secret left unchanged (__PWRD__)', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const ok = await post({ ...right(), id: 'app', clientSecret: '__PWRD__' });
    expect(ok.body).toMatchObject({ ok: true });
    expectNoSecrets(ok.text);
    // The same request with a wrong secret stored is refused: the stored value is what signed the token.
    await helper.unload();
    await helper.load(nodes, flow(sim.url), storedCreds(WRONG_SECRET));
    const refused = await post({ ...right(), id: 'app', clientSecret: '__PWRD__' });
    expect(refused.body).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expectNoSecrets(refused.text, WRONG_SECRET);
  });

  it('names the field when no deployed app has a stored secret, and asks Kore.ai nothing', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    for (const id of [undefined, 'no-such-app', 'train']) {
      const res = await post({ ...right(), id, clientSecret: '__PWRD__' });
      expect(res.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'clientSecret', message: expect.stringContaining('type it again') });
    }
    expect(sim.requests.length).toBe(before);
  });

  it('signs with a stored secret only for the host the app was deployed with', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const res = await post({ ...right(), host: 'https://bots.kore.ai', id: 'app', clientSecret: '__PWRD__' });
    expect(res.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'clientSecret', message: expect.stringContaining('only used with the host it was saved with') });
    expect(sim.requests.length).toBe(before);
    // The same host written differently (a trailing slash) is the same host.
    const same = await post({ ...right(), host: `${sim.url}/`, id: 'app', clientSecret: '__PWRD__' });
    expect(same.body).toMatchObject({ ok: true });
  });

  it.each([
    ['host', 'plain http off loopback', { host: 'http://example.com' }],
    ['host', 'a number', { host: 5 }],
    ['host', 'blank', { host: '' }],
    ['clientId', 'blank', { clientId: '' }],
    ['clientSecret', 'blank', { clientSecret: '' }],
    ['clientSecret', '5,000 characters', { clientSecret: 'x'.repeat(5_000) }],
    ['algorithm', 'unknown', { algorithm: 'none' }],
    ['claims', 'an array', { claims: '[1]' }],
    ['claims', 'not JSON', { claims: '{not json' }],
    ['uniqueJti', 'not a boolean', { uniqueJti: 'yes' }],
  ])('names the field %s (%s) before asking Kore.ai', async (field, _what, bad) => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const res = await post({ ...right(), ...bad });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field, message: expect.stringContaining(field) });
    expect(sim.requests.length).toBe(before);
    expectNoSecrets(res.text);
  });

  it('refuses a body that is not an object (400) or is too large (413)', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const notObject = await post([right()]);
    expect(notObject.status).toBe(400);
    expect(notObject.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'body' });
    const tooLarge = await post({ ...right(), claims: JSON.stringify({ pad: 'x'.repeat(MAX_REQUEST_BYTES) }) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'body' });
    expectNoSecrets(tooLarge.text);
    expect(sim.requests.length).toBe(before);
  });

  it('takes a ${NAME} host from the environment, never echoing its value', async () => {
    await helper.load(nodes, flow(sim.url), storedCreds());
    const name = 'KORE_TRAIN_TEST_CONNECTION_HOST';
    try {
      process.env[name] = sim.url;
      expect((await post({ ...right(), host: `\${${name}}` })).body).toMatchObject({ ok: true });
      process.env[name] = 'http://example.com/not-for-the-dialog';
      const bad = await post({ ...right(), host: `\${${name}}` });
      expect(bad.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'host', message: expect.stringContaining(name) });
      expect(bad.text).not.toContain('not-for-the-dialog');
      delete process.env[name];
      const unset = await post({ ...right(), host: `\${${name}}` });
      expect(unset.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'host', message: expect.stringContaining('is not set') });
    } finally {
      delete process.env[name];
    }
  });

  describe('RS256 with a private key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let rsSim: KoreSim;
    beforeAll(async () => {
      rsSim = await startKoreSim({ port: 0, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    });
    afterAll(async () => {
      await rsSim.close();
    });

    it('answers ok for a typed key, a key pasted on one line, and the stored key', async () => {
      const f = flow(rsSim.url, { algorithm: 'RS256' });
      await helper.load(nodes, f, { app: { clientId: rsSim.clientId, privateKey: pem } });
      const base = { host: rsSim.url, algorithm: 'RS256', clientId: rsSim.clientId };
      for (const key of [pem, pem.replace(/\n/g, ' '), '__PWRD__']) {
        const res = await post({ ...base, id: 'app', privateKey: key });
        expect(res.body).toMatchObject({ ok: true });
        expect(res.text).not.toContain('PRIVATE KEY');
        expect(containsJwt(res.text)).toBe(false);
      }
      expect(rsSim.requests.every((r) => r.authOk)).toBe(true);
      expect(rsSim.requests.length).toBe(3);
    });
  });
});

describe(`Test connection: the check itself (${RUNTIME})`, () => {
  const noApps = (): undefined => undefined;

  it('is time-boxed by requestTimeoutMs when Kore.ai hangs', async () => {
    sim.injectFault({ kind: 'hang', path: 'status' });
    const hung = sim.nextRequest({ path: 'status' });
    const started = Date.now();
    const result = await testConnection(right(), { deployedApp: noApps, requestTimeoutMs: 300 });
    await hung;
    expect(result).toMatchObject({ ok: false, code: expect.stringMatching(/^(TIMEOUT|NETWORK)$/) });
    expect(Date.now() - started).toBeLessThan(10_000); // safety net: the bound is 300 ms (+ 2 s grace)
    sim.clearFaults();
  });

  it('stops asking Kore.ai when the editor goes away', async () => {
    sim.injectFault({ kind: 'hang', path: 'status' });
    const gone = new AbortController();
    const pending = testConnection(right(), { deployedApp: noApps, requestTimeoutMs: 60_000, signal: gone.signal });
    await sim.nextRequest({ path: 'status' });
    gone.abort();
    expect(await pending).toMatchObject({ ok: false, code: 'ABORTED' });
    sim.clearFaults();
  });

  it('shows nothing of an unexpected error', async () => {
    const result = await testConnection(right(), {
      deployedApp: () => {
        throw new Error(`lookup failed for ${sim.clientSecret}`);
      },
      requestTimeoutMs: 1_000,
    });
    // No stored secret was asked for, so the lookup never ran: a typed secret is checked as typed.
    expect(result).toMatchObject({ ok: true });
    const broken = await testConnection({ ...right(), id: 'app', clientSecret: '__PWRD__' }, {
      deployedApp: () => {
        throw new Error(`lookup failed for ${sim.clientSecret}`);
      },
      requestTimeoutMs: 1_000,
    });
    expect(broken).toEqual({ ok: false, code: 'INTERNAL_ERROR', message: 'The check failed unexpectedly' });
  });
});

/**
 * Node-RED's own admin authentication (@node-red/editor-api's auth, as `adminAuth` in settings.js sets
 * it up, with static API tokens) in place of the test helper's pass-through `RED.auth`.
 */
describe(`Test connection with adminAuth set (${RUNTIME})`, () => {
  interface EditorAuth {
    init(settings: object, storage: object): void;
    needsPermission(permission: string): unknown;
  }
  const auth = require(require.resolve('@node-red/editor-api/lib/auth', { paths: [dirname(require.resolve(RUNTIME))] })) as EditorAuth;
  const user = (username: string, permissions: string) => ({ username, password: 'unused: these users sign in with API tokens only', permissions });
  // After the file's beforeAll: starting the test server initialises this same module without adminAuth.
  beforeAll(() => auth.init(
    {
      adminAuth: {
        type: 'credentials',
        users: [user('viewer', 'read'), user('tester', 'kore-ai-app.write'), user('admin', '*')],
        tokens: [
          { token: 'viewer-token', user: 'viewer', scope: ['read'] },
          { token: 'tester-token', user: 'tester', scope: ['kore-ai-app.write'] },
          { token: 'admin-token', user: 'admin', scope: ['*'] },
        ],
      },
    },
    { getSessions: async () => ({}), saveSessions: async () => undefined },
  ));
  afterAll(() => auth.init({}, {}));
  const guarded = [
    (RED: NodeAPI) => {
      (RED as unknown as { auth: Pick<EditorAuth, 'needsPermission'> }).auth = { needsPermission: auth.needsPermission };
      return nodes[0]!(RED);
    },
    nodes[1]!,
  ];

  it('refuses a call without a token (401) and one whose user may only read (401)', async () => {
    await helper.load(guarded, flow(sim.url), storedCreds());
    const before = sim.requests.length;
    const anonymous = await post(right());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toHaveProperty('ok');
    const viewer = await post(right(), { Authorization: 'Bearer viewer-token' });
    expect(viewer.status).toBe(401);
    expect(sim.requests.length).toBe(before);
  });

  it('answers a user with the kore-ai-app.write permission, or all permissions', async () => {
    await helper.load(guarded, flow(sim.url), storedCreds());
    for (const token of ['tester-token', 'admin-token']) {
      const res = await post({ ...right(), id: 'app', clientSecret: '__PWRD__' }, { Authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true });
    }
  });
});
