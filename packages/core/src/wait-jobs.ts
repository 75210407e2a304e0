/**
 * The waits a long-running host has in flight (a Node-RED node, a server), each ending exactly once: its result
 * or its error reaches the host once, or, when the host closes first, it is aborted (the core sends nothing
 * after an abort) and abandoned quietly. Optionally each wait's checkpoints go to a `WaitJournal` (to resume it
 * elsewhere) and its progress to a `WaitActivity` (what the host shows).
 */
import type { ActivityEnd, ActivityPhase, WaitActivity } from './activity.js';
import type { ProgressEvent } from './wait.js';
import type { PendingWait, WaitJournal } from './wait-journal.js';

/** What a job's work gets: pass these to the client's wait (`signal`, `onProgress`, `onCheckpoint`). */
export interface JobIO {
  signal: AbortSignal;
  onProgress(event: ProgressEvent): void;
  onCheckpoint(token: string): void;
}

export type JobEnding<T> = { kind: 'done'; value: T } | { kind: 'error'; error: Error };

export interface JobSpec<T> {
  /** Unique among the host's jobs; a resumed wait keeps the id it had. */
  id: string;
  phase: Exclude<ActivityPhase, 'training'>;
  /** Taken over from a previous owner (shown as such by the activity). */
  resumed?: boolean;
  /** What the journal stores beside each checkpoint: the host's object to finish the job with, and its fields. */
  context: object;
  meta: Record<string, unknown>;
  work(io: JobIO): Promise<T>;
  /** The host's own reaction to progress (e.g. a progress message); not called once the job has ended. */
  onProgress?(event: ProgressEvent): void;
  /** The job's one ending; returns how the activity shows it (undefined: the last outcome shown stays). */
  settle(ending: JobEnding<T>): ActivityEnd | undefined;
  /** The host closed before the job ended. */
  abandon(): void;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

interface Running {
  spec: JobSpec<unknown>;
  controller: AbortController;
  ended: boolean;
}

export class WaitJobs {
  private readonly jobs = new Set<Running>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  /** Whether the journal's waits go to the next owner when this one closes (a redeploy), not forgotten (a removal). */
  private keep = false;

  constructor(private readonly parts: { journal?: WaitJournal; activity?: WaitActivity } = {}) {}

  /**
   * The waits a previous owner left in the journal, to start again with `resumed: true`; none (and the journal
   * cleared) when `resume` is off. Closing before they are read hands them on, or forgets them, as `close` says.
   */
  async takeOver(resume = true): Promise<PendingWait[]> {
    const { journal } = this.parts;
    if (!journal) return [];
    if (!resume) {
      journal.forget(); // what an earlier owner stored is not resumed: do not keep it
      return [];
    }
    const waits = await journal.takeOver();
    if (!this.closed) return waits;
    if (this.keep) journal.handOver();
    else journal.forget();
    return [];
  }

  get size(): number {
    return this.jobs.size;
  }

  /** Starts a job; after `close` the job is abandoned at once. */
  start<T>(spec: JobSpec<T>): void {
    if (this.closed) return spec.abandon();
    const job: Running = { spec: spec as JobSpec<unknown>, controller: new AbortController(), ended: false };
    const { journal, activity } = this.parts;
    this.jobs.add(job);
    activity?.begin(job, spec.phase, spec.resumed);
    const io: JobIO = {
      signal: job.controller.signal,
      onProgress: (event) => {
        if (job.ended) return;
        activity?.progress(job, event.status);
        spec.onProgress?.(event);
      },
      onCheckpoint: (token) => {
        if (!job.ended) journal?.checkpoint(spec.id, token, spec.context, spec.meta);
      },
    };
    const end = (ending: JobEnding<T>): void => {
      if (job.ended) return;
      job.ended = true;
      this.jobs.delete(job);
      journal?.remove(spec.id);
      let shown: ActivityEnd | undefined;
      try {
        shown = spec.settle(ending);
      } catch (error) {
        // The host could not deliver the result (e.g. sending threw): the job ends with that error instead.
        if (ending.kind === 'error') throw error;
        shown = spec.settle({ kind: 'error', error: asError(error) });
      }
      activity?.end(job, shown);
    };
    const run = (async () => {
      let ending: JobEnding<T>;
      try {
        ending = { kind: 'done', value: await spec.work(io) };
      } catch (error) {
        ending = { kind: 'error', error: asError(error) };
      }
      end(ending);
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /**
   * Aborts every job at once and abandons it, then resolves, with the number of jobs stopped, when every job's
   * work has returned. The journal's waits are handed to the next owner when `keep` (a redeploy, a shutdown),
   * and forgotten otherwise (a removal).
   */
  async close({ keep = false, reason = new Error('the host closed') }: { keep?: boolean; reason?: Error } = {}): Promise<number> {
    this.closed = true;
    this.keep = keep;
    if (keep) this.parts.journal?.handOver();
    else this.parts.journal?.forget();
    const open = [...this.jobs];
    this.jobs.clear();
    for (const job of open) {
      job.ended = true;
      job.controller.abort(reason);
      job.spec.abandon();
    }
    this.parts.activity?.close();
    await Promise.allSettled([...this.running]);
    return open.length;
  }
}
