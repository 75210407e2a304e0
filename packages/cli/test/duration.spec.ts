import type { KoreErrorCode } from '@kore-train/core';
import { parseDuration } from '../src/duration.js';
import { EXIT, exitCodeFor } from '../src/exit-codes.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['5m', 300_000], ['2h', 7_200_000], ['1.5m', 90_000], ['45', 45_000], ['0', 0], [' 10S ', 10_000],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '-5s', '5 minutes', '1d', '1e3'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('exit codes', () => {
  it('follow the documented contract', () => {
    expect(exitCodeFor('INVALID_INPUT')).toBe(3);
    // BAD_REQUEST: Kore.ai answered 400, it rejected the request (a local mistake is INVALID_INPUT, 3).
    expect(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].map((c) => exitCodeFor(c as KoreErrorCode))).toEqual([4, 4, 4, 4]);
    expect(exitCodeFor('TIMEOUT')).toBe(EXIT.TIMED_OUT);
    expect(['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK', 'BAD_RESPONSE'].map((c) => exitCodeFor(c as 'NETWORK'))).toEqual([5, 5, 5, 5]);
    expect(exitCodeFor('ABORTED')).toBe(130);
    expect(EXIT.TERMINATED).toBe(143);
  });
});
