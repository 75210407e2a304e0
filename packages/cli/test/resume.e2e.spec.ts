// A CI job's retry, with real processes: the first `kore-train` is cancelled (SIGTERM) or times out, prints
// its resume token on stderr, and a new process goes on with the same wait from that token.
import type { ChildProcess } from 'node:child_process';
import { startKoreSim, type KoreSim, type RecordedRequest } from '@kore-train/kore-sim';
import { expectNoSecret } from './capture.js';
import { koreProcess, type Exit, type KoreOptions } from './cli-process.js';

// Several real processes a test: a safety net for a busy machine, not a wait (every step awaits an event).
jest.setTimeout(60_000);

let sim: KoreSim;

beforeAll(async () => {
  sim = await startKoreSim({
    bots: [
      // After the POST, the previous training's Finished (train version 1) for ten minutes: only the guard in the
      // token tells the resumed wait not to take it.
      { botId: 'st-long', trainingMs: 600_000, staleMs: 600_000 },
      { botId: 'st-slow', trainingMs: 600_000, initial: 'Inprogress' },
    ],
  });
});
afterAll(() => sim.close());

const fast = ['--interval', '50ms', '--max-interval', '100ms'];
const kore = (args: string[], options: KoreOptions = {}): Promise<Exit> => koreProcess(sim, args, options);

function clean(exit: Exit): Exit {
  expectNoSecret(sim.clientSecret, exit.stdout, exit.stderr);
  return exit;
}

/** What a CI script does: grep the one resume line of stderr. */
function resumeTokenOf(stderr: string): string {
  const tokens = [...stderr.matchAll(/^Resume with: kore-train wait --resume (\S+)/gm)].map((match) => match[1]!);
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

/** The training ends at the next status request. */
function finishNow(botId: string): void {
  sim.updateBot(botId, { staleMs: 0, trainingMs: 0 });
}

/**
 * Runs `wait --resume`, lets the sim answer its first poll as it stands, then ends the training; reports the
 * requests the resumed process sent and the time from its start to its result.
 */
async function resume(botId: string, args: string[], options: KoreOptions = {}): Promise<{ exit: Exit; sent: RecordedRequest[]; ms: number }> {
  sim.reset();
  const firstPoll = sim.nextRequest({ botId });
  const started = performance.now();
  const exiting = kore(['wait', ...args], options);
  const first = await firstPoll;
  finishNow(botId);
  const exit = clean(await exiting);
  const ms = Math.round(performance.now() - started);
  const sent = [...sim.requests];
  expect(sent[0]).toEqual(first);
  return { exit, sent, ms };
}

function describeRequests(requests: RecordedRequest[]): string {
  return requests.map((r) => `${r.method} ${r.kind} -> ${r.answeredStatus ?? r.fault ?? '-'}`).join(', ');
}

it('train --wait cancelled by SIGTERM prints the token; wait --resume in a new process finishes, past the stale Finished', async () => {
  sim.reset();
  let child: ChildProcess | undefined;
  const posted = sim.nextRequest({ botId: 'st-long', method: 'POST' });
  const exiting = kore(['train', '--bot', 'st-long', '--wait', '--settle', '1h', ...fast], { onSpawn: (c) => (child = c) });
  await posted;
  // A poll after the POST: the wait is under way, so its state can be handed on.
  await sim.nextRequest({ botId: 'st-long', method: 'GET' });
  child!.kill('SIGTERM');
  const cancelled = clean(await exiting);
  expect(cancelled.code).toBe(143);
  expect(cancelled.stderr).toMatch(/^kore-train: .*interrupted by SIGTERM.* \[ABORTED\]$/m);
  const token = resumeTokenOf(cancelled.stderr);

  // What Kore.ai reports now, and what a wait without the token would take: the previous training's Finished.
  expect((await kore(['status', '--bot', 'st-long'])).stdout).toMatch(/^st-long: Finished \(ML in sync, train version 1\)/);

  const { exit, sent, ms } = await resume('st-long', ['--resume', token]);
  expect(exit.code).toBe(0);
  expect(exit.stdout).toMatch(/^Training of st-long finished after .*\nst-long: Finished \(ML in sync, train version 2\)/);
  // The first poll answered the stale Finished (version 1): had the resumed wait taken it, it would have ended there.
  expect(sent.length).toBeGreaterThanOrEqual(2);
  expect(sent.every((r) => r.method === 'GET' && r.kind === 'status' && r.answeredStatus === 200)).toBe(true);
  console.log(`resumed after SIGTERM: ${ms} ms from the start of "kore-train wait --resume" to its result; ${sent.length} requests: ${describeRequests(sent)}`);
});

it('wait --timeout prints the token with a --timeout; resuming without one is exit 2 with a hint, with one it finishes', async () => {
  sim.reset();
  const timedOut = clean(await kore(['wait', '--bot', 'st-slow', '--timeout', '300ms', ...fast]));
  expect(timedOut.code).toBe(2);
  expect(timedOut.stderr).toMatch(/^Resume with: kore-train wait --resume kt1\.\S+ --timeout 300ms$/m);
  const token = resumeTokenOf(timedOut.stderr);

  sim.reset();
  const expired = clean(await kore(['wait', '--resume', token], { env: { KORE_BOT_ID: 'st-slow' } }));
  expect(expired.code).toBe(2);
  expect(expired.stderr).toMatch(/passed its deadline before it was resumed \[TIMEOUT\]\nhint: .*pass --timeout/);
  expect(sim.requests).toHaveLength(0);

  // The token from the environment, as a CI retry step may pass it.
  const { exit, sent, ms } = await resume('st-slow', ['--timeout', '5m'], { env: { KORE_RESUME_TOKEN: token } });
  expect(exit.code).toBe(0);
  expect(exit.stdout).toMatch(/^Training of st-slow finished after /);
  expect(sent.length).toBeGreaterThanOrEqual(1);
  console.log(`resumed after --timeout: ${ms} ms from the start of "kore-train wait --resume --timeout 5m" to its result; ${sent.length} requests: ${describeRequests(sent)}`);
});
