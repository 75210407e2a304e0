import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { isKoreError, redact } from '@kore-train/core/engine';
import { createClientFromCredentials, secretsOf } from '../helpers/client';
import { legacyRequestTransport } from '../helpers/transport';

/**
 * The "Kore.ai API" credential's test: signs a token and asks Kore.ai about a made-up bot
 * (the core's verifyCredentials). A refused token is a failure; "no such bot" proves it was accepted.
 * A credential test only gets n8n's legacy `request` helper, so the core's transport uses that one.
 */
export async function koreAiApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  try {
    const client = createClientFromCredentials(data, legacyRequestTransport(this.helpers));
    try {
      await client.verifyCredentials();
    } finally {
      client.close();
    }
    return { status: 'OK', message: 'Connection successful: Kore.ai accepted the signed token' };
  } catch (error) {
    const message = isKoreError(error) ? error.message : redact(error instanceof Error ? error.message : String(error), secretsOf(data));
    return { status: 'Error', message };
  }
}
