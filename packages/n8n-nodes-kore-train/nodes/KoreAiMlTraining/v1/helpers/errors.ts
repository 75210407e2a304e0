import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { isKoreError, reportError, type ReportWording } from '@kore-train/core/engine';
import { fieldLabels } from '../actions/common.description';

const CREDENTIAL = '"Kore.ai API" credential';

/** The sentence that hands the resume token to the user, with where to paste it. */
export function resumeTokenText(token: string): string {
  return `To go on with this wait, run "Wait for Training" with this Resume Token option (it holds no secret): ${token}`;
}

/** Where in n8n things are: core says what to do, this says where. */
const N8N: ReportWording<'parameter' | 'option' | 'credential'> = {
  labels: fieldLabels,
  fixInput: ({ place, label, message }) =>
    place === 'credential'
      ? { message: `${CREDENTIAL}: ${message}`, description: `Fix the "${label}" field of the ${CREDENTIAL} used by this node.` }
      : { message, description: `Fix the "${label}" ${place} of this node.` },
  where: {
    UNAUTHORIZED: `Fix the Client ID, Client Secret (or Private Key), Algorithm or Host of the ${CREDENTIAL} used by this node.`,
    NOT_FOUND: `The bot id is the node's "Bot ID" parameter; the host is in the ${CREDENTIAL}.`,
    BAD_REQUEST: 'They are the node\'s "Language" and "State" parameters.',
    RATE_LIMITED: 'Lower the node\'s "Concurrency" option or raise its "Poll Interval" option.',
    SERVER_ERROR: 'Or turn on "Retry On Fail" in the node settings.',
    NETWORK: `The host is in the ${CREDENTIAL}.`,
    BAD_RESPONSE: `The host is in the ${CREDENTIAL}.`,
    TIMEOUT: 'The timeout is the node\'s "Timeout" option.',
    TRAINING_FAILED: 'To handle it in the workflow instead, set the "On Failed Training" option to send it to the "Failed" output.',
  },
  resumeText: resumeTokenText,
};

/**
 * Any failure of an item as the error n8n shows: NodeApiError when Kore.ai answered with an HTTP
 * error, NodeOperationError otherwise; always with the item index and a hint a user can act on.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, secrets: readonly string[] = []): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
    return error;
  }
  const report = reportError(error, N8N, secrets);
  const options = { itemIndex, ...(report.description === undefined ? {} : { description: report.description }) };
  if (isKoreError(error) && report.httpStatus !== undefined) {
    // toJSON() holds only what the core made safe: code, message, status, Kore.ai's own error texts.
    return new NodeApiError(node, error.toJSON() as JsonObject, { ...options, message: report.message, httpCode: String(report.httpStatus) });
  }
  return new NodeOperationError(node, report.message, options);
}

/** The `json` of an item that failed under "Continue On Fail". */
export function errorItemJson(error: NodeApiError | NodeOperationError, cause: unknown): JsonObject {
  const json: JsonObject = { error: error.message };
  if (error.description) json.errorDescription = error.description;
  if (isKoreError(cause)) {
    json.errorCode = cause.code;
    if (cause.httpStatus !== undefined) json.httpStatus = cause.httpStatus;
    if (cause.field !== undefined) json.errorField = cause.field;
    if (cause.resumeToken !== undefined) json.resumeToken = cause.resumeToken;
  }
  return json;
}
