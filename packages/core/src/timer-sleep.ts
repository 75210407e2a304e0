import { abortedError, MAX_TIMER_MS, sleepSafely, type Sleep, type Timer } from './time.js';

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


/** The default timer, on Node's timers: one setTimeout (chained past Node's limit), cleared on cancel. */
export const nodeTimer: Timer = (ms, onTimeout) => {
  let left = Math.max(0, ms);
  let handle: ReturnType<typeof setTimeout>;
  const arm = (): void => {
    const step = Math.min(left, MAX_TIMER_MS);
    left -= step;
    handle = setTimeout(left > 0 ? arm : onTimeout, step);
  };
  arm();
  return () => clearTimeout(handle);
};
