import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { botIdField, languageField, quickOptions, readTarget, stateField, statusJson, targetJson } from '../common';
import type { ItemResult, RunContext } from '../types';

const properties: INodeProperties[] = [botIdField, languageField, stateField, quickOptions];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);

/** One status request: whatever the status is (Finished, Inprogress, Failed or new), it is the item. */
export async function execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult> {
  const target = readTarget.call(this, itemIndex, true);
  const status = await run.client.getTrainingStatus({ ...target, state: target.state as 'configured', signal: run.signal });
  return { json: { ...targetJson(target), ...statusJson(status) }, output: 0 };
}
