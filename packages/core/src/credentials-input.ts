import { KoreError } from './errors.js';
import { secretKindOf, type KoreClientOptions } from './options.js';
import { validateAlgorithm } from './validate.js';

/** What a user typed into a host's credential form, a CLI flag or an environment variable. */
export interface CredentialInput {
  host: unknown;
  clientId: unknown;
  algorithm?: unknown;
  clientSecret?: unknown;
  privateKey?: unknown;
  /** A JSON object, as text or already parsed; blank, `{}` and null add nothing. */
  claims?: unknown;
  uniqueJti?: unknown;
}

type CredentialOptions = Pick<KoreClientOptions, 'host' | 'clientId' | 'algorithm' | 'clientSecret' | 'privateKey' | 'claims' | 'uniqueJti'>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The one translation of user input into client options, used by every host: the algorithm picks which
 * secret is used, a pasted PEM is rebuilt, claims are parsed. The client validates the rest.
 */
export function credentialOptions(input: CredentialInput): CredentialOptions {
  const algorithm = validateAlgorithm(typeof input.algorithm === 'string' ? input.algorithm.trim() : input.algorithm);
  const options: CredentialOptions = { host: text(input.host), clientId: text(input.clientId), algorithm, uniqueJti: input.uniqueJti === true };
  if (secretKindOf(algorithm) === 'privateKey') {
    if (typeof input.privateKey === 'string' && input.privateKey.trim() !== '') options.privateKey = normalizePem(input.privateKey);
  } else if (typeof input.clientSecret === 'string' && input.clientSecret !== '') {
    options.clientSecret = input.clientSecret;
  }
  const claims = parseClaims(input.claims);
  if (claims) options.claims = claims;
  return options;
}

/** Extra JWT claims: a JSON object as text or value. Blank, null and `{}` mean none. */
export function parseClaims(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub": "ci"} (it is not valid JSON)', { field: 'claims' });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KoreError('INVALID_INPUT', 'claims must be a JSON object such as {"sub": "ci"}', { field: 'claims' });
  }
  return Object.keys(parsed).length > 0 ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * A PEM key pasted into a single-line password field loses its line breaks, and keys kept in environment
 * variables often carry literal `\n`: both are rebuilt into a PEM that crypto libraries read. Anything that
 * does not look like PEM is returned trimmed, for the signer to judge.
 */
export function normalizePem(pem: string): string {
  const unescaped = pem.replace(/\\n/g, '\n').trim();
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(unescaped);
  if (!match) return unescaped;
  const label = match[1];
  const lines = (match[2] ?? '').replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
