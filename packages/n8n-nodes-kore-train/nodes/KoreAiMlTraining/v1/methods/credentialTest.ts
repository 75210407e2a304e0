import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { checkCredentials } from '@kore-train/core/engine';
import { createClientFromCredentials, secretsOf } from '../helpers/client';
import { legacyRequestTransport } from '../helpers/transport';

/**
 * The "Kore.ai API" credential's test: core signs a token and asks Kore.ai about a made-up bot
 * (`checkCredentials`). A refused token is a failure; "no such bot" proves it was accepted.
 * A credential test only gets n8n's legacy `request` helper, so the core's transport uses that one.
 */
export async function koreAiApiCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  const check = await checkCredentials(() => createClientFromCredentials(data, legacyRequestTransport(this.helpers)), { secrets: secretsOf(data) });
  if (check.ok) return { status: 'OK', message: check.message };
  return { status: 'Error', message: check.hint === undefined ? check.message : `${check.message} ${check.hint}` };
}
