/**
 * The node's three modes, and the resumption of a wait, each one function from a bot target to what
 * the node sends: the port, the payload, the `msg.kore` fields and the badge to end with. Nothing
 * here knows about Node-RED messages; the node decides whether the outcome is still wanted.
 */
import { trainingPhase, type BotTarget, type KoreClient, type ProgressEvent, type TrainingStatus, type WaitParams, type WaitResult } from '@kore-train/core';
import type { NodeOptions } from './node-options.js';
import type { JobEnd } from './status-display.js';
import type { KoreTrainMode } from './types.js';

/** 0 Finished, 1 Failed, 2 not done yet (status mode) or a status change (wait modes). */
export type Port = 0 | 1 | 2;

export interface Outcome {
  port: Port;
  payload: TrainingStatus;
  /** Fields for `msg.kore`, beside mode and target. */
  kore: Record<string, unknown>;
  end: JobEnd;
}

export interface ModeInput {
  client: KoreClient;
  target: BotTarget;
  options: NodeOptions;
  signal: AbortSignal;
  onProgress(event: ProgressEvent): void;
  onCheckpoint(token: string): void;
}

export type ModeRunner = (input: ModeInput) => Promise<Outcome>;

async function getStatus({ client, target, signal }: ModeInput): Promise<Outcome> {
  const status = await client.getTrainingStatus({ ...target, signal });
  const phase = trainingPhase(status);
  const kore = { outcome: phase, trainingStatus: status.trainingStatus };
  if (phase === 'finished' || phase === 'failed') return { port: phase === 'finished' ? 0 : 1, payload: status, kore, end: { kind: phase } };
  return { port: 2, payload: status, kore, end: { kind: 'inprogress', trainingStatus: status.trainingStatus } };
}

function waitParams({ target, options, signal, onProgress, onCheckpoint }: ModeInput): WaitParams {
  return { ...target, signal, onProgress, onCheckpoint, timeoutMs: options.timeoutMs, pollIntervalMs: options.pollIntervalMs };
}

/** What every wait mode sends: Finished on output 1, Failed on output 2. */
function waited(result: WaitResult, extra: Record<string, unknown> = {}): Outcome {
  return {
    port: result.outcome === 'finished' ? 0 : 1,
    payload: result.status,
    kore: {
      ...extra, outcome: result.outcome, trainingStatus: result.status.trainingStatus, elapsedMs: result.elapsedMs,
      requests: result.requests, transitions: result.transitions,
    },
    end: { kind: result.outcome },
  };
}

async function waitForTraining(input: ModeInput): Promise<Outcome> {
  return waited(await input.client.waitForTraining(waitParams(input)));
}

async function trainAndWait(input: ModeInput): Promise<Outcome> {
  const result = await input.client.trainAndWait(waitParams(input));
  return waited(result, { training: result.training });
}

export const MODES: Record<KoreTrainMode, ModeRunner> = { status: getStatus, wait: waitForTraining, train: trainAndWait };

/** Continues a wait from its resume token (after a redeploy or restart), with the deadline and guard it had. */
export async function resumeWait({ client, signal, onProgress, onCheckpoint }: Omit<ModeInput, 'target' | 'options'>, token: string): Promise<Outcome> {
  const result = await client.resumeWait(token, { signal, onProgress, onCheckpoint });
  return waited(result, result.training ? { training: result.training } : {});
}
