import { KoreError } from './errors.js';
import { nextPollDelay, retryDelay, type PollSchedule } from './schedule.js';
import type { TrainingStatus } from './status.js';
import { sleepSafely, type Clock, type Sleep } from './time.js';

/** Fetches one status of `target`; the hub gives it an abort signal and a timeout capped at its waiters' deadlines. */
export type StatusFetcher<T> = (target: T, signal: AbortSignal, timeoutMs: number) => Promise<TrainingStatus>;

/**
 * One waiter on a poll stream. The hub calls it; it decides when it is satisfied and leaves.
 * The hub also keeps its deadline, so that a wait costs no timer of its own.
 */
export interface PollSubscriber {
  schedule: PollSchedule;
  /** Absolute time (clock ms) after which this waiter no longer needs answers. */
  deadline: number;
  /** The deadline has come: the waiter must leave. */
  onDeadline(): void;
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
  /** For a wait resumed from a token: a new stream's schedule goes on from when the wait began. */
  since?: number;
}

interface PollStream<T> {
  subscribers: Set<PollSubscriber>;
  target: T;
  scheduleStart: number;
  last?: { status: TrainingStatus; at: number };
  inFlight?: AbortController;
  sleeping?: AbortController;
  /** A waiter asked for a fresh status: poll as soon as the current sleep is cut short. */
  pollNow: boolean;
}

/**
 * One poll loop per bot+language+state, shared by every concurrent waiter on it.
 * Each waiter keeps its own deadline and abort signal; the loop stops (and aborts its request)
 * when the last waiter leaves. A stream holds at most one timer: its sleep ends at the next poll
 * or at the earliest waiter's deadline, whichever comes first.
 */
export class PollHub<T> {
  private readonly streams = new Map<string, PollStream<T>>();

  constructor(
    private readonly fetch: StatusFetcher<T>,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly random: () => number,
    private readonly requestTimeoutMs: number,
    /** How long the rate limit holds back the next request for this target; 0 when it may go now. */
    private readonly heldBackMs: (target: T) => number = () => 0,
  ) {}

  get activeStreams(): number {
    return this.streams.size;
  }

  get activeSubscribers(): number {
    let count = 0;
    for (const stream of this.streams.values()) count += stream.subscribers.size;
    return count;
  }

  /** Joins (or starts) the stream that polls `target`, known by `key`. */
  subscribe(key: string, target: T, subscriber: PollSubscriber, options: SubscribeOptions = {}): void {
    let stream = this.streams.get(key);
    const now = this.clock.now();
    if (!stream) {
      stream = { subscribers: new Set([subscriber]), target, scheduleStart: Math.min(now, options.since ?? now), pollNow: false };
      this.streams.set(key, stream);
      void this.run(key, stream);
    } else {
      stream.subscribers.add(subscriber);
      if (options.restartSchedule) stream.scheduleStart = now;
      const last = stream.last;
      const recent = last !== undefined && !options.fresh && now - last.at < subscriber.schedule.minIntervalMs;
      if (recent) {
        queueMicrotask(() => stream?.subscribers.has(subscriber) && subscriber.onStatus(last.status));
      } else if (options.fresh || !stream.inFlight) {
        // Poll now rather than after the current interval; an answer already on its way will do,
        // unless the caller needs one asked for after this moment.
        stream.pollNow = true;
      }
      // Cut the current sleep short: to poll, or to wake in time for this waiter's deadline.
      stream.sleeping?.abort();
    }
  }

  unsubscribe(key: string, subscriber: PollSubscriber): void {
    const stream = this.streams.get(key);
    if (!stream || !stream.subscribers.delete(subscriber)) return;
    if (stream.subscribers.size === 0) {
      this.streams.delete(key);
      stream.inFlight?.abort(); // nobody waits for this answer any more
      stream.sleeping?.abort();
    }
  }

  private async run(key: string, stream: PollStream<T>): Promise<void> {
    let failures = 0;
    while (stream.subscribers.size > 0) {
      // The rate limit delays a poll (waking for deadlines on the way); it never fails a waiter.
      const held = this.heldBackMs(stream.target);
      if (held > 0) {
        stream.pollNow = false; // a waiter that asked for a poll now gets the first one the limit allows
        await this.sleepUntil(stream, this.clock.now() + held);
        continue;
      }
      // A request never outlives the earliest deadline: that waiter is told in time, the others retry.
      const timeoutMs = Math.max(1, Math.min(this.requestTimeoutMs, this.earliestDeadline(stream) - this.clock.now()));
      stream.inFlight = new AbortController();
      stream.pollNow = false;
      let retryAfterMs: number | undefined;
      try {
        const status = await this.fetch(stream.target, stream.inFlight.signal, timeoutMs);
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
      this.expire(stream);
      if (stream.subscribers.size === 0) break;
      const schedule = tightest([...stream.subscribers].map((s) => s.schedule));
      const delay = failures > 0
        ? retryDelay(failures, retryAfterMs, schedule, this.random)
        : nextPollDelay(this.clock.now() - stream.scheduleStart, schedule, this.random);
      await this.sleepUntil(stream, this.clock.now() + delay);
    }
    this.end(key, stream);
  }

  /** Sleeps until `pollAt`, waking at each waiter's deadline on the way, or earlier when asked to poll now. */
  private async sleepUntil(stream: PollStream<T>, pollAt: number): Promise<void> {
    while (stream.subscribers.size > 0 && !stream.pollNow) {
      const now = this.clock.now();
      if (now >= pollAt) return;
      const wakeAt = Math.min(pollAt, this.earliestDeadline(stream));
      stream.sleeping = new AbortController();
      try {
        await sleepSafely(this.sleep, wakeAt - now, stream.sleeping.signal);
      } catch {
        // cut short: a waiter joined or left
      } finally {
        stream.sleeping = undefined;
      }
      this.expire(stream);
    }
  }

  private earliestDeadline(stream: PollStream<T>): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const subscriber of stream.subscribers) earliest = Math.min(earliest, subscriber.deadline);
    return earliest;
  }

  private expire(stream: PollStream<T>): void {
    const now = this.clock.now();
    for (const subscriber of [...stream.subscribers]) if (subscriber.deadline <= now) subscriber.onDeadline();
  }

  private end(key: string, stream: PollStream<T>): void {
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
