import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, readTarget, readWaitSettings, stateField, waitItem, waitOptions } from '../common';
import type { ItemResult, RunContext } from '../types';

const properties: INodeProperties[] = [botIdField, languageField, stateField, waitOptions];

export const description = updateDisplayOptions({ show: { operation: ['trainAndWait'] } }, properties);

/**
 * Starts a training and waits for its end. The core tells the new training's result from the
 * previous one's (Kore.ai keeps answering the old "Finished" for a moment after the start).
 */
export async function execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult> {
  const target = readTarget.call(this, itemIndex, true);
  const settings = readWaitSettings.call(this, itemIndex);
  const result = await run.client.trainAndWait({ ...target, state: target.state as 'configured', ...settings, signal: run.signal });
  return waitItem.call(this, target, result, run.onFailed, { trainingId: result.training.trainingId, message: result.training.message });
}
