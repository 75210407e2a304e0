// The Kore.ai facts every host takes from core instead of restating them (issue 10).
import { generateKeyPairSync } from 'node:crypto';
import {
  createKoreClient, credentialOptions, formatDuration, KoreError, parseClaims, parseDuration, REMEDIATION_HINTS, syncFlagLabel,
  trainingFailedError, KORE_ERROR_CODES,
} from '../src/index.js';

describe('credentialOptions', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('uses the private key for RS algorithms and rebuilds a PEM pasted on one line', () => {
    const options = credentialOptions({ host: 'https://bots.kore.ai', clientId: 'cs-1', algorithm: ' rs256 ', clientSecret: 'ignored', privateKey: pem.replace(/\n/g, ' ') });
    expect(options).toMatchObject({ algorithm: 'RS256', privateKey: pem });
    expect(options.clientSecret).toBeUndefined();
    expect(() => createKoreClient(options)).not.toThrow();
  });

  it('rebuilds a PEM with literal \\n, as environment variables carry it', () => {
    expect(credentialOptions({ host: 'h', clientId: 'c', algorithm: 'RS512', privateKey: pem.replace(/\n/g, '\\n') }).privateKey).toBe(pem);
  });

  it('uses the client secret for HS algorithms, HS256 by default', () => {
    expect(credentialOptions({ host: 'h', clientId: 'c', clientSecret: 's3cret', privateKey: pem })).toEqual({ host: 'h', clientId: 'c', algorithm: 'HS256', clientSecret: 's3cret', uniqueJti: false });
  });

  it.each([undefined, null, '', '  ', '{}', {}])('adds no claims for %j', (claims) => {
    expect(credentialOptions({ host: 'h', clientId: 'c', clientSecret: 's', claims }).claims).toBeUndefined();
  });

  it('parses claims given as text or as an object, and names the field when they are not an object', () => {
    expect(parseClaims('{"sub":"ci"}')).toEqual({ sub: 'ci' });
    expect(parseClaims({ iss: 'x' })).toEqual({ iss: 'x' });
    for (const bad of ['{not json', '[1]', '"text"', 5]) expect(() => parseClaims(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'claims' }));
  });

  it('refuses an unknown algorithm naming the field', () => {
    expect(() => credentialOptions({ host: 'h', clientId: 'c', algorithm: 'none' })).toThrow(expect.objectContaining({ field: 'algorithm' }));
  });
});

describe('durations', () => {
  it.each([['500ms', 500], ['30s', 30_000], ['5m', 300_000], ['2h', 7_200_000], ['1.5m', 90_000], ['12', 12_000], [' 3 S ', 3_000]])('parses %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'soon', '-5s', '5d', '1e3'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
  it.each([[850, '850 ms'], [12_500, '12.5 s'], [252_000, '4.2 min'], [7_560_000, '2.1 h']])('formats %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('hints, labels and failed trainings', () => {
  it('has a hint for every code a user can act on', () => {
    for (const code of KORE_ERROR_CODES.filter((c) => !['INVALID_INPUT', 'ABORTED'].includes(c))) expect(REMEDIATION_HINTS[code]).toBeTruthy();
    expect(new KoreError('FORBIDDEN', 'x').hint).toContain('Train ML');
    expect(new KoreError('TIMEOUT', 'x').hint).toContain('No status came back');
    expect(new KoreError('TIMEOUT', 'x', { lastStatus: { trainingStatus: 'Inprogress', allInSync: false, outOfSync: [] } }).hint).toContain('raise the timeout');
  });

  it('labels sync flags', () => {
    expect(syncFlagLabel('isMlInSyncWithSynonyms')).toBe('Synonyms');
    expect(syncFlagLabel('other')).toBe('other');
  });

  it('turns a Failed result into TRAINING_FAILED with the status', () => {
    const status = { trainingStatus: 'Failed', allInSync: false, outOfSync: [] };
    const error = trainingFailedError('st-1', { outcome: 'failed', status, requests: 3, elapsedMs: 12_500, transitions: [] });
    expect(error).toMatchObject({ code: 'TRAINING_FAILED', lastStatus: status });
    expect(error.message).toBe('Kore.ai reported the ML training of bot st-1 as "Failed" after 12.5 s');
  });
});
