import { parseDuration, type KoreErrorCode } from '@kore-train/core';
import { EXIT, exitCodeFor } from '../src/exit-codes.js';
import { duration } from '../src/wait-command.js';
import { run } from './capture.js';

describe('duration flags (--timeout, --interval, --max-interval, --settle)', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['5m', 300_000], ['2h', 7_200_000], ['1.5m', 90_000], ['45', 45_000], ['0', 0], [' 10S ', 10_000],
  ])('%j is %i ms, as the core parses it (a bare number is seconds)', (text, ms) => {
    expect(duration('--timeout', text)).toBe(ms);
    expect(duration('--timeout', text)).toBe(parseDuration(text));
  });

  it.each(['', 'soon', '-5s', '5 minutes', '1d', '1e3'])('refuses %j, naming the flag', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(() => duration('--interval', text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: '--interval' }));
  });

  it('is what the command line goes by: a refused duration is exit 3 before any request', async () => {
    const result = await run(['wait', '--host', 'http://127.0.0.1:1', '--client-id', 'x', '--client-secret', 'y', '--bot', 'st-x', '--max-interval', '1d']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^kore-train: --max-interval must be a duration such as 500ms, 30s, 5m or 2h \(got "1d"\) \[INVALID_INPUT\]$/m);
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
