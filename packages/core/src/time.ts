import { KoreError } from './errors.js';

/** Milliseconds since some fixed point; injectable so waits can run on fake or virtual time. */
export interface Clock {
  now(): number;
}

/** Resolves after `ms`, or rejects with an ABORTED KoreError as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Node fires a timer longer than 2^31-1 ms after 1 ms, with a warning. Longer sleeps are taken in steps of
 * at most this, so a huge Retry-After or poll interval can never become a busy loop.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function abortedError(signal?: AbortSignal): KoreError {
  const reason: unknown = signal?.reason;
  if (reason instanceof KoreError) return reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new KoreError('ABORTED', `The operation was aborted${why}`);
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortedError(signal);
}

/**
 * Calls `onTimeout` after `ms` unless the returned function cancels it first. The per-request deadline runs on
 * one: cheaper than a sleep (no promise, no listener), which matters on every status request.
 */
export type Timer = (ms: number, onTimeout: () => void) => () => void;

/** A timer built on any sleep, for hosts that bring only a sleep. */
export function timerFromSleep(sleep: Sleep): Timer {
  return (ms, onTimeout) => {
    const cancel = new AbortController();
    sleepSafely(sleep, ms, cancel.signal).then(onTimeout, () => undefined);
    return () => cancel.abort(CANCELLED);
  };
}

/** The reason a timer's sleep is cancelled: made once, so cancelling costs no new error and stack trace. */
const CANCELLED = new KoreError('ABORTED', 'The timer was cancelled');

/** Sleeps in steps below MAX_TIMER_MS with any injected sleep (hosts may bring one without that guard). */
export function sleepSafely(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= MAX_TIMER_MS) return sleep(Math.max(0, ms), signal); // the usual case: one timer, no extra promise
  return sleepInSteps(sleep, ms, signal);
}

async function sleepInSteps(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) await sleep(Math.min(left, MAX_TIMER_MS), signal);
}
