import { mulberry32, logUniform } from './prng';
import { percentile, median } from './stats';
import { VirtualTime } from './virtual-time';

describe('VirtualTime', () => {
  it('fires timers in time order, then creation order, and moves the clock to each', async () => {
    const time = new VirtualTime(1_000);
    const seen: string[] = [];
    void time.sleep(300).then(() => seen.push(`b@${time.now}`));
    void time.sleep(100).then(() => seen.push(`a@${time.now}`));
    void time.sleep(300).then(() => seen.push(`c@${time.now}`));
    let done = false;
    void time.sleep(500).then(() => (done = true));
    await time.run(() => done);
    expect(seen).toEqual(['a@1100', 'b@1300', 'c@1300']);
    expect(time.now).toBe(1_500);
  });

  it('follows chains of sleeps and drops aborted timers', async () => {
    const time = new VirtualTime();
    const controller = new AbortController();
    const aborted = time.sleep(10_000, controller.signal).then(() => 'fired', () => 'aborted');
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await time.sleep(1_000);
        ticks.push(time.now);
      }
      controller.abort();
    })();
    await time.run(() => ticks.length === 3);
    await loop;
    expect(await aborted).toBe('aborted');
    expect(ticks).toEqual([1_000, 2_000, 3_000]);
    expect(time.pendingTimers).toBe(0);
    expect(time.fireNext()).toBe(false);
  });

  it('waits for tracked real async work before moving the clock', async () => {
    const time = new VirtualTime();
    let answer = '';
    void (async () => {
      await time.track(new Promise((resolve) => setTimeout(resolve, 20))); // real work, e.g. signing
      await time.sleep(60_000);
      answer = `late@${time.now}`;
    })();
    const early = time.sleep(1).then(() => undefined);
    await time.run(() => answer !== '');
    await early;
    expect(answer).toBe('late@60000');
  });

  it('refuses to run past a deadlock', async () => {
    const time = new VirtualTime();
    await expect(time.run(() => false)).rejects.toThrow(/no timer left/);
  });
});

describe('seeded helpers', () => {
  it('draws the same numbers from the same seed, within bounds', () => {
    const a = Array.from({ length: 5 }, mulberry32(42));
    const b = Array.from({ length: 5 }, mulberry32(42));
    expect(a).toEqual(b);
    const random = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const v = logUniform(random, 5_000, 7_200_000);
      expect(v).toBeGreaterThanOrEqual(5_000);
      expect(v).toBeLessThanOrEqual(7_200_000);
    }
  });

  it('computes nearest-rank percentiles and medians', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(median([3, 1, 2, 4])).toBe(2.5);
  });
});
