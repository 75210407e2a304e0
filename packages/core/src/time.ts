import { KoreError } from './errors.js';

/** Milliseconds since some fixed point; injectable so waits can run on fake or virtual time. */
export interface Clock {
  now(): number;
}

/** Resolves after `ms`, or rejects with an ABORTED KoreError as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

export function abortedError(signal?: AbortSignal): KoreError {
  const reason: unknown = signal?.reason;
  if (reason instanceof KoreError) return reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new KoreError('ABORTED', `The operation was aborted${why}`);
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortedError(signal);
}

export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
