import type { IDataObject } from 'n8n-workflow';

/** What a Failed training does in the wait operations. */
export type OnFailed = 'error' | 'output';

/** One item's result: its json and the output it goes to (0 = main / "Finished", 1 = "Failed"). */
export interface ItemResult {
  json: IDataObject;
  output: 0 | 1;
}
