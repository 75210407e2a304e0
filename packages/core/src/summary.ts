/**
 * The fields every host shows for a status answer or a wait's end, in one shape: n8n's item `json`, Node-RED's
 * `msg.kore`, the CLI's `--json` document. The full status stays the host's payload; this is the summary beside it.
 */
import { trainingPhase, trainVersionOf, type StartTrainingResult, type TrainingPhase, type TrainingStatus } from './status.js';
import type { ProgressEvent, Transition, WaitOutcome, WaitResult } from './wait.js';

export interface StatusSummary {
  outcome: TrainingPhase;
  trainingStatus: string;
  allInSync: boolean;
  outOfSync: string[];
  /** Kore.ai's `trainDetails.trainVersion`, when the answer has one: it tells two trainings apart. */
  trainVersion?: number;
}

export interface WaitSummary extends StatusSummary {
  outcome: WaitOutcome;
  elapsedMs: number;
  requests: number;
  transitions: Transition[];
  /** What the POST that started the training answered (train-and-wait, and its resumption). */
  training?: StartTrainingResult;
}

export function summarizeStatus(status: TrainingStatus): StatusSummary {
  const summary: StatusSummary = {
    outcome: trainingPhase(status),
    trainingStatus: status.trainingStatus,
    allInSync: status.allInSync,
    outOfSync: [...status.outOfSync],
  };
  const version = trainVersionOf(status);
  if (version !== undefined) summary.trainVersion = version;
  return summary;
}

export function summarizeWait(result: WaitResult & { training?: StartTrainingResult }): WaitSummary {
  const summary: WaitSummary = {
    ...summarizeStatus(result.status),
    outcome: result.outcome,
    elapsedMs: result.elapsedMs,
    requests: result.requests,
    transitions: result.transitions,
  };
  if (result.training !== undefined) summary.training = result.training;
  return summary;
}

/** A status change seen while waiting, for a host's progress message. */
export interface ProgressSummary {
  event: 'progress';
  trainingStatus: string;
  /** The status before this change; absent on the first one seen. */
  previous?: string;
  elapsedMs: number;
  requests: number;
}

export function summarizeProgress(event: ProgressEvent): ProgressSummary {
  const summary: ProgressSummary = { event: 'progress', trainingStatus: event.status.trainingStatus, elapsedMs: event.elapsedMs, requests: event.requests };
  if (event.previous !== undefined) summary.previous = event.previous;
  return summary;
}
