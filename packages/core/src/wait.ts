import { KoreError } from './errors.js';
import type { PollHub, StatusFetcher, SubscribeOptions } from './poll-hub.js';
import type { PollSchedule } from './schedule.js';
import { trainingPhase, type TrainingStatus } from './status.js';
import { abortedError, type Clock, type Sleep } from './time.js';

export type WaitOutcome = 'finished' | 'failed';

export interface Transition {
  status: string;
  /** Milliseconds after the wait began. */
  atMs: number;
}

export interface WaitResult {
  outcome: WaitOutcome;
  status: TrainingStatus;
  /** Status requests made while this wait was listening (shared ones included). */
  requests: number;
  elapsedMs: number;
  transitions: Transition[];
}

export interface ProgressEvent {
  botId: string;
  status: TrainingStatus;
  /** The status before this change; absent on the first one seen. */
  previous?: string;
  elapsedMs: number;
  requests: number;
}

/** Decides whether a terminal status answers this wait (train-and-wait rejects a stale one). */
export type Acceptance = (status: TrainingStatus, seen: { inProgress: boolean; elapsedMs: number }) => boolean;

export interface WaitPlan {
  key: string;
  botId: string;
  fetch: StatusFetcher;
  schedule: PollSchedule;
  timeoutMs: number;
  maxRequests: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  accept: Acceptance;
  subscribe: SubscribeOptions;
}

/** Listens on the hub's shared poll stream until `accept` takes a terminal status, or the wait ends otherwise. */
export function waitOnHub(hub: PollHub, clock: Clock, sleep: Sleep, plan: WaitPlan): Promise<WaitResult> {
  const started = clock.now();
  const transitions: Transition[] = [];
  let requests = 0;
  let last: TrainingStatus | undefined;
  let inProgress = false;

  return new Promise<WaitResult>((resolve, reject) => {
    const deadlineTimer = new AbortController();
    let leave = (): void => undefined;
    let settled = false;

    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      leave();
      deadlineTimer.abort();
      plan.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const fail = (code: 'TIMEOUT' | 'BUDGET_EXHAUSTED', message: string): void =>
      finish(() => reject(new KoreError(code, message, last ? { lastStatus: last } : {})));
    const onAbort = (): void => {
      const error = abortedError(plan.signal);
      finish(() => reject(last && !error.lastStatus ? new KoreError('ABORTED', error.message, { lastStatus: last }) : error));
    };
    const lastSeen = (): string => (last ? `; the last status was "${last.trainingStatus}"` : '; no status was received');

    const onStatus = (status: TrainingStatus): void => {
      if (settled) return;
      requests++;
      const elapsedMs = clock.now() - started;
      const phase = trainingPhase(status);
      if (phase === 'inprogress') inProgress = true;
      const terminal = phase === 'finished' || phase === 'failed';
      const accepted = terminal && plan.accept(status, { inProgress, elapsedMs });
      // A terminal status this wait does not accept is the previous training's: not news to report.
      if (terminal && !accepted) {
        if (requests >= plan.maxRequests) fail('BUDGET_EXHAUSTED', `Training of bot ${plan.botId} was not done after ${requests} status requests (maxRequests)${lastSeen()}`);
        return;
      }
      if (status.trainingStatus !== last?.trainingStatus) {
        transitions.push({ status: status.trainingStatus, atMs: elapsedMs });
        const event: ProgressEvent = { botId: plan.botId, status, elapsedMs, requests };
        if (last) event.previous = last.trainingStatus;
        try {
          plan.onProgress?.(event);
        } catch {
          // a listener's bug must not stop the wait
        }
      }
      last = status;
      if (accepted) {
        finish(() => resolve({ outcome: phase, status, requests, elapsedMs, transitions }));
      } else if (requests >= plan.maxRequests) {
        fail('BUDGET_EXHAUSTED', `Training of bot ${plan.botId} was not done after ${requests} status requests (maxRequests)${lastSeen()}`);
      }
    };

    if (plan.signal?.aborted) {
      onAbort();
      return;
    }
    plan.signal?.addEventListener('abort', onAbort, { once: true });
    sleep(plan.timeoutMs, deadlineTimer.signal).then(
      () => fail('TIMEOUT', `Training of bot ${plan.botId} was not done within ${formatMs(plan.timeoutMs)}${lastSeen()}`),
      () => undefined, // cleared because the wait ended first
    );
    leave = hub.subscribe(
      plan.key,
      plan.fetch,
      {
        schedule: plan.schedule,
        deadline: started + plan.timeoutMs,
        onStatus,
        onRetry: () => {
          if (settled) return;
          requests++;
          if (requests >= plan.maxRequests) {
            fail('BUDGET_EXHAUSTED', `Training of bot ${plan.botId} was not done after ${requests} status requests (maxRequests)${lastSeen()}`);
          }
        },
        onFatal: (error) => finish(() => reject(error)),
      },
      plan.subscribe,
    );
    if (settled) leave();
  });
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}
