import { concurrencySetting, forEachBounded, settleBounded } from '../src/bounded.js';

/** Resolves on the next turn of the event loop, so that concurrent tasks interleave. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('forEachBounded', () => {
  it('runs every index once, at most `limit` at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachBounded(10, 3, () => false, async (index) => {
      running++;
      most = Math.max(most, running);
      await tick();
      seen.push(index);
      running--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('starts nothing once told to stop, and nothing for an empty batch', async () => {
    const started: number[] = [];
    await forEachBounded(10, 2, () => started.length >= 4, async (index) => {
      started.push(index);
      await tick();
    });
    expect(started).toEqual([0, 1, 2, 3]);
    await forEachBounded(0, 5, () => false, async () => {
      throw new Error('not called');
    });
  });
});

describe('concurrencySetting', () => {
  it('is a whole number from 1 to max, or the fallback', () => {
    expect(concurrencySetting(undefined, 5, 20)).toBe(5);
    expect(concurrencySetting(3.7, 5, 20)).toBe(3);
    expect(concurrencySetting('8', 5, 20)).toBe(8);
    expect(concurrencySetting(0, 5, 20)).toBe(1);
    expect(concurrencySetting(500, 5, 20)).toBe(20);
    expect(concurrencySetting('many', 5, 20)).toBe(5);
  });
});

describe('settleBounded', () => {
  it('says how each task ended, without stopping on a failure by default', async () => {
    const results = await settleBounded(4, { limit: 2 }, async (index) => {
      await tick();
      if (index % 2) throw new Error(`no ${index}`);
      return index * 10;
    });
    expect(results).toEqual([
      { kind: 'done', value: 0 },
      { kind: 'failed', error: new Error('no 1') },
      { kind: 'done', value: 20 },
      { kind: 'failed', error: new Error('no 3') },
    ]);
  });

  it('fails fast: the first failure aborts the running tasks, starts no more, and is the only failure', async () => {
    const results = await settleBounded(6, { limit: 2, failFast: true }, async (index, signal) => {
      if (index === 0) {
        await tick();
        throw new Error('first');
      }
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      throw new Error(`aborted ${index}`);
    });
    expect(results[0]).toEqual({ kind: 'failed', error: new Error('first') });
    expect(results.slice(1)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('marks what ends after the host stopped the batch as stopped, and starts nothing after', async () => {
    const stop = new AbortController();
    const started: number[] = [];
    const results = await settleBounded(5, { limit: 2, signal: stop.signal, failFast: true }, async (index, signal) => {
      started.push(index);
      if (index === 0) return 'quick';
      if (index === 1) {
        await tick();
        stop.abort();
      } else {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      }
      throw new Error(`stopped ${index}`);
    });
    expect(started).toEqual([0, 1, 2]);
    expect(results[0]).toEqual({ kind: 'done', value: 'quick' });
    expect(results[1]).toEqual({ kind: 'stopped', error: new Error('stopped 1') });
    expect(results[2]).toEqual({ kind: 'stopped', error: new Error('stopped 2') });
    expect(results.slice(3)).toEqual([undefined, undefined]);
  });
});
