/**
 * A host's sleep made into core's `Sleep`. Why: core's waits rely on a sleep that rejects the moment its signal
 * aborts, with an ABORTED KoreError (the signal's own KoreError reason when it has one: a deadline, a
 * cancellation); a host's sleep may ignore the signal, resolve late, or reject with an error of its own.
 */
import { abortedError, type Sleep } from './time.js';

/** Any `sleep(ms, signal?)`: n8n-workflow's, a test's, one on a host's scheduler. */
export type HostSleep = (ms: number, signal?: AbortSignal) => Promise<unknown>;

export function abortableSleep(sleep: HostSleep): Sleep {
  return (ms, signal) => {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(abortedError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      sleep(Math.max(0, ms), signal).then(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(signal?.aborted ? abortedError(signal) : error);
        },
      );
    });
  };
}
