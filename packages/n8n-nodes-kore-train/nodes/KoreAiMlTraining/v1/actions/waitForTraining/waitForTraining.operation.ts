import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, readTarget, readWaitSettings, stateField, waitItem, waitOptions } from '../common';
import type { ItemResult, RunContext } from '../types';

const properties: INodeProperties[] = [botIdField, languageField, stateField, waitOptions];

export const description = updateDisplayOptions({ show: { operation: ['waitForTraining'] } }, properties);

/** Waits until the current (or last) training is Finished or Failed, polling less often as time goes by. */
export async function execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult> {
  const target = readTarget.call(this, itemIndex, true);
  const settings = readWaitSettings.call(this, itemIndex);
  const result = await run.client.waitForTraining({ ...target, state: target.state as 'configured', ...settings, signal: run.signal });
  return waitItem.call(this, target, result, run.onFailed);
}
