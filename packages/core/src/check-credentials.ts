/**
 * A credential form's *Test* button, for any host: make a client from what the user typed, let Kore.ai judge
 * the signed token (`verifyCredentials`), and say OK or what is wrong, in words safe to show in an editor.
 * n8n's credential test, Node-RED's Test connection and the CLI's `check` all end here.
 */
import { isKoreError, type KoreErrorCode } from './errors.js';
import { redact } from './redact.js';
import type { KoreClient } from './types.js';

export type CredentialCheck =
  | { ok: true; message: string }
  /** `hint`: what the user can do (`KoreError.hint`); `field`: the input at fault, for INVALID_INPUT. */
  | { ok: false; code: KoreErrorCode | 'INTERNAL_ERROR'; message: string; field?: string; hint?: string };

export interface CheckCredentialsOptions {
  /** Stops the check (the form was closed). */
  signal?: AbortSignal;
  /** Values redacted from any text shown, on top of the core's own redaction (e.g. the typed secret). */
  secrets?: readonly string[];
}

export const CREDENTIALS_OK = 'Connection successful: Kore.ai accepted the signed token';

/**
 * Never rejects. `makeClient` runs inside the check, so a bad field (INVALID_INPUT naming it) is a result too;
 * the client is closed afterwards.
 */
export async function checkCredentials(makeClient: () => KoreClient, options: CheckCredentialsOptions = {}): Promise<CredentialCheck> {
  let client: KoreClient | undefined;
  try {
    client = makeClient();
    await client.verifyCredentials(options.signal ? { signal: options.signal } : {});
    return { ok: true, message: CREDENTIALS_OK };
  } catch (error) {
    return credentialFailure(error, options.secrets ?? []);
  } finally {
    client?.close();
  }
}

function credentialFailure(error: unknown, secrets: readonly string[]): CredentialCheck {
  if (!isKoreError(error)) {
    // Not the core's: its text was never made safe (it may quote anything), so none of it is shown.
    return { ok: false, code: 'INTERNAL_ERROR', message: 'The check failed unexpectedly' };
  }
  return {
    ok: false,
    code: error.code,
    // The core keeps secrets out of its messages; redacting the typed ones again costs nothing.
    message: redact(error.message, secrets),
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  };
}
