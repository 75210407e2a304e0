import type { KoreError } from '../src/index.js';

// Captured before any test fakes timers: real I/O must still get through while fake time stands still.
const realSetImmediate = setImmediate;

/** Lets real I/O (token signing on WebCrypto's thread pool) through once, whatever jest fakes. */
const realTurn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

export interface Settled<T> {
  value?: T;
  error?: KoreError;
  /** Fake milliseconds from the call to the outcome. */
  atMs: number;
}

/**
 * Runs jest's fake time from timer to timer until the promise settles (or `limitMs` of fake time passes).
 * While nothing is scheduled, real I/O goes through instead of fake time moving on, so a token renewed
 * mid-wait never lets the clock run ahead of the wait.
 */
export async function settle<T>(promise: Promise<T>, limitMs = 4 * 3_600_000): Promise<Settled<T>> {
  const start = Date.now();
  let outcome: Settled<T> | undefined;
  promise.then((value) => (outcome = { value, atMs: Date.now() - start }), (error: KoreError) => (outcome = { error, atMs: Date.now() - start }));
  for (let idle = 0; !outcome && Date.now() - start < limitMs && idle < 100_000;) {
    if (jest.getTimerCount() > 0) {
      idle = 0;
      await jest.advanceTimersToNextTimerAsync();
    } else {
      idle++;
      await realTurn();
    }
  }
  if (!outcome) throw new Error('still pending after the time limit');
  return outcome;
}

/** Runs fake time (and real I/O) until `test` holds. */
export async function until(test: () => boolean): Promise<void> {
  for (let turns = 0; !test(); turns++) {
    if (turns > 10_000) throw new Error('condition never held');
    if (jest.getTimerCount() > 0) await jest.advanceTimersToNextTimerAsync();
    else await realTurn();
  }
}
