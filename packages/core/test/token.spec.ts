import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { createKoreClient } from '../src/index.js';
import { fakeTransport, finished, SECRET } from './fake-transport.js';

const HOST = 'https://bots.kore.ai';
const key = (secret = SECRET) => new TextEncoder().encode(secret);

function tokensOf(fake: ReturnType<typeof fakeTransport>): string[] {
  return fake.requests.map((r) => r.headers['auth']!);
}

describe('the JWT in the auth header', () => {
  afterEach(() => jest.useRealTimers());

  it('is HS256 by default with appId, iat and a short exp, verifiable with the secret', async () => {
    const fake = fakeTransport(finished());
    const client = createKoreClient({ host: HOST, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport });
    await client.getTrainingStatus({ botId: 'st-1' });
    const [token] = tokensOf(fake);
    const { payload, protectedHeader } = await jwtVerify(token!, key());
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.appId).toBe('cs-app');
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toBeUndefined();
    expect(fake.requests[0]!.headers['Authorization']).toBeUndefined();
  });

  it('is reused until shortly before it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-29T10:00:00Z') });
    const fake = fakeTransport(finished());
    const client = createKoreClient({ host: HOST, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, tokenTtlSeconds: 120 });
    await Promise.all([client.getTrainingStatus({ botId: 'st-1' }), client.getTrainingStatus({ botId: 'st-2' })]);
    jest.setSystemTime(Date.now() + 80_000);
    await client.getTrainingStatus({ botId: 'st-1' });
    expect(client.stats().tokensSigned).toBe(1);
    jest.setSystemTime(Date.now() + 11_000); // 91 s: inside the 30 s refresh margin of a 120 s token
    await client.getTrainingStatus({ botId: 'st-1' });
    expect(client.stats().tokensSigned).toBe(2);
    const tokens = tokensOf(fake);
    expect(new Set(tokens).size).toBe(2);
    expect(decodeJwt(tokens[3]!).iat).toBe(decodeJwt(tokens[0]!).iat! + 91);
  });

  it('carries a fresh unique jti on every request when asked', async () => {
    const fake = fakeTransport(finished());
    const client = createKoreClient({ host: HOST, clientId: 'cs-app', clientSecret: SECRET, transport: fake.transport, uniqueJti: true });
    await Promise.all([1, 2, 3].map(() => client.getTrainingStatus({ botId: 'st-1' })));
    const ids = tokensOf(fake).map((t) => decodeJwt(t).jti);
    expect(new Set(ids).size).toBe(3);
    expect(client.stats().tokensSigned).toBe(3);
  });

  it('signs HS512 and lets users add or override claims', async () => {
    const fake = fakeTransport(finished());
    const client = createKoreClient({
      host: HOST, clientId: 'cs-app', clientSecret: SECRET, algorithm: 'HS512', transport: fake.transport,
      subject: 'ci-pipeline', claims: { appId: 'cs-renamed', iss: 'cs-app' },
    });
    await client.getTrainingStatus({ botId: 'st-1' });
    const { payload, protectedHeader } = await jwtVerify(tokensOf(fake)[0]!, key());
    expect(protectedHeader.alg).toBe('HS512');
    expect(payload).toMatchObject({ appId: 'cs-renamed', iss: 'cs-app', sub: 'ci-pipeline' });
  });

  it.each(['RS256', 'RS512'] as const)('signs %s with a PEM private key (PKCS#8 or PKCS#1)', async (algorithm) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const format = algorithm === 'RS256' ? 'pkcs8' : 'pkcs1';
    const pem = privateKey.export({ type: format, format: 'pem' }).toString();
    const fake = fakeTransport(finished());
    const client = createKoreClient({ host: HOST, clientId: 'cs-app', algorithm, privateKey: pem, transport: fake.transport });
    await client.getTrainingStatus({ botId: 'st-1' });
    const token = tokensOf(fake)[0]!;
    expect(decodeProtectedHeader(token).alg).toBe(algorithm);
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(jwtVerify(token, await importSPKI(spki, algorithm))).resolves.toBeDefined();
  });
});
