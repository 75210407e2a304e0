import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { InterruptedBySignal } from '../src/interrupt.js';
import { expectNoSecret, run, withEnv, type Run } from './capture.js';

let sim: KoreSim;
let auth: string[];
let botCount = 0;

beforeAll(async () => {
  sim = await startKoreSim({ bots: [] });
  auth = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret];
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

// Fast polls; the resume token carries them to the resumed wait.
const fast = ['--interval', '20ms', '--max-interval', '50ms'];
// None of these may leak in from the shell that runs the tests.
const noEnv = { KORE_RESUME_TOKEN: undefined, KORE_BOT_ID: undefined };

/**
 * A fresh bot whose POST is followed by ten minutes of the previous training's Finished (same trainVersion):
 * only the stale-Finished guard, carried in the token, keeps a resumed wait from taking it.
 */
function staleBot(): string {
  const botId = `st-resume-${++botCount}`;
  sim.addBot({ botId, trainingMs: 600_000, staleMs: 600_000 });
  return botId;
}

/** A fresh bot in the middle of a long training. */
function slowBot(): string {
  const botId = `st-slow-${++botCount}`;
  sim.addBot({ botId, trainingMs: 600_000, initial: 'Inprogress' });
  return botId;
}

/** The training ends at the next status request. */
function finishNow(botId: string): void {
  sim.updateBot(botId, { staleMs: 0, trainingMs: 0 });
}

function tokenIn(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.startsWith('Resume with: '));
  expect(lines).toHaveLength(1);
  const match = /^Resume with: kore-train wait --resume (kt1\.[A-Za-z0-9_-]+)(?: --timeout (\S+))?$/.exec(lines[0]!);
  expect(match).not.toBeNull();
  return match![1]!;
}

function expectClean(...results: Run[]): void {
  expectNoSecret(sim.clientSecret, ...results.flatMap((result) => [result.stdout, result.stderr]));
}

/** train --wait, stopped by SIGTERM once the sim has answered the first poll after the POST. */
async function interruptedTraining(botId: string, extra: string[] = []): Promise<Run> {
  const controller = new AbortController();
  const posted = sim.nextRequest({ botId, method: 'POST' });
  const running = run(['train', ...auth, '--bot', botId, '--wait', '--settle', '1h', ...fast, ...extra], controller.signal);
  await posted;
  await sim.nextRequest({ botId, method: 'GET' });
  controller.abort(new InterruptedBySignal('SIGTERM'));
  return running;
}

describe('an interrupted train --wait', () => {
  it('prints the resume token on stderr; wait --resume goes on and is not fooled by the previous Finished', async () => {
    const botId = staleBot();
    const interrupted = await withEnv(noEnv, () => interruptedTraining(botId));
    expect(interrupted.code).toBe(143);
    expect(interrupted.stderr).toMatch(/^kore-train: .*interrupted by SIGTERM.* \[ABORTED\]$/m);
    const token = tokenIn(interrupted.stderr);
    const postsBefore = sim.count({ method: 'POST' });
    // What a wait without the token would take for the answer: the previous training's Finished.
    expect((await run(['status', ...auth, '--bot', botId])).stdout).toMatch(/: Finished \(ML in sync, train version 1\)/);

    // The resumed wait first sees the stale Finished (train version 1), which it must not take.
    const firstPoll = sim.nextRequest({ botId });
    const resuming = withEnv(noEnv, () => run(['wait', ...auth, '--resume', token]));
    const stale = await firstPoll;
    expect(stale.answeredStatus).toBe(200);
    finishNow(botId);
    const resumed = await resuming;

    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^Training of ${botId} finished after .*\\n${botId}: Finished \\(ML in sync, train version 2\\)`));
    expect(resumed.stderr).toMatch(new RegExp(`^Resuming the wait for ${botId}…`));
    expect(sim.count({ method: 'POST' })).toBe(postsBefore);
    expectClean(interrupted, resumed);
  });

  it('with --json: the token is in the document (resumeToken), not on stderr; the resumed result says resumed', async () => {
    const botId = staleBot();
    const interrupted = await withEnv(noEnv, () => interruptedTraining(botId, ['--json']));
    expect(interrupted.code).toBe(143);
    expect(interrupted.stderr).not.toMatch(/Resume with/);
    const doc = JSON.parse(interrupted.stdout);
    expect(doc).toMatchObject({ ok: false, resumeToken: expect.stringMatching(/^kt1\./), error: { code: 'ABORTED', resumeToken: doc.resumeToken } });

    const firstPoll = sim.nextRequest({ botId });
    const resuming = withEnv({ ...noEnv, KORE_RESUME_TOKEN: doc.resumeToken }, () => run(['wait', ...auth, '--json']));
    await firstPoll;
    finishNow(botId);
    const resumed = await resuming;
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ ok: true, command: 'wait', resumed: true, botId, outcome: 'finished', status: { trainDetails: { trainVersion: 2 } } });
    expectClean(interrupted, resumed);
  });
});

describe('a timed-out wait', () => {
  it('prints the token with a --timeout to go on; without --timeout the resume is exit 2 with a hint, with one it finishes', async () => {
    const botId = slowBot();
    const timedOut = await withEnv(noEnv, () => run(['wait', ...auth, '--bot', botId, '--timeout', '100ms', ...fast]));
    expect(timedOut.code).toBe(2);
    expect(timedOut.stderr).toMatch(/\[TIMEOUT\]\nhint: .*timeout.*\nResume with: kore-train wait --resume kt1\.\S+ --timeout 100ms\n$/);
    const token = tokenIn(timedOut.stderr);

    sim.reset();
    const expired = await withEnv(noEnv, () => run(['wait', ...auth, '--resume', token]));
    expect(expired.code).toBe(2);
    expect(expired.stderr).toMatch(new RegExp(`^kore-train: The wait in --resume \\(bot ${botId}\\) passed its deadline before it was resumed \\[TIMEOUT\\]$`, 'm'));
    expect(expired.stderr).toMatch(/^hint: The token's deadline has passed: pass --timeout <duration> for a new deadline from now\.$/m);
    expect(sim.requests).toHaveLength(0);

    const firstPoll = sim.nextRequest({ botId });
    const resuming = withEnv(noEnv, () => run(['wait', ...auth, '--resume', token, '--timeout', '10m']));
    await firstPoll;
    finishNow(botId);
    const resumed = await resuming;
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`^Training of ${botId} finished`));
    expectClean(timedOut, expired, resumed);
  });

  it('an expired token with --json: exit 2, hint and resumeToken in the document', async () => {
    const botId = slowBot();
    const token = tokenIn((await withEnv(noEnv, () => run(['wait', ...auth, '--bot', botId, '--timeout', '50ms', ...fast]))).stderr);
    const expired = await withEnv(noEnv, () => run(['wait', ...auth, '--resume', token, '--json']));
    expect(expired.code).toBe(2);
    expect(JSON.parse(expired.stdout)).toMatchObject({ ok: false, resumeToken: token, error: { code: 'TIMEOUT', hint: expect.stringMatching(/pass --timeout/) } });
  });
});

describe('wait --resume refuses, before any request', () => {
  let token: string;
  let botId: string;
  beforeAll(async () => {
    botId = slowBot();
    token = tokenIn((await withEnv(noEnv, () => run(['wait', ...auth, '--bot', botId, '--timeout', '50ms', ...fast]))).stderr);
  });

  it.each([
    ['a damaged token', () => ['--resume', 'kt1.bm90LWpzb24'], /^kore-train: --resume must be a resume token from kore-train \(this one is damaged\) \[INVALID_INPUT\]$/m],
    ['something else', () => ['--resume', 'hello'], /^kore-train: --resume must be a resume token from kore-train \(it starts with "kt1\."\) \[INVALID_INPUT\]$/m],
    ['a token for another host', () => ['--resume', token, '--timeout', '1m', '--host', sim.url.replace('127.0.0.1', 'localhost')], /^kore-train: --resume must be a token made by a client for http:\/\/localhost:\d+ \(this one is for another host\) \[INVALID_INPUT\]$/m],
    ['another --bot', () => ['--resume', token, '--bot', 'st-other'], /^kore-train: --bot differs from the wait in --resume, which is for bot st-slow-\d+: leave --bot out \(the token names the bot\) \[INVALID_INPUT\]$/m],
    ['another --language', () => ['--resume', token, '--language', 'de'], /--language differs from the wait in --resume, which is for the bot's default language/],
    ['another --state', () => ['--resume', token, '--state', 'published'], /--state differs from the wait in --resume, which is for state configured/],
    ['--interval', () => ['--resume', token, '--interval', '5s'], /--interval cannot change a resumed wait/],
  ])('%s: exit 3 naming the flag', async (_case, args, message) => {
    const result = await withEnv(noEnv, () => run(['wait', ...auth, ...args()]));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 3, stderr: expect.stringMatching(message) });
    expect(sim.requests).toHaveLength(0);
  });

  it('names KORE_RESUME_TOKEN and KORE_BOT_ID when the values came from the environment', async () => {
    const damaged = await withEnv({ KORE_RESUME_TOKEN: 'kt1.!!', KORE_BOT_ID: undefined }, () => run(['wait', ...auth]));
    expect(damaged.code).toBe(3);
    expect(damaged.stderr).toMatch(/^kore-train: KORE_RESUME_TOKEN \(--resume\) must be a resume token from kore-train/m);
    const otherBot = await withEnv({ KORE_RESUME_TOKEN: token, KORE_BOT_ID: 'st-other' }, () => run(['wait', ...auth]));
    expect(otherBot.code).toBe(3);
    expect(otherBot.stderr).toMatch(/^kore-train: KORE_BOT_ID \(--bot\) differs from the wait in --resume/m);
    expect(sim.requests).toHaveLength(0);
  });

  it('takes a --bot, --language and --state that agree with the token', async () => {
    const firstPoll = sim.nextRequest({ botId });
    const resuming = withEnv(noEnv, () => run(['wait', ...auth, '--resume', token, '--bot', botId, '--state', 'configured', '--timeout', '10m']));
    await firstPoll;
    finishNow(botId);
    expect((await resuming).code).toBe(0);
  });
});
