import type { NodeStatus } from 'node-red';

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
}

const PREFIX = 'kore-train.status.';

/** "45s", "2m", "1h 5m": short enough for a badge. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${minutes % 60}m`;
}

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

  constructor(
    private readonly sink: (status: NodeStatus) => void,
    private readonly t: Translate,
    private readonly now: () => number = Date.now,
    private readonly tickMs = 5_000,
  ) {}

  get active(): number {
    return this.jobs.size;
  }

  begin(key: object, phase: JobPhase): void {
    if (this.closed) return;
    this.jobs.set(key, { startedAt: this.now(), phase });
    this.render();
  }

  phase(key: object, phase: JobPhase): void {
    const job = this.jobs.get(key);
    if (!job || this.closed) return;
    job.phase = phase;
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
    const elapsed = formatElapsed(this.now() - job.startedAt);
    let text: string;
    if (job.phase === 'checking') text = this.t(`${PREFIX}checking`);
    else if (job.phase === 'starting') text = this.t(`${PREFIX}starting`);
    else if (job.training) text = this.t(`${PREFIX}training`, { elapsed });
    else text = this.t(`${PREFIX}waiting`, { elapsed });
    if (this.jobs.size > 1) text = this.t(`${PREFIX}several`, { text, count: this.jobs.size });
    this.send({ fill: 'blue', shape: job.phase === 'checking' ? 'dot' : 'ring', text });
    this.startTicker();
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
