/**
 * Running a host's batch (n8n's items, a list of bots) with bounded concurrency. Why here: how many run at once,
 * that nothing new starts once the batch is stopped, and that the first failure can stop the rest are the same
 * for every host; what an item's result or error becomes is the host's.
 */

/** Runs `task` for 0..count-1, at most `limit` at a time, starting none after `stop()` says so. */
export async function forEachBounded(count: number, limit: number, stop: () => boolean, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !stop()) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(limit, count)) }, worker));
}

/** A concurrency setting as a whole number from 1 to `max`; anything that is no number is `fallback`. */
export function concurrencySetting(value: unknown, fallback: number, max: number): number {
  const number = Number(value ?? fallback);
  return Number.isFinite(number) ? Math.min(max, Math.max(1, Math.floor(number))) : fallback;
}

/** How one task of a batch ended; a task the batch never started has no entry. */
export type Settled<T> =
  | { kind: 'done'; value: T }
  | { kind: 'failed'; error: unknown }
  /** It ended (in an error) after the caller's `signal` aborted: the host stopped the batch. */
  | { kind: 'stopped'; error: unknown };

export interface SettleOptions {
  limit: number;
  /** The host's stop: nothing new starts, and each running task sees it through its own signal. */
  signal?: AbortSignal;
  /**
   * The first failure aborts the running tasks and starts no more; the errors the abort causes are not failures
   * of their own, so that failure is the only one in the results.
   */
  failFast?: boolean;
}

/** Runs the batch and says how each task ended. `task` gets a signal that aborts on a stop or a fail-fast. */
export async function settleBounded<T>(count: number, options: SettleOptions, task: (index: number, signal: AbortSignal) => Promise<T>): Promise<Array<Settled<T> | undefined>> {
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  const results: Array<Settled<T> | undefined> = new Array<Settled<T> | undefined>(count).fill(undefined);
  await forEachBounded(count, options.limit, () => signal.aborted, async (index) => {
    try {
      results[index] = { kind: 'done', value: await task(index, signal) };
    } catch (error) {
      if (options.signal?.aborted) results[index] = { kind: 'stopped', error };
      else if (!failed.signal.aborted) {
        results[index] = { kind: 'failed', error };
        if (options.failFast) failed.abort();
      }
    }
  });
  return results;
}
