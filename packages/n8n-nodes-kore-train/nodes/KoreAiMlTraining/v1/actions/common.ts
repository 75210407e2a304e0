import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { durationSetting, trainingFailedError, type BotState, type BotTarget, type KoreOperation, type OperationInput, type OperationResult } from '@kore-train/core/engine';
import type { ItemResult, OnFailed } from './types';

/** Reads a node parameter by name, with a fallback: an item's (`getNodeParameter(name, i, …)`) or the trigger's. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** Bot ID, Language and (when the node has it) State, as typed: core validates them. A blank Language is none. */
export function readTarget(read: ParameterReader, withState: boolean): BotTarget {
  const target: BotTarget = { botId: read('botId') as string };
  const language = read('language', '');
  if (language !== '' && language !== undefined && language !== null) target.language = language as string;
  if (withState) target.state = read('state', 'configured') as BotState;
  return target;
}

/** One item's parameters as core's operation input: the wait options in core's milliseconds (core names the one at fault). */
export function readInput(this: IExecuteFunctions, operation: KoreOperation, itemIndex: number): OperationInput {
  const target = readTarget((name, fallback) => this.getNodeParameter(name, itemIndex, fallback), operation !== 'startTraining');
  if (operation !== 'waitForTraining' && operation !== 'trainAndWait') return target;
  const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
  const input: OperationInput = {
    ...target,
    timeoutMs: durationSetting(options.timeout, { field: 'timeoutMs', unit: 'minutes', allowZero: true }),
    pollIntervalMs: durationSetting(options.pollInterval, { field: 'pollIntervalMs', unit: 'seconds' }),
    maxPollIntervalMs: durationSetting(options.maxPollInterval, { field: 'maxPollIntervalMs', unit: 'seconds' }),
  };
  // The Resume Token option (Wait for Training), when set; core judges whether it is a token.
  const resumeFrom = typeof options.resumeFrom === 'string' ? options.resumeFrom.trim() : options.resumeFrom;
  if (resumeFrom !== undefined && resumeFrom !== null && resumeFrom !== '') input.resumeToken = resumeFrom as string;
  return input;
}

/** Core's record as the item; a Failed training goes to the "Failed" output or is the item's error. */
export function toItem(result: OperationResult, onFailed: OnFailed): ItemResult {
  if (result.failed === undefined) return { json: result.record as IDataObject, output: 0 };
  if (onFailed === 'output') return { json: result.record as IDataObject, output: 1 };
  throw trainingFailedError(String(result.record.botId), result.failed);
}
