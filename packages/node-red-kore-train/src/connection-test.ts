/**
 * The check behind the config dialog's *Test connection* button: the values the dialog holds (or, for a
 * secret left unchanged, the deployed app's stored one) signed into a token and shown to Kore.ai with the
 * core's `verifyCredentials`. The answer is what the dialog prints: never a secret, a key or a token.
 */
import { createKoreClient, isKoreError, KoreError, normalizeHost, redact, type KoreClient } from '@kore-train/core';
import { clientOptions } from './client-options.js';
import type { KoreAiAppCredentials } from './types.js';

/** What Node-RED's editor puts in a password field whose stored value it does not know. */
export const UNCHANGED_PASSWORD = '__PWRD__';

/** `hint`: the core's advice for the error (`KoreError.hint`), when it has one. */
export type ConnectionTestResult = { ok: true } | { ok: false; code: string; message: string; field?: string; hint?: string };

/** A deployed `kore-ai-app`: the host it runs with and its stored credentials. */
export interface DeployedApp {
  host: string;
  credentials: KoreAiAppCredentials;
}

export interface ConnectionTestOptions {
  /** The deployed app with this id, if any. */
  deployedApp: (id: string) => DeployedApp | undefined;
  /** Bounds each request to Kore.ai; the whole check ends a little after it. */
  requestTimeoutMs: number;
  /** Aborts the check (the editor went away). */
  signal?: AbortSignal;
  /** Where `${NAME}` hosts are looked up; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What the dialog sends. */
interface ConnectionTestRequest {
  id?: string;
  host: string;
  algorithm?: string;
  uniqueJti?: boolean;
  claims?: string;
  clientId?: string;
  clientSecret?: string;
  privateKey?: string;
}

/** Longest accepted text per field: generous for real values, small enough to refuse junk early. */
const MAX_LENGTH = { id: 100, host: 2_048, algorithm: 16, claims: 8_192, clientId: 1_024, clientSecret: 4_096, privateKey: 16_384 } as const;
type TextField = keyof typeof MAX_LENGTH;

/** Time left after the last request's own timeout for the core to report it. */
const GRACE_MS = 2_000;

const ENV_HOST = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const SECRET_FIELDS = ['clientSecret', 'privateKey'] as const;

export async function testConnection(body: unknown, options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  let secrets: string[] = [];
  let hostFromEnv: string | undefined;
  let client: KoreClient | undefined;
  const deadline = AbortSignal.timeout(options.requestTimeoutMs + GRACE_MS);
  try {
    const request = readRequest(body);
    const envName = ENV_HOST.exec(request.host.trim())?.[1];
    const host = envName === undefined ? request.host : resolveEnvHost(envName, options.env ?? process.env);
    hostFromEnv = envName; // set once its value is known: from here on a host error must not echo it
    const credentials = resolveCredentials(request, host, options);
    secrets = SECRET_FIELDS.map((field) => credentials[field]).filter((s): s is string => typeof s === 'string' && s !== '');
    client = createKoreClient({
      ...clientOptions({ host, algorithm: request.algorithm, uniqueJti: request.uniqueJti, claims: request.claims }, credentials),
      requestTimeoutMs: options.requestTimeoutMs,
    });
    await client.verifyCredentials({ signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline });
    return { ok: true };
  } catch (error) {
    if (deadline.aborted) {
      return { ok: false, code: 'TIMEOUT', message: `Kore.ai did not answer within ${Math.round(options.requestTimeoutMs / 1000)} s` };
    }
    return failure(error, secrets, hostFromEnv);
  } finally {
    client?.close();
  }
}

function readRequest(body: unknown): ConnectionTestRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KoreError('INVALID_INPUT', 'The request must be a JSON object with the dialog\'s values', { field: 'body' });
  }
  const values = body as Record<string, unknown>;
  const text = (field: TextField): string | undefined => {
    const value = values[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new KoreError('INVALID_INPUT', `${field} must be text`, { field });
    if (value.length > MAX_LENGTH[field]) throw new KoreError('INVALID_INPUT', `${field} is too long (at most ${MAX_LENGTH[field]} characters)`, { field });
    return value;
  };
  const uniqueJti = values['uniqueJti'];
  if (uniqueJti !== undefined && typeof uniqueJti !== 'boolean') throw new KoreError('INVALID_INPUT', 'uniqueJti must be true or false', { field: 'uniqueJti' });
  const request: ConnectionTestRequest = { host: text('host') ?? '' };
  for (const field of ['id', 'algorithm', 'claims', 'clientId', 'clientSecret', 'privateKey'] as const) {
    const value = text(field);
    if (value !== undefined) request[field] = value;
  }
  if (uniqueJti !== undefined) request.uniqueJti = uniqueJti;
  return request;
}

/**
 * The dialog's credentials, with each secret left unchanged replaced by the deployed app's stored one. A
 * stored secret signs a token only for the host the app was deployed with: the check must not become a
 * way to send a token made with the real secret to a host typed into the dialog.
 */
function resolveCredentials(request: ConnectionTestRequest, host: string, options: ConnectionTestOptions): KoreAiAppCredentials {
  const deployed = request.id === undefined ? undefined : options.deployedApp(request.id);
  const credentials: KoreAiAppCredentials = { clientId: request.clientId ?? '' };
  for (const field of SECRET_FIELDS) {
    const value = request[field];
    if (value !== UNCHANGED_PASSWORD) {
      if (value !== undefined) credentials[field] = value;
      continue;
    }
    const stored = deployed?.credentials[field];
    if (!deployed || !stored) throw new KoreError('INVALID_INPUT', `${field} is not stored for a deployed app with this id: type it again to test it`, { field });
    if (!sameHost(deployed.host, host)) {
      throw new KoreError('INVALID_INPUT', `the stored ${field} is only used with the host this app was deployed with: type it again to test another host`, { field });
    }
    credentials[field] = stored;
  }
  return credentials;
}

function sameHost(a: string, b: string): boolean {
  try {
    return normalizeHost(a, true).toLowerCase() === normalizeHost(b, true).toLowerCase();
  } catch {
    return false;
  }
}

function resolveEnvHost(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new KoreError('INVALID_INPUT', `host: the environment variable ${name} is not set for Node-RED`, { field: 'host' });
  }
  return value;
}

function failure(error: unknown, secrets: string[], hostFromEnv: string | undefined): ConnectionTestResult {
  if (!isKoreError(error)) {
    // Not a KoreError: its text was not made safe by the core, so none of it is shown.
    return { ok: false, code: 'INTERNAL_ERROR', message: 'The check failed unexpectedly' };
  }
  // The core keeps secrets out of its messages; redacting again costs nothing and guards the dialog.
  let message = redact(error.message, secrets);
  if (error.field === 'host' && hostFromEnv !== undefined) {
    // Do not echo the variable's value: the dialog is not a way to read Node-RED's environment.
    message = `host: the value of \${${hostFromEnv}} is not an https URL or host name (plain http only on loopback)`;
  }
  return { ok: false, code: error.code, message, ...(error.field === undefined ? {} : { field: error.field }), ...(error.hint === undefined ? {} : { hint: error.hint }) };
}
