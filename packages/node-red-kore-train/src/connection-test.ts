/**
 * The check behind the config dialog's *Test connection* button: the core's `checkCredentials` on the values
 * the dialog holds; a secret left unchanged (the editor sends a placeholder) is the deployed app's stored one,
 * for its own host only (core's `withStoredSecrets`). Node-RED's own part: a `${NAME}` host read from its
 * environment, never echoed back.
 */
import { checkCredentials, createKoreClient, KoreError, readCredentialFields, withStoredSecrets, type CredentialCheck, type StoredCredential } from '@kore-train/core';
import { clientOptions } from './client-options.js';

/** What Node-RED's editor puts in a password field whose stored value it does not know. */
export const UNCHANGED_PASSWORD = '__PWRD__';

export interface ConnectionTestOptions {
  /** The deployed app with this id (its host and stored secrets), if any. */
  deployedApp: (id: string) => StoredCredential | undefined;
  /** Bounds each request to Kore.ai. */
  requestTimeoutMs: number;
  /** Aborts the check (the editor went away). */
  signal?: AbortSignal;
  /** Where `${NAME}` hosts are looked up; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

const ENV_HOST = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

export async function testConnection(body: unknown, options: ConnectionTestOptions): Promise<CredentialCheck> {
  const typed = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  let envName: string | undefined;
  const result = await checkCredentials(() => {
    const fields = readCredentialFields(body);
    const name = ENV_HOST.exec((fields.host ?? '').trim())?.[1];
    const host = name === undefined ? (fields.host ?? '') : fromEnv(name, options.env ?? process.env);
    envName = name; // set once its value is known: from here on a host error must not echo it
    const id = typed['id'];
    const values = withStoredSecrets({ ...fields, host }, UNCHANGED_PASSWORD, typeof id === 'string' ? options.deployedApp(id) : undefined);
    return createKoreClient({ ...clientOptions({ ...values, host }, values), requestTimeoutMs: options.requestTimeoutMs });
  }, { secrets: [typed['clientSecret'], typed['privateKey']].filter((s): s is string => typeof s === 'string'), ...(options.signal ? { signal: options.signal } : {}) });
  if (!result.ok && result.field === 'host' && envName !== undefined) {
    return { ...result, message: `host: the value of \${${envName}} is not an https URL or host name (plain http only on loopback)` };
  }
  return result;
}

function fromEnv(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new KoreError('INVALID_INPUT', `host: the environment variable ${name} is not set for Node-RED`, { field: 'host' });
  return value;
}
