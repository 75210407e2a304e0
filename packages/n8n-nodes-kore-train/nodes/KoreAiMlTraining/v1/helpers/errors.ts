import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { isKoreError, redact, type KoreError, type KoreErrorCode } from '@kore-train/core/engine';

type Place = 'parameter' | 'option' | 'credential';

/** Core's field names as a user sees them in n8n, by where they live. */
const FIELDS: Record<Place, Record<string, string>> = {
  parameter: { botId: 'Bot ID', language: 'Language', state: 'State' },
  option: { timeoutMs: 'Timeout', pollIntervalMs: 'Poll Interval', maxPollIntervalMs: 'Max Poll Interval', resumeToken: 'Resume Token' },
  credential: { host: 'Host / Custom URL', clientId: 'Client ID', clientSecret: 'Client Secret', privateKey: 'Private Key', algorithm: 'Algorithm', claims: 'Extra JWT Claims' },
};

function fieldOf(field: string | undefined): { name: string; place: Place } | undefined {
  for (const place of ['parameter', 'option', 'credential'] as const) {
    const name = field === undefined ? undefined : FIELDS[place][field];
    if (name !== undefined) return { name, place };
  }
  return undefined;
}

const CREDENTIAL = '"Kore.ai API" credential';

/** Core says what to do (`KoreError.hint`); this says where in n8n to do it. */
const WHERE_IN_N8N: Partial<Record<KoreErrorCode, string>> = {
  UNAUTHORIZED: `Fix the Client ID, Client Secret (or Private Key), Algorithm or Host of the ${CREDENTIAL} used by this node.`,
  NOT_FOUND: `The bot id is the node's "Bot ID" parameter; the host is in the ${CREDENTIAL}.`,
  BAD_REQUEST: 'They are the node\'s "Language" and "State" parameters.',
  RATE_LIMITED: 'Lower the node\'s "Concurrency" option or raise its "Poll Interval" option.',
  SERVER_ERROR: 'Or turn on "Retry On Fail" in the node settings.',
  NETWORK: `The host is in the ${CREDENTIAL}.`,
  BAD_RESPONSE: `The host is in the ${CREDENTIAL}.`,
  TIMEOUT: 'The timeout is the node\'s "Timeout" option.',
  TRAINING_FAILED: 'To handle it in the workflow instead, set the "On Failed Training" option to send it to the "Failed" output.',
};

/** The sentence that hands the resume token to the user, with where to paste it. */
export function resumeTokenText(token: string): string {
  return `To go on with this wait, run "Wait for Training" with this Resume Token option (it holds no secret): ${token}`;
}

/** "botId must be …" becomes "Bot ID must be …"; a credential field is named as such. */
function invalidInputMessage(error: KoreError): { message: string; description?: string } {
  const field = fieldOf(error.field);
  if (!field || error.field === undefined) return { message: error.message };
  const rest = error.message.startsWith(error.field) ? error.message.slice(error.field.length).trimStart() : error.message;
  if (field.place === 'credential') {
    return { message: `${CREDENTIAL}: ${field.name} ${rest}`, description: `Fix the "${field.name}" field of the ${CREDENTIAL} used by this node.` };
  }
  return { message: `${field.name} ${rest}`, description: `Fix the "${field.name}" ${field.place} of this node.` };
}

/** The message of an error that is not ours: stripped of any token or secret, just in case. */
function safeMessage(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secrets).slice(0, 500);
}

function describe(error: KoreError): string | undefined {
  const parts = [error.hint, WHERE_IN_N8N[error.code], error.resumeToken === undefined ? undefined : resumeTokenText(error.resumeToken)];
  const text = parts.filter((part): part is string => part !== undefined).join(' ');
  return text === '' ? undefined : text;
}

/**
 * Any failure of an item as the error n8n shows: NodeApiError when Kore.ai answered with an HTTP
 * error, NodeOperationError otherwise; always with the item index and a hint a user can act on.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number, secrets: readonly string[] = []): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
    return error;
  }
  if (!isKoreError(error)) {
    return new NodeOperationError(node, safeMessage(error, secrets), { itemIndex });
  }
  if (error.code === 'INVALID_INPUT') {
    const { message, description } = invalidInputMessage(error);
    return new NodeOperationError(node, message, { itemIndex, ...(description ? { description } : {}) });
  }
  const description = describe(error);
  if (error.httpStatus !== undefined) {
    // toJSON() holds only what the core made safe: code, message, status, Kore.ai's own error texts.
    return new NodeApiError(node, error.toJSON() as JsonObject, {
      itemIndex,
      message: error.message,
      httpCode: String(error.httpStatus),
      ...(description ? { description } : {}),
    });
  }
  return new NodeOperationError(node, error.message, { itemIndex, ...(description ? { description } : {}) });
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
