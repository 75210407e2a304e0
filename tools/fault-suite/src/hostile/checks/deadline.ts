import { performance } from 'node:perf_hooks';

/** The contract: a wait (or a bounded request) ends within a second of its deadline. */
export const DEADLINE_GRACE_MS = 1_000;

export type Now = () => number;

/** Runs `work` and measures how long it took to settle, on `now` (performance.now() unless a test fakes it). */
export async function timed<T>(work: () => Promise<T>, now: Now = () => performance.now()): Promise<{ value: T; elapsedMs: number }> {
  const start = now();
  const value = await work();
  return { value, elapsedMs: now() - start };
}

/** A failure text when the end came later than the deadline plus the grace. */
export function checkDeadline(elapsedMs: number, deadlineMs: number, graceMs = DEADLINE_GRACE_MS): string[] {
  if (!Number.isFinite(elapsedMs)) return [`never ended (deadline ${deadlineMs} ms)`];
  return elapsedMs <= deadlineMs + graceMs ? [] : [`ended after ${Math.round(elapsedMs)} ms, past its deadline of ${deadlineMs} ms + ${graceMs} ms`];
}
