/**
 * A `kore-ai-app` node's fields and credentials as options for the core client. Core's
 * `credentialOptions` reads them as user input (algorithm, secret or key, PEM, claims); this adds only
 * what is Node-RED's own.
 */
import { credentialOptions, type KoreClientOptions } from '@kore-train/core';
import type { KoreAiAppCredentials, KoreAiAppDef } from './types.js';

const USER_AGENT = 'node-red-kore-train (+https://www.npmjs.com/package/@kore-train/node-red-kore-train)';

/** Throws KoreError INVALID_INPUT naming the field (e.g. `claims`, `algorithm`); the client checks the rest. */
export function clientOptions(def: Pick<KoreAiAppDef, 'host' | 'algorithm' | 'uniqueJti' | 'claims'>, credentials: KoreAiAppCredentials): KoreClientOptions {
  return { ...credentialOptions({ ...def, ...credentials, clientId: credentials.clientId }), userAgent: USER_AGENT };
}
