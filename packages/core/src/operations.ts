/**
 * The four operations every host offers on a bot's ML training, one call each, and the record its result becomes
 * (n8n's item `json`, a message payload, a `--json` document): the target, core's summary, Kore.ai's full answer.
 * Why here: which client call an operation is, what it is given and what its record holds are the same for every
 * host; a host only reads its own settings into an `OperationInput` and puts the record where its users look.
 */
import type { ActivityEnd } from './activity.js';
import { describeResumeToken } from './resume-token.js';
import type { TrainingStatus } from './status.js';
import { summarizeStatus, summarizeWait, type StatusSummary, type WaitSummary } from './summary.js';
import type { BotTarget, KoreClient } from './types.js';
import type { ProgressEvent, WaitResult } from './wait.js';

export type KoreOperation = 'getStatus' | 'startTraining' | 'waitForTraining' | 'trainAndWait';

export const KORE_OPERATIONS: readonly KoreOperation[] = ['getStatus', 'startTraining', 'waitForTraining', 'trainAndWait'];

export interface OperationInput extends BotTarget {
  /** The waits' settings (core validates them, naming the field). */
  timeoutMs?: number;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** waitForTraining only: go on with the wait this token describes; its bot, state and schedule replace the input's. */
  resumeToken?: string;
  signal?: AbortSignal;
  /** The waits' status changes and resume tokens, for hosts that show progress or keep waits resumable. */
  onProgress?(event: ProgressEvent): void;
  onCheckpoint?(token: string): void;
}

export interface OperationResult {
  /** One flat record: the target, core's summary, Kore.ai's full answer under `status` (for a wait). */
  record: Record<string, unknown>;
  /**
   * Which way it went: `finished` or `failed` ended the training; `pending` is a status that did not (in progress
   * or unknown); `started` is a training started without waiting.
   */
  way: 'finished' | 'failed' | 'pending' | 'started';
  /** Kore.ai's last status answer, and core's summary of it (of the wait, for a wait); absent for `started`. */
  status?: TrainingStatus;
  summary?: StatusSummary | WaitSummary;
  /** How an activity view (a status badge) shows the end. */
  end: ActivityEnd;
  /** Set when a wait ended with a Failed training: the host reports it (`trainingFailedError`) or routes it. */
  failed?: WaitResult;
}

export function isKoreOperation(value: unknown): value is KoreOperation {
  return (KORE_OPERATIONS as readonly unknown[]).includes(value);
}

/** The target as given, without keys left undefined. */
function targetRecord(target: BotTarget, withState: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = { botId: target.botId };
  if (target.language !== undefined) record.language = target.language;
  if (withState && target.state !== undefined) record.state = target.state;
  return record;
}

/** Kore.ai's answer as it came (plus core's sync flags), as a plain record. */
function statusRecord(status: TrainingStatus): Record<string, unknown> {
  return { ...status };
}

function waitResult(base: Record<string, unknown>, result: WaitResult): OperationResult {
  const summary = summarizeWait(result);
  const done = { record: { ...base, ...summary, status: statusRecord(result.status) }, way: result.outcome, status: result.status, summary, end: { kind: result.outcome } } as const;
  return result.outcome === 'failed' ? { ...done, failed: result } : done;
}

function statusResult(target: BotTarget, status: TrainingStatus): OperationResult {
  const summary = summarizeStatus(status);
  const record = { ...targetRecord(target, true), ...statusRecord(status), ...summary };
  if (summary.outcome === 'finished' || summary.outcome === 'failed') return { record, way: summary.outcome, status, summary, end: { kind: summary.outcome } };
  return { record, way: 'pending', status, summary, end: { kind: 'inprogress', trainingStatus: status.trainingStatus } };
}

export async function runOperation(client: KoreClient, operation: KoreOperation, input: OperationInput): Promise<OperationResult> {
  const { resumeToken, signal, timeoutMs, pollIntervalMs, maxPollIntervalMs, onProgress, onCheckpoint, ...target } = input;
  const listeners = { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}), ...(onCheckpoint ? { onCheckpoint } : {}) };
  const waitSettings = { timeoutMs, pollIntervalMs, maxPollIntervalMs, ...listeners };
  switch (operation) {
    case 'getStatus': {
      return statusResult(target, await client.getTrainingStatus({ ...target, ...(signal ? { signal } : {}) }));
    }
    case 'startTraining': {
      const training = await client.startTraining({ botId: target.botId, ...(target.language === undefined ? {} : { language: target.language }), ...(signal ? { signal } : {}) });
      return { record: { ...targetRecord(target, false), trainingId: training.trainingId, message: training.message }, way: 'started', end: { kind: 'inprogress', trainingStatus: 'Inprogress' } }; // queued: it runs
    }
    case 'trainAndWait': {
      const result = await client.trainAndWait({ ...target, ...waitSettings });
      return waitResult({ ...targetRecord(target, true), trainingId: result.training.trainingId, message: result.training.message }, result);
    }
    case 'waitForTraining': {
      if (resumeToken === undefined) return waitResult(targetRecord(target, true), await client.waitForTraining({ ...target, ...waitSettings }));
      // The token names the bot (and is refused, naming `resumeToken`, when it is no token).
      const { botId } = describeResumeToken(resumeToken);
      const result = await client.resumeWait(resumeToken, { ...listeners, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
      return waitResult({ botId, resumed: true }, result);
    }
  }
}
