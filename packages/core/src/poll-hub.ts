import { KoreError } from './errors.js';
import { nextPollDelay, retryDelay, type PollSchedule } from './schedule.js';
import type { TrainingStatus } from './status.js';
import type { Clock, Sleep } from './time.js';

/** Fetches one status; the hub gives it an abort signal and a timeout capped at its waiters' deadlines. */
export type StatusFetcher = (signal: AbortSignal, timeoutMs: number) => Promise<TrainingStatus>;

/** One waiter on a poll stream. The hub calls it; it decides when it is satisfied and leaves. */
export interface PollSubscriber {
  schedule: PollSchedule;
  /** Absolute time (clock ms) after which this waiter no longer needs answers. */
  deadline: number;
  onStatus(status: TrainingStatus): void;
  /** A failure the stream will retry (the waiter may still give up, e.g. on its request budget). */
  onRetry(error: KoreError): void;
  /** A failure that ends the stream for everyone. */
  onFatal(error: KoreError): void;
}

export interface SubscribeOptions {
  /** The caller needs a status fetched after this moment (e.g. after it started a training). */
  fresh?: boolean;
  /** Start the interval schedule over, as a new training has just begun. */
  restartSchedule?: boolean;
}

interface PollStream {
  subscribers: Set<PollSubscriber>;
  fetch: StatusFetcher;
  scheduleStart: number;
  last?: { status: TrainingStatus; at: number };
  inFlight?: AbortController;
  sleeping?: AbortController;
}

/**
 * One poll loop per bot+language+state, shared by every concurrent waiter on it.
 * Each waiter keeps its own deadline and abort signal; the loop stops (and aborts its request)
 * when the last waiter leaves.
 */
export class PollHub {
  private readonly streams = new Map<string, PollStream>();

  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly random: () => number,
    private readonly requestTimeoutMs: number,
  ) {}

  get activeStreams(): number {
    return this.streams.size;
  }

  get activeSubscribers(): number {
    let count = 0;
    for (const stream of this.streams.values()) count += stream.subscribers.size;
    return count;
  }

  /** Joins (or starts) the stream for `key`. Returns the function that leaves it. */
  subscribe(key: string, fetch: StatusFetcher, subscriber: PollSubscriber, options: SubscribeOptions = {}): () => void {
    let stream = this.streams.get(key);
    const now = this.clock.now();
    if (!stream) {
      stream = { subscribers: new Set([subscriber]), fetch, scheduleStart: now };
      this.streams.set(key, stream);
      void this.run(key, stream);
    } else {
      stream.subscribers.add(subscriber);
      if (options.restartSchedule) stream.scheduleStart = now;
      const last = stream.last;
      const recent = last !== undefined && !options.fresh && now - last.at < subscriber.schedule.minIntervalMs;
      if (recent) {
        queueMicrotask(() => stream?.subscribers.has(subscriber) && subscriber.onStatus(last.status));
      } else {
        stream.sleeping?.abort(); // poll now rather than after the current interval
      }
    }
    return () => this.leave(key, subscriber);
  }

  private leave(key: string, subscriber: PollSubscriber): void {
    const stream = this.streams.get(key);
    if (!stream || !stream.subscribers.delete(subscriber)) return;
    if (stream.subscribers.size === 0) {
      this.streams.delete(key);
      stream.inFlight?.abort(); // nobody waits for this answer any more
      stream.sleeping?.abort();
    }
  }

  private async run(key: string, stream: PollStream): Promise<void> {
    let failures = 0;
    while (stream.subscribers.size > 0) {
      const now = this.clock.now();
      const remaining = Math.max(...[...stream.subscribers].map((s) => s.deadline - now));
      const timeoutMs = Math.max(1, Math.min(this.requestTimeoutMs, remaining));
      stream.inFlight = new AbortController();
      let retryAfterMs: number | undefined;
      try {
        const status = await stream.fetch(stream.inFlight.signal, timeoutMs);
        failures = 0;
        stream.last = { status, at: this.clock.now() };
        for (const subscriber of [...stream.subscribers]) subscriber.onStatus(status);
      } catch (error) {
        if (stream.subscribers.size === 0) break;
        const koreError = error instanceof KoreError ? error : new KoreError('NETWORK', 'The status request failed unexpectedly');
        if (!koreError.retryable) {
          for (const subscriber of [...stream.subscribers]) subscriber.onFatal(koreError);
          this.end(key, stream);
          break;
        }
        failures++;
        retryAfterMs = koreError.retryAfterMs;
        for (const subscriber of [...stream.subscribers]) subscriber.onRetry(koreError);
      } finally {
        stream.inFlight = undefined;
      }
      if (stream.subscribers.size === 0) break;
      const schedule = tightest([...stream.subscribers].map((s) => s.schedule));
      const delay = failures > 0
        ? retryDelay(failures, retryAfterMs, schedule, this.random)
        : nextPollDelay(this.clock.now() - stream.scheduleStart, schedule, this.random);
      stream.sleeping = new AbortController();
      try {
        await this.sleep(delay, stream.sleeping.signal);
      } catch {
        // woken early: a new waiter wants a fresh status, or the last one left
      } finally {
        stream.sleeping = undefined;
      }
    }
    this.end(key, stream);
  }

  private end(key: string, stream: PollStream): void {
    stream.subscribers.clear();
    if (this.streams.get(key) === stream) this.streams.delete(key);
  }
}

/** With several waiters, the most eager one sets the pace. */
function tightest(schedules: PollSchedule[]): PollSchedule {
  return schedules.reduce((a, b) => ({
    minIntervalMs: Math.min(a.minIntervalMs, b.minIntervalMs),
    maxIntervalMs: Math.min(a.maxIntervalMs, b.maxIntervalMs),
    growth: Math.min(a.growth, b.growth),
    jitter: Math.max(a.jitter, b.jitter),
  }));
}
