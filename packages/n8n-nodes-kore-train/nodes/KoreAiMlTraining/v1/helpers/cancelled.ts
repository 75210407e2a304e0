import { NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { resumeTokenText } from './errors';

/** A wait that n8n stopped, and its resume token (none when the item's wait had not begun). */
export interface StoppedItem {
  itemIndex: number;
  resumeToken?: string;
}

const MESSAGE = 'The execution was cancelled while the node was waiting for Kore.ai';
const WHY = 'The execution was stopped, or it reached the workflow\'s timeout.';

/**
 * The node's error when n8n stopped the execution (Stop, or the workflow timeout): it carries each
 * item's resume token in its description (what n8n shows) and its context, so a later execution can go on.
 */
export function cancelledError(node: INode, stopped: readonly StoppedItem[]): NodeOperationError {
  const resumable = stopped.filter((item): item is Required<StoppedItem> => item.resumeToken !== undefined);
  const first = resumable[0] ?? stopped[0];
  let description = `${WHY} No wait had begun, so there is nothing to resume.`;
  if (resumable.length === 1) description = `${WHY} ${resumeTokenText(resumable[0]!.resumeToken)}`;
  if (resumable.length > 1) {
    const lines = resumable.map((item) => `Item ${item.itemIndex}: ${item.resumeToken}`);
    description = `${WHY} To go on, run "Wait for Training" with each item's token as its Resume Token option (they hold no secret):\n${lines.join('\n')}`;
  }
  const error = new NodeOperationError(node, MESSAGE, { description, ...(first ? { itemIndex: first.itemIndex } : {}) });
  if (resumable.length > 0) {
    error.context.resumeToken = resumable[0]!.resumeToken;
    error.context.resumeTokens = resumable.map((item) => ({ itemIndex: item.itemIndex, resumeToken: item.resumeToken }));
  }
  return error;
}

/** The `json` of a stopped item under "Continue On Fail". */
export function cancelledItemJson(item: StoppedItem): JsonObject {
  const json: JsonObject = { error: MESSAGE, errorCode: 'ABORTED', errorDescription: WHY };
  if (item.resumeToken !== undefined) json.resumeToken = item.resumeToken;
  return json;
}
