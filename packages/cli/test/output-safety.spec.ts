import { startKoreSim, signTestToken, type KoreSim } from '@kore-train/kore-sim';
import type { ProgressEvent, TrainingStatus } from '@kore-train/core';
import { ProgressView } from '../src/progress.js';
import { safeDocument } from '../src/safe-output.js';
import { CONTROL, CONTROL_BUT_NEWLINE, JWT_LIKE, run } from './capture.js';


let sim: KoreSim;
let auth: string[];
let jwt: string;
/** ESC clear-screen, CR, LF then a forged log line, a C1 CSI, a line separator, a bidi override and a real JWT. */
let hostile: string;

beforeAll(async () => {
  sim = await startKoreSim({ bots: [{ botId: 'st-quick' }, { botId: 'st-slow', trainingMs: 600_000, initial: 'Inprogress' }] });
  auth = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret];
  jwt = await signTestToken(sim);
  expect(jwt).toMatch(JWT_LIKE);
  hostile = `Queued\u001b[2J\r\nFORGED kore-train: done\u009b31m\u2028\u202eevil token=${jwt}`;
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const fast = ['--interval', '20ms', '--max-interval', '40ms'];

/** Output that is safe: no control character but the CLI's own line breaks, no JWT, no forged line. */
function expectSafe(text: string): void {
  expect(text).not.toMatch(CONTROL_BUT_NEWLINE);
  expect(text).not.toMatch(JWT_LIKE);
  expect(text).not.toContain(jwt.split('.')[2]);
  for (const line of text.split('\n')) expect(line).not.toMatch(/^FORGED/);
}

describe('server text in every output mode', () => {
  it('status: one line, the status shown escaped', async () => {
    sim.injectFault({ kind: 'unknown-status', value: hostile, botId: 'st-quick' });
    const result = await run(['status', ...auth, '--bot', 'st-quick']);
    expect(result.code).toBe(0);
    expectSafe(result.stdout);
    // The text was shown, not dropped: escaped and redacted.
    expect(result.stdout).toMatch(/^st-quick: Queued\\u001b\[2J\\u000d\\u000aFORGED kore-train: done\\u009b31m\\u2028\\u202eevil token=\[REDACTED\] \(/);
    expect(result.stdout.split('\n')).toHaveLength(2);
  });

  it('status --json: no raw C1, separator or bidi character (JSON.stringify leaves those raw), no JWT', async () => {
    sim.injectFault({ kind: 'unknown-status', value: hostile, botId: 'st-quick' });
    const result = await run(['status', ...auth, '--bot', 'st-quick', '--json']);
    expect(result.code).toBe(0);
    expectSafe(result.stdout);
    const status = JSON.parse(result.stdout).status as TrainingStatus;
    expect(status.trainingStatus).not.toMatch(CONTROL);
    expect(status.trainingStatus).toContain('token=[REDACTED]');
  });

  it('wait: progress lines and the TIMEOUT message on stderr', async () => {
    sim.injectFault({ kind: 'unknown-status', value: hostile, botId: 'st-slow', times: Infinity });
    const result = await run(['wait', ...auth, '--bot', 'st-slow', '--timeout', '300ms', ...fast]);
    expect(result.code).toBe(2);
    expectSafe(result.stderr);
    expect(result.stderr).toMatch(/^ {2}[^:]+: Queued\\u001b\[2J\\u000d\\u000aFORGED/m);
    expect(result.stderr).toMatch(/^kore-train: .*Queued\\u001b\[2J.*\[REDACTED\].* \[TIMEOUT\]$/m);
  });

  it('wait --json: the TIMEOUT document', async () => {
    sim.injectFault({ kind: 'unknown-status', value: hostile, botId: 'st-slow', times: Infinity });
    const result = await run(['wait', ...auth, '--bot', 'st-slow', '--timeout', '300ms', '--json', ...fast]);
    expect(result.code).toBe(2);
    expectSafe(result.stdout + result.stderr);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; lastStatus: string } };
    expect(error.code).toBe('TIMEOUT');
    expect(error.lastStatus).toMatch(/^Queued\\u001b\[2J.*\[REDACTED\]$/);
    expect(error.message).not.toMatch(CONTROL);
  });
});

// The core also cleans server text when it parses (issue 9); these prove the CLI does not rely on that alone.
describe('the CLI cleans text itself', () => {
  const rawStatus = (trainingStatus: string, outOfSync: string[] = []): TrainingStatus => ({ trainingStatus, allInSync: false, outOfSync }) as TrainingStatus;

  it('ProgressView escapes a raw status and sync flag names', () => {
    let written = '';
    const view = new ProgressView({ write: (s: string) => (written += s) }, 'Waiting…');
    view.update({ status: rawStatus(hostile, ['isMlInSyncWith\u001b[31mX']), elapsedMs: 1000 } as ProgressEvent);
    expectSafe(written);
    expect(written).toContain('(out of sync: \\u001b[31mX)');
  });

  it('safeDocument escapes every string and key at any depth, redacts JWTs and keeps the shape', () => {
    const doc = { ok: true, status: rawStatus(hostile), nested: [{ [`key\u001b${jwt}`]: [1, null, false, `a\u2028b`] }] };
    const safe = safeDocument(doc);
    const text = JSON.stringify(safe);
    expectSafe(text);
    expect(safe).toEqual({ ok: true, status: { trainingStatus: expect.stringContaining('\\u001b[2J'), allInSync: false, outOfSync: [] }, nested: [{ 'key\\u001b[REDACTED]': [1, null, false, 'a\\u2028b'] }] });
  });

  it('safeDocument keeps "__proto__" as a plain key and stops at a depth no answer reaches', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const safe = safeDocument(parsed) as Record<string, unknown>;
    expect(Object.keys(safe)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(JSON.stringify(safeDocument(deep))).toContain('"[too deep]"');
  });
});
