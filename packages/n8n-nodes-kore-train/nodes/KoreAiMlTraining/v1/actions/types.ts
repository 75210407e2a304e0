import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { KoreClient } from '@kore-train/core/engine';

export type Operation = 'getStatus' | 'startTraining' | 'waitForTraining' | 'trainAndWait';

export const OPERATIONS: readonly Operation[] = ['getStatus', 'startTraining', 'waitForTraining', 'trainAndWait'];

/** What a Failed training does in the wait operations. */
export type OnFailed = 'error' | 'output';

/** Shared by every item of one execution of the node. */
export interface RunContext {
  client: KoreClient;
  /** Aborts when the execution is cancelled (or times out), or when another item failed the node. */
  signal: AbortSignal;
  onFailed: OnFailed;
}

/** One item's result: its json and the output it goes to (0 = main / "Finished", 1 = "Failed"). */
export interface ItemResult {
  json: IDataObject;
  output: 0 | 1;
}

export interface OperationModule {
  description: INodeProperties[];
  execute(this: IExecuteFunctions, run: RunContext, itemIndex: number): Promise<ItemResult>;
}
