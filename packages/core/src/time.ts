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

/** Sleeps in steps below MAX_TIMER_MS with any injected sleep (hosts may bring one without that guard). */
export async function sleepSafely(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<void> {
  let left = Math.max(0, ms);
  do {
    const step = Math.min(left, MAX_TIMER_MS);
    await sleep(step, signal);
    left -= step;
  } while (left > 0);
}
