import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { isKoreError, redact, type KoreError, type KoreErrorCode } from '@kore-train/core';

/** The core's field names, as a user sees them in n8n. */
const NODE_FIELDS: Record<string, string> = {
  botId: 'Bot ID',
  language: 'Language',
  state: 'State',
  timeoutMs: 'Timeout',
  pollIntervalMs: 'Poll Interval',
  maxPollIntervalMs: 'Max Poll Interval',
};

const CREDENTIAL_FIELDS: Record<string, string> = {
  host: 'Host / Custom URL',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  privateKey: 'Private Key',
  algorithm: 'Algorithm',
  claims: 'Extra JWT Claims',
};

const HINTS: Partial<Record<KoreErrorCode, string>> = {
  UNAUTHORIZED:
    'Kore.ai did not accept the signed token. Check the Client ID, Client Secret (or Private Key) and Algorithm of the "Kore.ai API" credential, and the host it points to.',
  FORBIDDEN: 'Give the Kore.ai app the "Train ML" API scope (Bot Builder > API Scopes, or Admin Console > API Scopes) for this bot.',
  NOT_FOUND: 'Check the Bot ID (or Stream ID, "st-…") under the bot\'s General Settings, and that the credential points to the host the bot lives on.',
  RATE_LIMITED: 'Kore.ai kept rate limiting the requests. Lower the node\'s concurrency or raise the poll interval.',
  SERVER_ERROR: 'Kore.ai had a server error. Try again later, or turn on "Retry On Fail" in the node settings.',
  NETWORK: 'Check the host in the credential and that n8n can reach it (proxy and firewall settings).',
  BAD_RESPONSE: 'The host answered with something that is not the Kore.ai API. Check the host in the credential.',
  TIMEOUT: 'The training did not end in time. Raise the Timeout option, or look at the training in the Bot Builder.',
  BUDGET_EXHAUSTED: 'The wait used up its request budget.',
  TRAINING_FAILED:
    'Kore.ai reported the ML training as "Failed": open the bot\'s training page in the Bot Builder for the reason. To handle it in the workflow instead, set the "On Failed Training" option to send it to the "Failed" output.',
};

function label(field: string | undefined): { name: string; inCredential: boolean } | undefined {
  if (!field) return undefined;
  if (field in NODE_FIELDS) return { name: NODE_FIELDS[field] as string, inCredential: false };
  if (field in CREDENTIAL_FIELDS) return { name: CREDENTIAL_FIELDS[field] as string, inCredential: true };
  return undefined;
}

/** "botId must be …" becomes "Bot ID must be …"; a credential field is named as such. */
function invalidInputMessage(error: KoreError): { message: string; description?: string } {
  const named = label(error.field);
  if (!named) return { message: error.message };
  const rest = error.field && error.message.startsWith(error.field) ? error.message.slice(error.field.length).trimStart() : error.message;
  if (named.inCredential) {
    return {
      message: `"Kore.ai API" credential: ${named.name} ${rest}`,
      description: `Fix the "${named.name}" field of the "Kore.ai API" credential used by this node.`,
    };
  }
  return { message: `${named.name} ${rest}`, description: `Fix the "${named.name}" parameter of this node.` };
}

/** The message of an error that is not ours: stripped of any token or secret, just in case. */
function safeMessage(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, secrets).slice(0, 500);
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
  const description =
    error.code === 'TIMEOUT' && !error.lastStatus
      ? 'No status came back from Kore.ai before the timeout: every request failed or went unanswered. Check the host in the credential and whether Kore.ai is reachable, or raise the Timeout option.'
      : HINTS[error.code];
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
  }
  return json;
}
