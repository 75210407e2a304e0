import { offAbort, onAbort, type AbortListener } from './abort-fanout.js';
import { formatDuration } from './duration.js';
import { KoreError } from './errors.js';
import type { PollHub, PollSubscriber, SubscribeOptions } from './poll-hub.js';
import { DEFAULT_SCHEDULE, type PollSchedule } from './schedule.js';
import { encodeResumeToken, type ResumeState } from './resume-token.js';
import { trainingPhase, type TrainingStatus } from './status.js';
import { abortedError, type Clock } from './time.js';

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

/**
 * What a resume token needs beyond the wait's own target, schedule and progress. Plain waits of one client
 * share one such object, so that being resumable costs a wait nothing.
 */
export type ResumeContext = Pick<ResumeState, 'host' | 'guard' | 'training'>;

/** The bot a wait polls, as its token names it. */
export interface WaitTarget {
  botId: string;
  language?: string;
  state?: ResumeState['state'];
}

/** Decides whether a terminal status answers this wait (train-and-wait rejects a stale one). */
export type Acceptance = (status: TrainingStatus, seen: { inProgress: boolean; elapsedMs: number }) => boolean;

export interface WaitPlan<T extends WaitTarget> {
  key: string;
  target: T;
  botId: string;
  schedule: PollSchedule;
  timeoutMs: number;
  maxRequests: number;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  accept: Acceptance;
  subscribe: SubscribeOptions;
  /** Where a wait resumed from a token left off; absent for a new wait. */
  from?: Pick<ResumeState, 'deadline' | 'startedAt' | 'requests' | 'inProgress'>;
  /** Makes the wait resumable: its token is given to `onCheckpoint` and put on TIMEOUT and ABORTED errors. */
  resume?: ResumeContext;
  onCheckpoint?: (token: string) => void;
}

/** Listens on the hub's shared poll stream until `accept` takes a terminal status, or the wait ends otherwise. */
export function waitOnHub<T extends WaitTarget>(hub: PollHub<T>, clock: Clock, plan: WaitPlan<T>): Promise<WaitResult> {
  return new Promise<WaitResult>((resolve, reject) => new Waiter(hub, clock, plan, resolve, reject).start());
}

/**
 * One wait. A class rather than closures, and no timer of its own (the hub keeps its deadline):
 * ten thousand concurrent waits should cost little memory.
 */
class Waiter<T extends WaitTarget> implements PollSubscriber, AbortListener {
  readonly schedule: PollSchedule;
  readonly deadline: number;
  private readonly started: number;
  private readonly transitions: Transition[] = [];
  private requests = 0;
  private last?: TrainingStatus;
  /** The failure of the latest request, while no status came after it. */
  private lastFailure?: KoreError;
  private inProgress = false;
  private settled = false;

  constructor(
    private readonly hub: PollHub<T>,
    private readonly clock: Clock,
    private readonly plan: WaitPlan<T>,
    private readonly resolve: (result: WaitResult) => void,
    private readonly reject: (error: KoreError) => void,
  ) {
    const now = clock.now();
    this.started = plan.from?.startedAt ?? now;
    this.schedule = plan.schedule;
    this.deadline = plan.from?.deadline ?? now + plan.timeoutMs;
    this.requests = plan.from?.requests ?? 0;
    this.inProgress = plan.from?.inProgress ?? false;
  }

  start(): void {
    const { signal } = this.plan;
    if (signal?.aborted) {
      this.onAbort();
      return;
    }
    if (signal) onAbort(signal, this);
    this.hub.subscribe(this.plan.key, this.plan.target, this, this.plan.subscribe);
    this.checkpoint();
  }

  /** The token that lets another client or process go on with this wait; undefined when not resumable. */
  resumeToken(): string | undefined {
    const context = this.plan.resume;
    if (!context) return undefined;
    const { botId, language, state } = this.plan.target;
    const { minIntervalMs, maxIntervalMs } = this.schedule;
    return encodeResumeToken({
      ...context, botId, language, state, deadline: this.deadline, startedAt: this.started, requests: this.requests, inProgress: this.inProgress,
      ...(this.schedule === DEFAULT_SCHEDULE ? {} : { intervals: [minIntervalMs, maxIntervalMs] as [number, number] }),
    });
  }

  private checkpoint(): void {
    if (!this.plan.onCheckpoint || this.settled) return;
    try {
      this.plan.onCheckpoint(this.resumeToken()!);
    } catch {
      // a listener's bug must not stop the wait
    }
  }

  /** The abort signal's listener (an object, so no closure per wait). */
  onAbort(): void {
    const error = abortedError(this.plan.signal);
    const resumeToken = this.resumeToken();
    const enrich = (this.last && !error.lastStatus) || (resumeToken && !error.resumeToken);
    this.settle(undefined, enrich
      ? new KoreError('ABORTED', error.message, { ...(error.lastStatus ?? this.last ? { lastStatus: error.lastStatus ?? this.last } : {}), ...(resumeToken ? { resumeToken } : {}) })
      : error);
  }

  onStatus(status: TrainingStatus): void {
    if (this.settled) return;
    this.requests++;
    this.lastFailure = undefined;
    const elapsedMs = this.clock.now() - this.started;
    const phase = trainingPhase(status);
    if (phase === 'inprogress') this.inProgress = true;
    const terminal = phase === 'finished' || phase === 'failed';
    const accepted = terminal && this.plan.accept(status, { inProgress: this.inProgress, elapsedMs });
    // A terminal status this wait does not accept is the previous training's: not news to report.
    if (terminal && !accepted) {
      this.checkBudget();
      return;
    }
    const changed = status.trainingStatus !== this.last?.trainingStatus;
    if (changed) this.report(status, elapsedMs);
    this.last = status;
    if (changed && !accepted) this.checkpoint();
    if (accepted) this.settle({ outcome: phase, status, requests: this.requests, elapsedMs, transitions: this.transitions });
    else this.checkBudget();
  }

  onRetry(error: KoreError): void {
    if (this.settled) return;
    this.requests++;
    // A request cut off by this wait's own deadline, after a status came, is no news: the TIMEOUT and the
    // last status say it all. With no status at all, why the requests got none is what the user must know.
    if (this.clock.now() < this.deadline || !this.last) this.lastFailure = error;
    this.checkBudget();
  }

  onFatal(error: KoreError): void {
    this.settle(undefined, error);
  }

  onDeadline(): void {
    this.fail('TIMEOUT', `was not done within ${formatDuration(this.deadline - this.started)}`);
  }

  private report(status: TrainingStatus, elapsedMs: number): void {
    this.transitions.push({ status: status.trainingStatus, atMs: elapsedMs });
    if (!this.plan.onProgress) return;
    const event: ProgressEvent = { botId: this.plan.botId, status, elapsedMs, requests: this.requests };
    if (this.last) event.previous = this.last.trainingStatus;
    try {
      this.plan.onProgress(event);
    } catch {
      // a listener's bug must not stop the wait
    }
  }

  private checkBudget(): void {
    if (this.requests >= this.plan.maxRequests) this.fail('BUDGET_EXHAUSTED', `was not done after ${this.requests} status requests (maxRequests)`);
  }

  private fail(code: 'TIMEOUT' | 'BUDGET_EXHAUSTED', what: string): void {
    const seen = this.last ? `; the last status was "${this.last.trainingStatus}"` : '; no status was received';
    // When requests kept failing, say how: that is what the user has to fix.
    const failure = this.lastFailure;
    const why = failure ? `, and the latest request failed: ${failure.message}` : '';
    const resumeToken = this.resumeToken();
    this.settle(undefined, new KoreError(code, `Training of bot ${this.plan.botId} ${what}${seen}${why}`, {
      ...(this.last ? { lastStatus: this.last } : {}),
      ...(failure ? { cause: { name: failure.name, code: failure.code, message: failure.message } } : {}),
      ...(resumeToken ? { resumeToken } : {}),
    }));
  }

  private settle(result: WaitResult | undefined, error?: KoreError): void {
    if (this.settled) return;
    this.settled = true;
    this.hub.unsubscribe(this.plan.key, this);
    if (this.plan.signal) offAbort(this.plan.signal, this);
    if (error) this.reject(error);
    else this.resolve(result!);
  }
}

/**
 * A Failed training as an error, for hosts and scripts that treat it as one (n8n's "stop the workflow",
 * a CLI exit code): TRAINING_FAILED, with the status.
 */
export function trainingFailedError(botId: string, result: WaitResult): KoreError {
  return new KoreError('TRAINING_FAILED', `Kore.ai reported the ML training of bot ${botId} as "${result.status.trainingStatus}" after ${formatDuration(result.elapsedMs)}`, {
    lastStatus: result.status,
  });
}
