import type { Clock, Sleep } from '@kore-train/core';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
  cancelled: boolean;
}

/** Lets every already-queued callback and promise continuation run (one macrotask turn). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Virtual time for driving real async code deterministically: `sleep` registers a timer on a
 * virtual clock, and `run` jumps the clock to the next timer only once the process has gone idle
 * (no new timers and no progress reported through `work` for a few macrotask turns).
 *
 * Timers due at the same virtual instant fire in the order they were created.
 */
export class VirtualTime {
  private nowMs: number;
  private seq = 0;
  private heap: Timer[] = [];
  private live = 0;
  /** Bumped by callers for work that is not a timer (e.g. a request answered), so idleness is real. */
  private progress = 0;
  private inFlight = 0;

  constructor(start = 0) {
    this.nowMs = start;
  }

  readonly clock: Clock = { now: () => this.nowMs };

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const timer: Timer = { at: this.nowMs + Math.max(0, ms), seq: this.seq++, resolve: () => undefined, cancelled: false };
      const onAbort = (): void => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.live--;
        this.progress++;
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.push(timer);
      this.live++;
      this.progress++;
    });

  get now(): number {
    return this.nowMs;
  }

  /** Timers registered and neither fired nor cancelled. */
  get pendingTimers(): number {
    return this.live;
  }

  /** Report non-timer work (so `settle` waits for its continuations). */
  touch(): void {
    this.progress++;
  }

  /** Real async work (thread pool, I/O) the clock must not run ahead of: `settle` waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    this.progress++;
    const done = (): void => {
      this.inFlight--;
      this.progress++;
    };
    work.then(done, done);
    return work;
  }

  /** Waits until no tracked work is in flight and nothing changes for `stableTurns` macrotask turns in a row. */
  async settle(stableTurns = 2): Promise<void> {
    let stable = 0;
    let last = this.progress;
    while (stable < stableTurns || this.inFlight > 0) {
      await turn();
      if (this.progress === last && this.inFlight === 0) stable++;
      else {
        stable = 0;
        last = this.progress;
      }
    }
  }

  /** Moves the clock to the earliest live timer and fires every timer due then. False when none is left. */
  fireNext(): boolean {
    this.dropCancelled();
    const first = this.heap[0];
    if (!first) return false;
    this.nowMs = Math.max(this.nowMs, first.at);
    while (this.heap[0] && this.heap[0].at <= this.nowMs) {
      const timer = this.pop() as Timer;
      if (timer.cancelled) continue;
      timer.cancelled = true;
      this.live--;
      this.progress++;
      timer.resolve();
    }
    return true;
  }

  /**
   * Runs until `done()` holds: settle, then jump to the next timer, and again. Throws if the
   * process goes idle with no timer left while not done (a deadlock in the driven code).
   */
  async run(done: () => boolean, options: { limitMs?: number; afterJump?: () => void } = {}): Promise<void> {
    for (;;) {
      await this.settle();
      if (done()) return;
      if (!this.fireNext()) throw new Error(`virtual time: idle at ${this.nowMs} ms with no timer left, but not done`);
      // Before the fired timers' continuations run: the caller may start (and track) real work due now.
      options.afterJump?.();
      if (options.limitMs !== undefined && this.nowMs > options.limitMs) throw new Error(`virtual time: passed ${options.limitMs} ms`);
    }
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(heap[l] as Timer, heap[m] as Timer)) m = l;
        if (r < heap.length && this.less(heap[r] as Timer, heap[m] as Timer)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Timer, heap[i] as Timer];
        i = m;
      }
    }
    return top;
  }
}
