/**
 * Watching a bot's training between polls, as a polling trigger does (n8n's trigger node; any host that polls on
 * a schedule): what a poll saw, kept in a small record the host stores, and whether this poll is an event worth
 * firing for. Why here: "a new train version with the same status is a new training" and "activating never
 * fires for a training that ended before" are facts about Kore.ai, the same for every host.
 */
import { KoreError } from './errors.js';
import { trainingPhase, trainVersionOf, type TrainingStatus } from './status.js';

/** What fires: the end of a training (either outcome, or one of them), or every status change. */
export type TriggerOn = 'ended' | 'finished' | 'failed' | 'statusChange';

export const TRIGGER_ON: readonly TriggerOn[] = ['ended', 'finished', 'failed', 'statusChange'];

/** A host's "trigger on" setting; blank is 'ended'. INVALID_INPUT names `field` ('triggerOn' by default). */
export function triggerOnSetting(value: unknown, field = 'triggerOn'): TriggerOn {
  if (value === undefined || value === null || value === '') return 'ended';
  if ((TRIGGER_ON as readonly unknown[]).includes(value)) return value as TriggerOn;
  const choices = TRIGGER_ON.map((on) => `"${on}"`).join(', ');
  throw new KoreError('INVALID_INPUT', `${field} must be one of ${choices} (got ${JSON.stringify(value)})`, { field });
}

/** What one poll saw, as the host keeps it between polls (and restarts). */
export interface Seen {
  /** Bot, language and state watched: a changed setting starts a new baseline. */
  watching: string;
  status: string;
  trainVersion?: number;
}

export function watchKey(target: { botId: string; language?: string; state?: string }): string {
  return `${target.botId}|${target.language ?? ''}|${target.state ?? 'configured'}`;
}

/** The record of one poll's status answer for `target`. */
export function seenOf(target: { botId: string; language?: string; state?: string }, status: TrainingStatus): Seen {
  const seen: Seen = { watching: watchKey(target), status: status.trainingStatus };
  const version = trainVersionOf(status);
  if (version !== undefined) seen.trainVersion = version;
  return seen;
}

/**
 * Whether this poll is an event. The first poll (or the first after the watched bot changed) only records a
 * baseline, so activating never fires for a training that ended before. A new `trainVersion` with the same
 * status is a new training that ended between two polls.
 */
export function shouldFire(previous: Seen | undefined, current: Seen, on: TriggerOn): boolean {
  if (!previous || previous.watching !== current.watching) return false;
  if (previous.status === current.status && previous.trainVersion === current.trainVersion) return false;
  if (on === 'statusChange') return true;
  const phase = trainingPhase({ trainingStatus: current.status });
  if (on === 'ended') return phase === 'finished' || phase === 'failed';
  return phase === on;
}

/** The stored record; anything else (an older shape, a hand edit) is no baseline. */
export function readSeen(data: Record<string, unknown>): Seen | undefined {
  const { watching, status, trainVersion } = data;
  if (typeof watching !== 'string' || typeof status !== 'string') return undefined;
  return { watching, status, ...(typeof trainVersion === 'number' && Number.isFinite(trainVersion) ? { trainVersion } : {}) };
}

/** Writes field by field into the host's object: hosts such as n8n track changes to the object they handed out. */
export function writeSeen(data: Record<string, unknown>, seen: Seen): void {
  data.watching = seen.watching;
  data.status = seen.status;
  if (seen.trainVersion === undefined) delete data.trainVersion;
  else data.trainVersion = seen.trainVersion;
}

export interface WatchStep {
  fire: boolean;
  /** What the previous poll saw, when there was a baseline. */
  previous?: Seen;
  current: Seen;
}

/** One poll's step: reads the stored record, stores this poll's, and says whether to fire. */
export function watchTraining(
  data: Record<string, unknown>,
  target: { botId: string; language?: string; state?: string },
  status: TrainingStatus,
  on: TriggerOn,
): WatchStep {
  const previous = readSeen(data);
  const current = seenOf(target, status);
  writeSeen(data, current);
  return { fire: shouldFire(previous, current, on), current, ...(previous ? { previous } : {}) };
}
