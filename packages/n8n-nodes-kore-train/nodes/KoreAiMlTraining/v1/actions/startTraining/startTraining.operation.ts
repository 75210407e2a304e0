import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, quickOptions, readTarget, targetJson } from '../common';
import type { ItemResult, RunContext } from '../types';

const properties: INodeProperties[] = [botIdField, languageField, quickOptions];

export const description = updateDisplayOptions({ show: { operation: ['startTraining'] } }, properties);

/** Queues an ML training and returns at once with Kore.ai's training id. */
export async function execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult> {
  const target = readTarget.call(this, itemIndex, false);
  const training = await run.client.startTraining({ ...target, signal: run.signal });
  return { json: { ...targetJson(target), trainingId: training.trainingId, message: training.message }, output: 0 };
}
