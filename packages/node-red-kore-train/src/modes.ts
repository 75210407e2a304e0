/**
 * The node's three modes, and the resumption of a wait, as the core's operations (`runOperation`): the same
 * calls, summaries and routing as the n8n node's. Nothing here knows about Node-RED messages.
 */
import { runOperation, type BotTarget, type JobIO, type KoreClient, type KoreOperation, type OperationResult } from '@kore-train/core';
import type { NodeOptions } from './node-options.js';
import type { KoreTrainMode } from './types.js';

const OPERATION_OF: Record<KoreTrainMode, KoreOperation> = { status: 'getStatus', wait: 'waitForTraining', train: 'trainAndWait' };

export function runMode(client: KoreClient, target: BotTarget, options: NodeOptions, io: JobIO): Promise<OperationResult> {
  return runOperation(client, OPERATION_OF[options.mode], { ...target, ...io, timeoutMs: options.timeoutMs, pollIntervalMs: options.pollIntervalMs });
}

/** Continues a wait from its resume token (after a redeploy or restart), with the deadline and guard it had. */
export function resumeWait(client: KoreClient, token: string, io: JobIO): Promise<OperationResult> {
  return runOperation(client, 'waitForTraining', { botId: '', resumeToken: token, ...io }); // the token names the bot
}
