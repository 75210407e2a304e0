import { createKoreClient, credentialOptions, KoreError, secretKindOf, validateAlgorithm, type KoreClient } from '@kore-train/core';
import { readSecret, type InputStream } from './secret-input.js';

export interface CredentialOptions {
  host?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretFile?: string;
  algorithm?: string;
  privateKeyFile?: string;
  uniqueJti?: boolean;
}

/** Where Commander found an option's value: `cli`, `env`, `default` or undefined (not set). */
export type ValueSource = (key: keyof CredentialOptions) => string | undefined;

const MAX_SECRET_BYTES = 16 * 1024;
const MAX_KEY_BYTES = 64 * 1024;

/**
 * The client secret, first found wins: `--client-secret` on the command line, `--client-secret-file`,
 * KORE_CLIENT_SECRET_FILE, KORE_CLIENT_SECRET. A flag beats the environment; a file beats a value.
 */
async function clientSecret(options: CredentialOptions, sourceOf: ValueSource, stdin: InputStream | undefined): Promise<string | undefined> {
  if (options.clientSecret && sourceOf('clientSecret') === 'cli') return options.clientSecret;
  if (options.clientSecretFile) {
    const name = sourceOf('clientSecretFile') === 'env' ? 'KORE_CLIENT_SECRET_FILE' : '--client-secret-file';
    return readSecret({ name, field: '--client-secret-file', path: options.clientSecretFile, maxBytes: MAX_SECRET_BYTES }, stdin);
  }
  return options.clientSecret || undefined;
}

function missing(flag: string, alternative: string): KoreError {
  return new KoreError('INVALID_INPUT', `${flag} is required (${alternative})`, { field: flag });
}

/**
 * Builds the client from flags and environment, reading a secret or key file (or stdin) only when it is needed.
 * Core's credentialOptions decides the rest as in every adapter: which secret the algorithm signs with, and a
 * PEM key kept on one line or with literal `\n` rebuilt.
 */
export async function clientFrom(options: CredentialOptions, sourceOf: ValueSource, stdin: InputStream | undefined): Promise<KoreClient> {
  if (!options.host) throw missing('--host', 'or set KORE_HOST');
  if (!options.clientId) throw missing('--client-id', 'or set KORE_CLIENT_ID');
  // Commander already limited --algorithm to core's SIGNING_ALGORITHMS; this picks the default.
  const algorithm = validateAlgorithm(options.algorithm);
  let privateKey: string | undefined;
  let secret: string | undefined;
  if (secretKindOf(algorithm) === 'privateKey') {
    if (!options.privateKeyFile) throw missing('--private-key-file', 'or set KORE_PRIVATE_KEY_FILE; "-" reads it from stdin');
    const name = sourceOf('privateKeyFile') === 'env' ? 'KORE_PRIVATE_KEY_FILE' : '--private-key-file';
    privateKey = await readSecret({ name, field: '--private-key-file', path: options.privateKeyFile, maxBytes: MAX_KEY_BYTES }, stdin);
  } else {
    secret = await clientSecret(options, sourceOf, stdin);
    if (!secret) {
      throw new KoreError('INVALID_INPUT', 'a client secret is required: --client-secret-file <path> ("-" reads stdin), or set KORE_CLIENT_SECRET_FILE or KORE_CLIENT_SECRET', { field: '--client-secret-file' });
    }
  }
  return createKoreClient(credentialOptions({
    host: options.host, clientId: options.clientId, algorithm, clientSecret: secret, privateKey, uniqueJti: options.uniqueJti === true,
  }));
}
