import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
// The engine entry: core without axios, node:http(s) or timers, none of which n8n allows in a node.
import { createKoreEngine, KoreError, type KoreClient, type Sleep, type Transport } from '@kore-train/core/engine';
import { abortableSleep } from './transport';

export const CREDENTIAL_TYPE = 'koreAiApi';

/** Sent as User-Agent, so Kore.ai's logs tell these requests apart. */
const USER_AGENT = 'n8n-nodes-kore-train (+https://www.npmjs.com/package/@kore-train/n8n-nodes-kore-train)';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** "Extra JWT Claims": a JSON object, as text or already parsed by n8n. */
function parseClaims(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    parsed = parseJson(value);
    if (parsed === NOT_JSON) {
      throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub": "n8n"} (it is not valid JSON)', { field: 'claims' });
    }
  }
  if (parsed === undefined || parsed === null) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub": "n8n"}', { field: 'claims' });
  }
  return Object.keys(parsed).length ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * A core client for one execution (or one credential test), on n8n's HTTP helpers and n8n's sleep.
 * The JWT is minted by the core from the credential when a request needs it and lives only in memory.
 */
export function createClientFromCredentials(
  credentials: ICredentialDataDecryptedObject,
  transport: Transport,
  sleep: Sleep = abortableSleep,
): KoreClient {
  const host = credentials.host === 'custom' ? credentials.customHost : credentials.host;
  const algorithm = text(credentials.algorithm) ?? 'HS256';
  const rsa = algorithm.toUpperCase().startsWith('RS');
  return createKoreEngine({
    host: typeof host === 'string' ? host : '',
    clientId: typeof credentials.clientId === 'string' ? credentials.clientId : '',
    algorithm: algorithm as 'HS256',
    ...(rsa ? { privateKey: text(credentials.privateKey) } : { clientSecret: text(credentials.clientSecret) }),
    uniqueJti: credentials.uniqueJti === true,
    claims: parseClaims(credentials.claims),
    transport,
    sleep,
    userAgent: USER_AGENT,
  });
}
