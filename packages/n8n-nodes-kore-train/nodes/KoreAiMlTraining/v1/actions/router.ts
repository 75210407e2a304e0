import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isKoreError, type KoreClient } from '@kore-train/core/engine';
import { cancelledError, cancelledItemJson, type StoppedItem } from '../helpers/cancelled';
import { createClientFromCredentials, CREDENTIAL_TYPE, secretsOf } from '../helpers/client';
import { errorItemJson, toNodeError } from '../helpers/errors';
import { abortableSleep, httpRequestTransport } from '../helpers/transport';
import * as getStatus from './getStatus/getStatus.operation';
import * as startTraining from './startTraining/startTraining.operation';
import * as trainAndWait from './trainAndWait/trainAndWait.operation';
import * as waitForTraining from './waitForTraining/waitForTraining.operation';
import { OPERATIONS, type ItemResult, type OnFailed, type Operation, type OperationModule, type RunContext } from './types';

const MODULES: Record<Operation, OperationModule> = { getStatus, startTraining, waitForTraining, trainAndWait };

const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = 20;

type Outcome = { kind: 'result'; result: ItemResult } | { kind: 'error'; json: IDataObject } | { kind: 'stopped'; item: StoppedItem };

/** Runs `task` for 0..count-1, at most `limit` at a time, starting none after `stop()` says so. */
async function forEachBounded(count: number, limit: number, stop: () => boolean, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !stop()) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * Version 1's execute: one core client for the whole input, the items concurrently (bounded), each
 * ending in exactly one outcome: an item on an output, an error item (Continue On Fail), or the
 * node's error. Stopping the execution (or its timeout) aborts every request and wait at once.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const items = this.getInputData();
  const operation = this.getNodeParameter('operation', 0) as Operation;
  if (!OPERATIONS.includes(operation)) {
    throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not known to this version of the node`, { itemIndex: 0 });
  }
  const module = MODULES[operation];
  const firstOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
  const isWait = operation === 'waitForTraining' || operation === 'trainAndWait';
  const onFailed: OnFailed = isWait && firstOptions.onFailed === 'output' ? 'output' : 'error';
  const concurrencyOption = Number(firstOptions.concurrency ?? DEFAULT_CONCURRENCY);
  const concurrency = Number.isFinite(concurrencyOption) ? Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(concurrencyOption))) : DEFAULT_CONCURRENCY;
  const outputs: INodeExecutionData[][] = onFailed === 'output' ? [[], []] : [[]];
  if (items.length === 0) return outputs;

  const credentials = await this.getCredentials(CREDENTIAL_TYPE);
  const secrets = secretsOf(credentials);
  const continueOnFail = this.continueOnFail();

  const cancelSignal = this.getExecutionCancelSignal?.();
  const failFast = new AbortController();
  const signal = cancelSignal ? AbortSignal.any([cancelSignal, failFast.signal]) : failFast.signal;

  let client: KoreClient;
  try {
    client = createClientFromCredentials(credentials, httpRequestTransport((options) => this.helpers.httpRequest(options)), abortableSleep);
  } catch (error) {
    // A credential that cannot make a client fails every item alike.
    const nodeError = toNodeError(this.getNode(), error, 0, secrets);
    if (!continueOnFail) throw nodeError;
    const json = errorItemJson(nodeError, error);
    outputs[0] = items.map((_item, itemIndex) => ({ json: { ...json }, pairedItem: { item: itemIndex } }));
    return outputs;
  }

  const run: RunContext = { client, signal, onFailed };
  const outcomes: Array<Outcome | undefined> = new Array(items.length);
  let firstError: Error | undefined;

  try {
    await forEachBounded(items.length, concurrency, () => signal.aborted, async (itemIndex) => {
      try {
        const result = await module.execute.call(this, run, itemIndex);
        outcomes[itemIndex] = { kind: 'result', result };
      } catch (error) {
        if (cancelSignal?.aborted) {
          // n8n stopped the execution: keep the wait's resume token for the error n8n shows.
          outcomes[itemIndex] = { kind: 'stopped', item: { itemIndex, ...(isKoreError(error) && error.resumeToken ? { resumeToken: error.resumeToken } : {}) } };
          return;
        }
        if (failFast.signal.aborted) return; // another item's error stops the node anyway
        const nodeError = toNodeError(this.getNode(), error, itemIndex, secrets);
        if (continueOnFail) {
          outcomes[itemIndex] = { kind: 'error', json: errorItemJson(nodeError, error) };
        } else {
          firstError = nodeError;
          failFast.abort(); // stop the other items' requests and waits
        }
      }
    });
  } finally {
    client.close();
  }

  if (firstError) throw firstError;
  const stopped = outcomes.flatMap((outcome) => (outcome?.kind === 'stopped' ? [outcome.item] : []));
  if (cancelSignal?.aborted && (!continueOnFail || stopped.length === 0)) throw cancelledError(this.getNode(), stopped);

  outcomes.forEach((outcome, itemIndex) => {
    if (!outcome) return;
    if (outcome.kind === 'stopped') {
      outputs[0]!.push({ json: cancelledItemJson(outcome.item), pairedItem: { item: itemIndex } });
    } else if (outcome.kind === 'error') {
      outputs[0]!.push({ json: outcome.json, pairedItem: { item: itemIndex } });
    } else {
      outputs[outcome.result.output]!.push({ json: outcome.result.json, pairedItem: { item: itemIndex } });
    }
  });
  return outputs;
}
