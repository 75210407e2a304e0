/** Turns a `kore-ai-app` node's settings and credentials into options for the core client. */
import { KoreError, type KoreClientOptions, type SigningAlgorithm } from '@kore-train/core';
import { normalizePem } from './pem.js';
import type { KoreAiAppCredentials, KoreAiAppDef } from './types.js';

/** Parses the optional claims JSON of the config node. */
export function parseClaims(text: unknown): Record<string, unknown> | undefined {
  if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) return undefined;
  let value: unknown = text;
  if (typeof text === 'string') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub":"ci"} (it is not valid JSON)', { field: 'claims' });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub":"ci"}', { field: 'claims' });
  }
  return value as Record<string, unknown>;
}

/** Client options from the node's settings and credentials; the core validates them. */
export function clientOptions(def: Pick<KoreAiAppDef, 'host' | 'algorithm' | 'uniqueJti' | 'claims'>, credentials: KoreAiAppCredentials): KoreClientOptions {
  const algorithm = (typeof def.algorithm === 'string' && def.algorithm.trim() !== '' ? def.algorithm.trim() : 'HS256') as SigningAlgorithm;
  const options: KoreClientOptions = {
    host: def.host,
    clientId: credentials.clientId ?? '',
    algorithm,
    uniqueJti: def.uniqueJti === true,
    userAgent: 'node-red-kore-train (+https://www.npmjs.com/package/@kore-train/node-red-kore-train)',
  };
  if (algorithm.toUpperCase().startsWith('RS')) {
    if (credentials.privateKey) options.privateKey = normalizePem(credentials.privateKey);
  } else if (credentials.clientSecret !== undefined) {
    options.clientSecret = credentials.clientSecret;
  }
  const claims = parseClaims(def.claims);
  if (claims) options.claims = claims;
  return options;
}
