import { trainVersionOf, type TrainingStatus } from './status.js';
import type { Clock } from './time.js';
import type { Acceptance } from './wait.js';

/** What tells the new training's end from the previous one's, which Kore.ai still reports for a moment after the POST. */
export interface StaleGuard {
  /** `trainDetails.trainVersion` before the POST, when it could be read. */
  baselineVersion?: number;
  /** When the POST was answered (clock ms). */
  postedAt: number;
  settleMs: number;
}

export function guardFrom(before: TrainingStatus | undefined, postedAt: number, settleMs: number): StaleGuard {
  const baselineVersion = trainVersionOf(before);
  return baselineVersion === undefined ? { postedAt, settleMs } : { baselineVersion, postedAt, settleMs };
}

/**
 * A terminal status answers a train-and-wait once it is proven new: an Inprogress was seen first, or the
 * trainVersion grew, or the settle window after the POST has passed.
 */
export function acceptNewTraining(guard: StaleGuard, clock: Clock): Acceptance {
  return (status, seen) => {
    if (seen.inProgress) return true;
    const version = trainVersionOf(status);
    if (version !== undefined && guard.baselineVersion !== undefined && version > guard.baselineVersion) return true;
    return clock.now() - guard.postedAt >= guard.settleMs;
  };
}
