/**
 * What a host shows about the waits it has in flight (Node-RED's status badge, a dashboard line): the oldest
 * one's phase and elapsed time, how many there are and how many were resumed, and once none is left, how the
 * last one ended. A ticker keeps the elapsed time current while something is in flight; the host renders the
 * view in its own words and colours.
 */
import { trainingPhase, type TrainingStatus } from './status.js';

/** Where one wait stands: `training` once a status answer said the training runs. */
export type ActivityPhase = 'checking' | 'starting' | 'waiting' | 'training';

/** How a wait ended, for the view once nothing is in flight. */
export type ActivityEnd =
  | { kind: 'finished' }
  | { kind: 'failed' }
  | { kind: 'inprogress'; trainingStatus: string }
  | { kind: 'error'; code: string };

export type ActivityView =
  /** `elapsedMs` in whole seconds, so that a view changes at most once a second. */
  | { busy: true; phase: ActivityPhase; elapsedMs: number; count: number; resumed: number }
  /** `last` is absent until a wait has ended with an outcome to show. */
  | { busy: false; last?: ActivityEnd };

export interface ActivityOptions {
  now?: () => number;
  /** How often the view is refreshed while something is in flight. */
  tickMs?: number;
}

interface Entry {
  startedAt: number;
  phase: ActivityPhase;
  resumed: boolean;
}

export class WaitActivity {
  private readonly entries = new Map<object, Entry>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private last: ActivityEnd | undefined;
  private closed = false;
  /** Waits resumed since none was in flight. */
  private resumedCount = 0;
  private readonly now: () => number;
  private readonly tickMs: number;

  constructor(private readonly onChange: (view: ActivityView) => void, options: ActivityOptions = {}) {
    this.now = options.now ?? Date.now;
    this.tickMs = options.tickMs ?? 5_000;
  }

  begin(key: object, phase: Exclude<ActivityPhase, 'training'>, resumed = false): void {
    if (this.closed) return;
    if (resumed) this.resumedCount = this.anyResumed() ? this.resumedCount + 1 : 1;
    this.entries.set(key, { startedAt: this.now(), phase, resumed });
    this.render();
  }

  /** A status answer arrived for this wait. */
  progress(key: object, status: Pick<TrainingStatus, 'trainingStatus'>): void {
    const entry = this.entries.get(key);
    if (!entry || this.closed) return;
    entry.phase = trainingPhase(status) === 'inprogress' ? 'training' : 'waiting';
    this.render();
  }

  /** The wait ended; without `how` the last outcome shown stays as it was. */
  end(key: object, how?: ActivityEnd): void {
    if (!this.entries.delete(key) || this.closed) return;
    if (how) this.last = how;
    this.render();
  }

  /** Stops the ticker; nothing is reported afterwards. */
  close(): void {
    this.closed = true;
    this.entries.clear();
    this.stopTicker();
  }

  private render(): void {
    if (this.entries.size === 0) {
      this.stopTicker();
      this.onChange(this.last ? { busy: false, last: this.last } : { busy: false });
      return;
    }
    let oldest: Entry | undefined;
    for (const entry of this.entries.values()) if (!oldest || entry.startedAt < oldest.startedAt) oldest = entry;
    const { startedAt, phase } = oldest as Entry;
    const elapsedMs = Math.floor(Math.max(0, this.now() - startedAt) / 1000) * 1000;
    this.onChange({ busy: true, phase, elapsedMs, count: this.entries.size, resumed: this.anyResumed() ? this.resumedCount : 0 });
    if (!this.ticker) {
      this.ticker = setInterval(() => this.render(), this.tickMs);
      this.ticker.unref?.();
    }
  }

  private anyResumed(): boolean {
    for (const entry of this.entries.values()) if (entry.resumed) return true;
    return false;
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
