import { createKoreClient, KoreError } from '../src/index.js';
import { normalizeHost, validateBotId, validateLanguage, validateState } from '../src/validate.js';
import { fakeTransport, SECRET } from './fake-transport.js';

function invalid(fn: () => unknown): KoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KoreError);
    expect((error as KoreError).code).toBe('INVALID_INPUT');
    return error as KoreError;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('host', () => {
  it.each([
    ['bots.kore.ai', 'https://bots.kore.ai'],
    ['https://platform.kore.ai/', 'https://platform.kore.ai'],
    ['https://onprem.example.com:8443/kore/', 'https://onprem.example.com:8443/kore'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://localhost:4000', 'http://localhost:4000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it('refuses plain http to anything but loopback, unless opted in', () => {
    const error = invalid(() => normalizeHost('http://bots.kore.ai'));
    expect(error.field).toBe('host');
    expect(error.message).toMatch(/https/);
    expect(normalizeHost('http://kore.internal', true)).toBe('http://kore.internal');
  });

  it.each(['', '   ', 'ftp://bots.kore.ai', 'https://', 'https://user:pw@bots.kore.ai', 'https://bots.kore.ai/?x=1'])('refuses %j', (input) => {
    expect(invalid(() => normalizeHost(input)).field).toBe('host');
  });
});

describe('bot id, language, state', () => {
  it('trims and accepts bot and stream ids', () => {
    expect(validateBotId('  st-1a2b3c4d-aaaa-bbbb-cccc-123456789012 ')).toBe('st-1a2b3c4d-aaaa-bbbb-cccc-123456789012');
  });

  it.each(['', '  ', 'st-1/../x', 'st 1', 'a?b'])('refuses bot id %j naming the field', (botId) => {
    const error = invalid(() => validateBotId(botId));
    expect(error.field).toBe('botId');
    expect(error.message).toMatch(/^botId must be a non-empty Kore.ai Bot ID/);
  });

  it('treats blank language and state as absent', () => {
    expect(validateLanguage('')).toBeUndefined();
    expect(validateLanguage(undefined)).toBeUndefined();
    expect(validateState(' ')).toBeUndefined();
  });

  it.each(['en', 'de', 'zh_cn', 'pt-BR'])('accepts language %s', (language) => {
    expect(validateLanguage(language)).toBe(language);
  });

  it.each(['english!', 'e', '12', 'en us'])('refuses language %j', (language) => {
    expect(invalid(() => validateLanguage(language)).field).toBe('language');
  });

  it('accepts configured and published only', () => {
    expect(validateState('Published')).toBe('published');
    const error = invalid(() => validateState('draft'));
    expect(error.field).toBe('state');
    expect(error.message).toBe('state must be "configured" or "published" (got "draft")');
  });
});

describe('createKoreClient options', () => {
  const base = { host: 'https://bots.kore.ai', clientId: 'cs-1', clientSecret: SECRET, transport: fakeTransport().transport };

  it('names a missing client id or secret without echoing any secret', () => {
    expect(invalid(() => createKoreClient({ ...base, clientId: '' })).field).toBe('clientId');
    const error = invalid(() => createKoreClient({ ...base, clientSecret: undefined }));
    expect(error.field).toBe('clientSecret');
    expect(error.message).toContain('missing');
  });

  it('wants a private key for RS algorithms, and a usable one', () => {
    expect(invalid(() => createKoreClient({ ...base, algorithm: 'RS256' })).field).toBe('privateKey');
    const error = invalid(() => createKoreClient({ ...base, algorithm: 'RS256', privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' }));
    expect(error.field).toBe('privateKey');
    expect(error.message).not.toContain('not a key');
  });

  it('refuses an unknown algorithm', () => {
    expect(invalid(() => createKoreClient({ ...base, algorithm: 'none' as never })).message).toBe('algorithm must be one of HS256, HS512, RS256, RS512 (got "none")');
  });

  it('rejects bad wait options before any request is sent', async () => {
    const fake = fakeTransport();
    const client = createKoreClient({ ...base, transport: fake.transport });
    await expect(client.waitForTraining({ botId: 'st-1', timeoutMs: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'timeoutMs' });
    await expect(client.waitForTraining({ botId: 'st-1', pollIntervalMs: 5000, maxPollIntervalMs: 1000 })).rejects.toMatchObject({ field: 'maxPollIntervalMs' });
    await expect(client.trainAndWait({ botId: 'st-1', maxRequests: 0 })).rejects.toMatchObject({ field: 'maxRequests' });
    await expect(client.getTrainingStatus({ botId: ' ' })).rejects.toMatchObject({ field: 'botId' });
    expect(fake.requests).toHaveLength(0);
  });
});
