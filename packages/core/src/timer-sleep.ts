import { abortedError, sleepSafely, type Sleep } from './time.js';

// Kept apart from time.ts: hosts that bring their own sleep (n8n forbids timers in nodes) never load it.

/** The default sleep, on Node's timers. */
export const timerSleep: Sleep = (ms, signal) => sleepSafely(timerStep, ms, signal);

function timerStep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

