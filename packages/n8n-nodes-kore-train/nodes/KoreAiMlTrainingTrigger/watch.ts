import { trainingPhase } from '@kore-train/core/engine';

/** What the trigger fires on: the end of a training (by outcome) or every status change. */
export type TriggerOn = 'ended' | 'finished' | 'failed' | 'statusChange';

export const TRIGGER_ON: readonly TriggerOn[] = ['ended', 'finished', 'failed', 'statusChange'];

/** What one poll saw, as kept in the workflow's static data between polls (and n8n restarts). */
export interface Seen {
  /** Bot, language and state watched: a changed parameter starts a new baseline. */
  watching: string;
  status: string;
  trainVersion?: number;
}

export function watchKey(target: { botId: string; language?: string; state?: string }): string {
  return `${target.botId}|${target.language ?? ''}|${target.state ?? 'configured'}`;
}

/**
 * Whether this poll's status is an event. The first poll (or the first after the watched bot
 * changed) only records a baseline, so activating never fires for a training that ended before.
 * A new `trainVersion` with the same status is a new training that ended between two polls.
 */
export function shouldFire(previous: Seen | undefined, current: Seen, on: TriggerOn): boolean {
  if (!previous || previous.watching !== current.watching) return false;
  if (previous.status === current.status && previous.trainVersion === current.trainVersion) return false;
  if (on === 'statusChange') return true;
  const phase = trainingPhase({ trainingStatus: current.status });
  if (on === 'ended') return phase === 'finished' || phase === 'failed';
  return phase === on;
}

/** The static data as stored; anything else (an older shape, a hand edit) is no baseline. */
export function readSeen(data: Record<string, unknown>): Seen | undefined {
  const { watching, status, trainVersion } = data;
  if (typeof watching !== 'string' || typeof status !== 'string') return undefined;
  return { watching, status, ...(typeof trainVersion === 'number' && Number.isFinite(trainVersion) ? { trainVersion } : {}) };
}

/** Writes field by field: n8n tracks changes to the static data object it handed out. */
export function writeSeen(data: Record<string, unknown>, seen: Seen): void {
  data.watching = seen.watching;
  data.status = seen.status;
  if (seen.trainVersion === undefined) delete data.trainVersion;
  else data.trainVersion = seen.trainVersion;
}
