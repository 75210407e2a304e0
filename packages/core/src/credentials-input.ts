import { KoreError } from './errors.js';
import { secretKindOf, type KoreClientOptions } from './options.js';
import { sameHost, validateAlgorithm } from './validate.js';

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

/** The text fields of a credential form, as they may arrive from an untrusted request. */
export type CredentialField = 'host' | 'algorithm' | 'claims' | 'clientId' | 'clientSecret' | 'privateKey';

/** Longest accepted text per field: generous for real values (a 4096-bit PEM key is about 3.3 KB), small enough to refuse junk. */
export const CREDENTIAL_FIELD_MAX_LENGTH: Readonly<Record<CredentialField, number>> = {
  host: 2_048, algorithm: 16, claims: 8_192, clientId: 1_024, clientSecret: 4_096, privateKey: 16_384,
};

export type CredentialFields = Partial<Record<CredentialField, string>> & { uniqueJti?: boolean };

/**
 * A credential form's values sent as JSON by an editor (e.g. to a *Test connection* endpoint): every field
 * text of bounded length, `uniqueJti` a boolean; other properties are ignored. INVALID_INPUT names the field.
 */
export function readCredentialFields(body: unknown): CredentialFields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KoreError('INVALID_INPUT', 'the request must be a JSON object with the form\'s values', { field: 'body' });
  }
  const values = body as Record<string, unknown>;
  const fields: CredentialFields = {};
  for (const field of Object.keys(CREDENTIAL_FIELD_MAX_LENGTH) as CredentialField[]) {
    const value = values[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new KoreError('INVALID_INPUT', `${field} must be text`, { field });
    const max = CREDENTIAL_FIELD_MAX_LENGTH[field];
    if (value.length > max) throw new KoreError('INVALID_INPUT', `${field} is too long (at most ${max} characters)`, { field });
    fields[field] = value;
  }
  const uniqueJti = values['uniqueJti'];
  if (uniqueJti !== undefined && typeof uniqueJti !== 'boolean') throw new KoreError('INVALID_INPUT', 'uniqueJti must be true or false', { field: 'uniqueJti' });
  if (uniqueJti !== undefined) fields.uniqueJti = uniqueJti;
  return fields;
}

/** What a host keeps of a saved credential: the host it was saved for, and its secrets. */
export interface StoredCredential {
  host: string;
  clientSecret?: string;
  privateKey?: string;
}

/**
 * A form's values where the user left a saved secret unchanged (editors send a placeholder for a password they
 * do not show): the saved secret, but only for the host it was saved with, so that testing a form can never
 * send a token signed with the real secret to a host typed into it. INVALID_INPUT names the secret otherwise.
 */
export function withStoredSecrets(fields: CredentialFields, placeholder: string, stored: StoredCredential | undefined): CredentialFields {
  const out: CredentialFields = { ...fields };
  for (const field of ['clientSecret', 'privateKey'] as const) {
    if (fields[field] !== placeholder) continue;
    const secret = stored?.[field];
    if (!stored || !secret) throw new KoreError('INVALID_INPUT', `${field} is not stored for this saved credential: type it again to test it`, { field });
    if (!sameHost(stored.host, fields.host)) {
      throw new KoreError('INVALID_INPUT', `the stored ${field} is only used with the host it was saved with: type it again to test another host`, { field });
    }
    out[field] = secret;
  }
  return out;
}
