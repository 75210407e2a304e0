/**
 * When to poll next. The interval grows with the time already spent waiting: a short training
 * is caught within a second or two, a two-hour one costs a request every `maxIntervalMs`.
 */
export interface PollSchedule {
  /** The first delay, and the floor of every later one. */
  minIntervalMs: number;
  /** The ceiling: the worst detection lag on a long training. */
  maxIntervalMs: number;
  /** The interval as a share of the time waited so far. */
  growth: number;
  /** +/- share of random spread, so that many waiters do not poll in lockstep. */
  jitter: number;
}

/**
 * Chosen with `npm run bench` (bench/results/schedule-candidates.md): over trainings from 5 s to 2 h it
 * makes about a quarter of the requests of a fixed 5 s poll, with about a quarter of the detection lag
 * of the AWS SDK waiter's schedule.
 */
export const DEFAULT_SCHEDULE: PollSchedule = {
  minIntervalMs: 1_000,
  maxIntervalMs: 30_000,
  growth: 0.25,
  jitter: 0.1,
};

function spread(ms: number, schedule: PollSchedule, random: () => number): number {
  return ms * (1 - schedule.jitter + 2 * schedule.jitter * random());
}

/** Delay before the next status poll, `elapsedMs` after the wait (or the training) began. */
export function nextPollDelay(elapsedMs: number, schedule: PollSchedule, random: () => number): number {
  const base = Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, elapsedMs * schedule.growth));
  return Math.round(spread(base, schedule, random));
}

/**
 * Delay after a retryable failure: exponential from the floor to the ceiling, never shorter
 * than what the server asked for with Retry-After.
 */
export function retryDelay(consecutiveFailures: number, retryAfterMs: number | undefined, schedule: PollSchedule, random: () => number): number {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 16);
  const backoff = Math.round(spread(Math.min(schedule.maxIntervalMs, schedule.minIntervalMs * 2 ** exponent), schedule, random));
  return Math.max(backoff, retryAfterMs ?? 0);
}
