import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { concurrencySetting, isKoreError, isKoreOperation, runOperation, settleBounded, type KoreClient } from '@kore-train/core/engine';
import { cancelledError, cancelledItemJson, type StoppedItem } from '../helpers/cancelled';
import { createClientFromCredentials, CREDENTIAL_TYPE, secretsOf } from '../helpers/client';
import { errorItemJson, toNodeError } from '../helpers/errors';
import { httpRequestTransport } from '../helpers/transport';
import { readInput, toItem } from './common';
import type { OnFailed } from './types';

/**
 * Version 1's execute: one core client for the whole input, the items concurrently (bounded), each
 * ending in exactly one outcome: an item on an output, an error item (Continue On Fail), or the
 * node's error. Stopping the execution (or its timeout) aborts every request and wait at once.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const operation = this.getNodeParameter('operation', 0);
  if (!isKoreOperation(operation)) {
    throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not known to this version of the node`, { itemIndex: 0 });
  }
  const firstOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
  const isWait = operation === 'waitForTraining' || operation === 'trainAndWait';
  const onFailed: OnFailed = isWait && firstOptions.onFailed === 'output' ? 'output' : 'error';
  const outputs: INodeExecutionData[][] = onFailed === 'output' ? [[], []] : [[]];
  if (items.length === 0) return outputs;

  const credentials = await this.getCredentials(CREDENTIAL_TYPE);
  const secrets = secretsOf(credentials);
  const continueOnFail = this.continueOnFail();
  const cancelSignal = this.getExecutionCancelSignal?.();

  // Made by the first item: a credential that cannot make a client fails every item alike.
  let client: KoreClient | undefined;
  const clientOnce = (): KoreClient =>
    (client ??= createClientFromCredentials(credentials, httpRequestTransport((options) => this.helpers.httpRequest(options))));

  // Without Continue On Fail, an item's error stops the other items' requests and waits.
  const run = { limit: concurrencySetting(firstOptions.concurrency, 5, 20), failFast: !continueOnFail, ...(cancelSignal ? { signal: cancelSignal } : {}) };
  const settled = await settleBounded(items.length, run, async (itemIndex, signal) => {
    const client = clientOnce();
    return toItem(await runOperation(client, operation, { ...readInput.call(this, operation, itemIndex), signal }), onFailed);
  });
  client?.close();

  const failed = settled.findIndex((outcome) => outcome?.kind === 'failed');
  if (!continueOnFail && failed >= 0) throw toNodeError(this.getNode(), (settled[failed] as { error: unknown }).error, failed, secrets);
  // n8n stopped the execution: each stopped wait's resume token goes into the error n8n shows.
  const stoppedItem = (itemIndex: number, error: unknown): StoppedItem =>
    isKoreError(error) && error.resumeToken ? { itemIndex, resumeToken: error.resumeToken } : { itemIndex };
  const stopped = settled.flatMap((outcome, itemIndex) => (outcome?.kind === 'stopped' ? [stoppedItem(itemIndex, outcome.error)] : []));
  if (cancelSignal?.aborted && (!continueOnFail || stopped.length === 0)) throw cancelledError(this.getNode(), stopped);

  settled.forEach((outcome, itemIndex) => {
    const pairedItem = { item: itemIndex };
    if (outcome?.kind === 'done') outputs[outcome.value.output]!.push({ json: outcome.value.json, pairedItem });
    if (outcome?.kind === 'stopped') outputs[0]!.push({ json: cancelledItemJson(stoppedItem(itemIndex, outcome.error)), pairedItem });
    if (outcome?.kind === 'failed') {
      const json = errorItemJson(toNodeError(this.getNode(), outcome.error, itemIndex, secrets), outcome.error);
      outputs[0]!.push({ json, pairedItem });
    }
  });
  return outputs;
}
