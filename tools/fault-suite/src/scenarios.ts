import type { BotSpec, KoreSim } from '@kore-train/kore-sim';
import type { KoreErrorCode } from '@kore-train/core';

/** What a surface ended a scenario with: one outcome, or one error code. */
export type Ending = { outcome: 'finished' | 'failed' } | { error: KoreErrorCode } | { aborted: true };

export interface Scenario {
  name: string;
  mode: 'wait' | 'train';
  bot: Omit<BotSpec, 'botId'>;
  /** Starts a training and injects the faults, before the surface is asked to wait. */
  prepare(sim: KoreSim, botId: string): void;
  timeoutMs: number;
  expected: Ending;
  /** The surface is cancelled once the first request reached the simulator. */
  abortOnFirstRequest?: boolean;
  /** Further checks on what reached the simulator. */
  verify?(sim: KoreSim, botId: string): void;
}

const requestsOf = (sim: KoreSim, botId: string) => sim.requests.filter((r) => r.botId === botId);

/** The fault matrix of issue 5: every surface gets exactly these. */
export const SCENARIOS: Scenario[] = [
  {
    name: '429 storm with Retry-After',
    mode: 'wait',
    bot: { trainingMs: 1_500 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'rate-limit', botId, retryAfterSeconds: 1 });
      sim.injectFault({ kind: 'rate-limit', botId, retryAfterSeconds: 0, times: 4 });
    },
    timeoutMs: 10_000,
    expected: { outcome: 'finished' },
    verify: (sim, botId) => {
      const requests = requestsOf(sim, botId);
      expect(requests.filter((r) => r.fault === 'rate-limit')).toHaveLength(5);
      // The server asked for one second: the next request waited at least that long.
      expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(1_000);
    },
  },
  {
    name: '5xx answers',
    mode: 'wait',
    bot: { trainingMs: 600 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      for (const status of [500, 502, 503]) sim.injectFault({ kind: 'server-error', botId, status });
    },
    timeoutMs: 10_000,
    expected: { outcome: 'finished' },
  },
  {
    name: 'connection resets',
    mode: 'wait',
    bot: { trainingMs: 600 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'reset', botId, times: 2 });
    },
    timeoutMs: 10_000,
    expected: { outcome: 'finished' },
    verify: (sim, botId) => expect(requestsOf(sim, botId).filter((r) => r.fault === 'reset')).toHaveLength(2),
  },
  {
    name: 'a hang past the request timeout',
    mode: 'wait',
    bot: { trainingMs: 60_000 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'hang', botId });
    },
    // The request may not outlive the wait: it is given up at the deadline, with a TIMEOUT.
    timeoutMs: 1_200,
    expected: { error: 'TIMEOUT' },
  },
  {
    name: 'a non-JSON 200',
    mode: 'wait',
    bot: { trainingMs: 600 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'non-json', botId });
    },
    timeoutMs: 10_000,
    expected: { error: 'BAD_RESPONSE' },
  },
  {
    name: 'unknown statuses',
    mode: 'wait',
    bot: { trainingMs: 600 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'unknown-status', botId, value: 'Queued', times: 2 });
    },
    timeoutMs: 10_000,
    expected: { outcome: 'finished' },
  },
  {
    name: 'the stale Finished after a POST',
    mode: 'train',
    bot: { trainingMs: 400, staleMs: 400, trainVersion: 7 },
    prepare: () => undefined,
    timeoutMs: 10_000,
    expected: { outcome: 'finished' },
    verify: (sim, botId) => {
      const requests = requestsOf(sim, botId);
      const post = requests.findIndex((r) => r.kind === 'train');
      expect(post).toBeGreaterThanOrEqual(0);
      expect(requests.slice(post + 1).length).toBeGreaterThan(1); // it did not stop at the stale answer
    },
  },
  {
    name: 'a 401 in the middle of a wait',
    mode: 'wait',
    bot: { trainingMs: 60_000 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'unauthorized', botId, afterRequests: 2 });
    },
    timeoutMs: 10_000,
    expected: { error: 'UNAUTHORIZED' },
    verify: (sim, botId) => expect(requestsOf(sim, botId)).toHaveLength(3),
  },
  {
    name: 'an abort mid-request',
    mode: 'wait',
    bot: { trainingMs: 60_000 },
    prepare: (sim, botId) => {
      sim.startTraining(botId);
      sim.injectFault({ kind: 'hang', botId });
    },
    timeoutMs: 10_000,
    abortOnFirstRequest: true,
    expected: { aborted: true },
  },
];

export const FAST_POLL_MS = 25;

/** Resolves once the simulator has seen a request for the bot (an event, not a polling loop). */
export async function firstRequest(sim: KoreSim, botId: string): Promise<void> {
  if (sim.requests.some((r) => r.botId === botId)) return;
  await sim.nextRequest({ botId });
}

/** After an abort, nothing more may reach the simulator. */
export async function expectSilence(sim: KoreSim, botId: string): Promise<void> {
  const before = requestsOf(sim, botId).length;
  await new Promise((resolve) => setTimeout(resolve, 10 * FAST_POLL_MS));
  expect(requestsOf(sim, botId)).toHaveLength(before);
}
