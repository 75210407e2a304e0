import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';
import { DEFAULTS, KORE_HOST_PRESETS, SIGNING_ALGORITHMS, secretKindOf, type SigningAlgorithm } from '@kore-train/core/engine';

/** Core's algorithms, named for the form: which secret each one signs with is core's call. */
function algorithmOption(algorithm: SigningAlgorithm): { name: string; value: string } {
  if (secretKindOf(algorithm) === 'privateKey') return { name: `${algorithm} (Private Key)`, value: algorithm };
  return { name: algorithm === DEFAULTS.algorithm ? `${algorithm} (API Scope Apps)` : algorithm, value: algorithm };
}

/**
 * What a Kore.ai JWT app needs: the host, the app's client id and secret (or RSA key), the algorithm.
 * No token is stored: the node mints a short-lived JWT from these fields when it runs.
 * The connection test is the node's `koreAiApiCredentialTest` (a JWT cannot be signed declaratively).
 */
export class KoreAiApi implements ICredentialType {
  name = 'koreAiApi';

  displayName = 'Kore.ai API';

  icon: Icon = {
    light: 'file:../nodes/KoreAiMlTraining/koreai.svg',
    dark: 'file:../nodes/KoreAiMlTraining/koreai.dark.svg',
  };

  documentationUrl = 'https://developer.kore.ai/docs/bots/api-guide/apis/';

  properties: INodeProperties[] = [
    {
      displayName: 'Host',
      name: 'host',
      type: 'options',
      options: [
        ...KORE_HOST_PRESETS.map((preset) => ({ name: preset.name, value: preset.host })),
        { name: 'Custom URL', value: 'custom' },
      ],
      // Literal for n8n's lint; a unit test keeps it equal to core's first preset.
      default: 'https://bots.kore.ai',
      description: 'The Kore.ai environment your bot lives in',
    },
    {
      displayName: 'Custom URL',
      name: 'customHost',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'https://kore.example.com',
      description:
        'Base URL of a regional or on-premise Kore.ai platform. Must be https (plain http only works for a local address such as 127.0.0.1).',
      displayOptions: { show: { host: ['custom'] } },
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
      placeholder: 'cs-1a2b3c4d-…',
      description: 'Client ID of the Kore.ai app (Bot Builder > App Settings or Admin Console > API Scopes)',
    },
    {
      displayName: 'Algorithm',
      name: 'algorithm',
      type: 'options',
      options: SIGNING_ALGORITHMS.map(algorithmOption),
      // n8n's lint wants literal defaults and display conditions here; a unit test keeps them equal to core's.
      default: 'HS256',
      description: 'How the JWT is signed. API scope apps use HS256 with the client secret.',
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'Client Secret of the Kore.ai app. It signs the JWT and is never sent or shown.',
      displayOptions: { show: { algorithm: ['HS256', 'HS512'] } },
    },
    {
      displayName: 'Private Key',
      name: 'privateKey',
      type: 'string',
      typeOptions: { password: true, rows: 5 },
      default: '',
      required: true,
      placeholder: '-----BEGIN PRIVATE KEY-----',
      description: 'PEM-encoded RSA private key of the app, for RS256 and RS512. A key pasted on one line (line breaks lost) is accepted too.',
      displayOptions: { show: { algorithm: ['RS256', 'RS512'] } },
    },
    {
      displayName: 'Unique JTI per Request',
      name: 'uniqueJti',
      type: 'boolean',
      default: false,
      description:
        'Whether to sign a new token with a unique "jti" for every request. Turn on when the app has "Enforce JTI" enabled.',
    },
    {
      displayName: 'Extra JWT Claims',
      name: 'claims',
      type: 'json',
      default: '{}',
      description:
        'Claims added to (or overriding) the token, e.g. {"sub": "n8n"}. Empty or {} adds none. The token always carries "appId" (the client ID), "iat" and "exp".',
    },
  ];
}
