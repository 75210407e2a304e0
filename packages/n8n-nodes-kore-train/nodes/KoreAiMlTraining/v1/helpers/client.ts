import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
// The engine entry: core without axios, node:http(s) or timers, none of which n8n allows in a node.
import { createKoreEngine, credentialOptions, type KoreClient, type Sleep, type Transport } from '@kore-train/core/engine';
import { n8nSleep } from './transport';

export const CREDENTIAL_TYPE = 'koreAiApi';

/** Sent as User-Agent, so Kore.ai's logs tell these requests apart. */
const USER_AGENT = 'n8n-nodes-kore-train (+https://www.npmjs.com/package/@kore-train/n8n-nodes-kore-train)';

/**
 * A core client for one execution (or one credential test), on n8n's HTTP helpers and n8n's sleep.
 * Core turns the credential's fields into client options (which secret the algorithm uses, a PEM pasted on
 * one line, the claims); the JWT is minted when a request needs it and lives only in memory.
 */
export function createClientFromCredentials(
  credentials: ICredentialDataDecryptedObject,
  transport: Transport,
  sleep: Sleep = n8nSleep,
): KoreClient {
  const host = credentials.host === 'custom' ? credentials.customHost : credentials.host;
  return createKoreEngine({ ...credentialOptions({ ...credentials, host, clientId: credentials.clientId }), transport, sleep, userAgent: USER_AGENT });
}

/** The values of a credential that must never be shown, for redacting messages that are not core's. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
  return [credentials.clientSecret, credentials.privateKey].filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
