import type { NodeStatus } from 'node-red';
import { formatDuration } from '@kore-train/core';

/** Translates a message key of this node's catalog (Node-RED's `RED._`). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Where a message's work stands, as far as the status badge cares. */
export type JobPhase = 'checking' | 'starting' | 'waiting';

/** How a message's work ended, for the badge shown once nothing is in flight. */
export type JobEnd =
  | { kind: 'finished' }
  | { kind: 'failed' }
  | { kind: 'inprogress'; trainingStatus: string }
  | { kind: 'error'; code: string }
  /** Leaves the idle badge as it was (a bad node setting keeps showing). */
  | { kind: 'unchanged' };

interface Job {
  startedAt: number;
  phase: JobPhase;
  /** True once the last status seen said the training runs (core's `trainingPhase` = inprogress). */
  training?: boolean;
  /** Taken over from the node's previous instance (redeploy, restart). */
  resumed?: boolean;
}

const PREFIX = 'kore-train.status.';

/**
 * The node's live status badge over every message in flight: the oldest one's state and time, the
 * number of waits when there are several, and the last outcome once all are done. A ticker keeps the
 * elapsed time current while something waits; the badge is only re-sent when its text changes.
 */
export class StatusDisplay {
  private readonly jobs = new Map<object, Job>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastSent = '';
  private idle: NodeStatus = {};
  private closed = false;
  /** Waits resumed since none was: shown as "resumed N waits" while one of them runs. */
  private resumedCount = 0;

  constructor(
    private readonly sink: (status: NodeStatus) => void,
    private readonly t: Translate,
    private readonly now: () => number = Date.now,
    private readonly tickMs = 5_000,
  ) {}

  begin(key: object, phase: JobPhase, resumed = false): void {
    if (this.closed) return;
    if (resumed) this.resumedCount = this.anyResumed() ? this.resumedCount + 1 : 1;
    this.jobs.set(key, { startedAt: this.now(), phase, resumed });
    this.render();
  }

  /** A status answer arrived while waiting; `training` when it says the training runs. */
  progress(key: object, training: boolean): void {
    const job = this.jobs.get(key);
    if (!job || this.closed) return;
    job.phase = 'waiting';
    job.training = training;
    this.render();
  }

  end(key: object, how: JobEnd): void {
    if (!this.jobs.delete(key) || this.closed) return;
    const badge = this.badgeFor(how);
    if (badge) this.idle = badge;
    this.render();
  }

  /** Shows a fixed badge while nothing is in flight (e.g. a configuration problem). */
  setIdle(status: NodeStatus): void {
    this.idle = status;
    this.render();
  }

  /** Stops the ticker and clears the badge; nothing is shown afterwards. */
  close(): void {
    this.closed = true;
    this.jobs.clear();
    this.stopTicker();
    this.send({});
  }

  private badgeFor(how: JobEnd): NodeStatus | undefined {
    switch (how.kind) {
      case 'finished':
        return { fill: 'green', shape: 'dot', text: this.t(`${PREFIX}finished`) };
      case 'failed':
        return { fill: 'red', shape: 'ring', text: this.t(`${PREFIX}failed`) };
      case 'inprogress':
        return { fill: 'blue', shape: 'dot', text: this.t(`${PREFIX}not-done`, { status: how.trainingStatus }) };
      case 'error':
        return { fill: 'red', shape: 'dot', text: this.t(`${PREFIX}error`, { code: how.code }) };
      case 'unchanged':
        return undefined;
    }
  }

  private render(): void {
    if (this.closed) return;
    if (this.jobs.size === 0) {
      this.stopTicker();
      this.send(this.idle);
      return;
    }
    let oldest: Job | undefined;
    for (const job of this.jobs.values()) if (!oldest || job.startedAt < oldest.startedAt) oldest = job;
    const job = oldest as Job;
    // Whole seconds: the badge ticks every few seconds, and is only re-sent when its text changes.
    const elapsed = formatDuration(Math.floor(Math.max(0, this.now() - job.startedAt) / 1000) * 1000);
    // Catalog keys `checking`, `starting`, `waiting` and `training` (the last two show the time).
    let text = this.t(`${PREFIX}${job.phase === 'waiting' && job.training ? 'training' : job.phase}`, { elapsed });
    if (this.jobs.size > 1) text = this.t(`${PREFIX}several`, { text, count: this.jobs.size });
    if (this.anyResumed()) text = `${this.t(`${PREFIX}${this.resumedCount === 1 ? 'resumed-one' : 'resumed'}`, { count: this.resumedCount })}: ${text}`;
    this.send({ fill: 'blue', shape: job.phase === 'checking' ? 'dot' : 'ring', text });
    this.startTicker();
  }

  private anyResumed(): boolean {
    for (const job of this.jobs.values()) if (job.resumed) return true;
    return false;
  }

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.render(), this.tickMs);
    this.ticker.unref?.();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private send(status: NodeStatus): void {
    const key = JSON.stringify(status);
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.sink(status);
  }
}
