import { createPrivateKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { KoreSim } from './types.js';

export type TestTokenAlgorithm = 'HS256' | 'HS512' | 'RS256' | 'RS512' | (string & {});

export interface TestTokenOverrides {
  /** Default `'HS256'`. */
  algorithm?: TestTokenAlgorithm;
  /** HMAC key. Default: the sim's clientSecret (pass another to get a bad signature). */
  secret?: string;
  /** PEM private key for RS256/RS512. */
  privateKeyPem?: string;
  /** `appId` claim. Default: the sim's clientId. */
  appId?: string;
  /** `exp` = iat + this. Default 300; negative gives an expired token. */
  expiresInSeconds?: number;
  /** `iat` = the sim clock + this. Default 0; > 60 gives an iat in the future. */
  issuedAtOffsetSeconds?: number;
  /** Default: a random UUID. `false` leaves `jti` out. */
  jti?: string | false;
  /** Extra or overriding claims (applied last). */
  claims?: Record<string, unknown>;
  /** Claims to leave out, e.g. `['exp']` or `['appId']`. */
  omitClaims?: string[];
}

/**
 * Mints a token the sim accepts (or, with overrides, a deliberately bad one). For the sim's own tests
 * and for benchmarks that want a pre-signed token. Times follow the sim clock, like its checks.
 */
export async function signTestToken(
  sim: Pick<KoreSim, 'clientId' | 'clientSecret'> & { now?: () => number },
  overrides: TestTokenOverrides = {},
): Promise<string> {
  const algorithm = overrides.algorithm ?? 'HS256';
  const iat = Math.floor((sim.now ?? Date.now)() / 1000) + (overrides.issuedAtOffsetSeconds ?? 0);
  const payload: Record<string, unknown> = {
    appId: overrides.appId ?? sim.clientId,
    iat,
    exp: iat + (overrides.expiresInSeconds ?? 300),
  };
  const jti = overrides.jti ?? randomUUID();
  if (jti !== false) payload.jti = jti;
  Object.assign(payload, overrides.claims);
  for (const claim of overrides.omitClaims ?? []) delete payload[claim];
  return new SignJWT(payload).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).sign(keyFor(algorithm, sim.clientSecret, overrides));
}

function keyFor(algorithm: string, clientSecret: string, overrides: TestTokenOverrides): KeyObject {
  if (algorithm.startsWith('RS') || algorithm.startsWith('PS') || algorithm.startsWith('ES')) {
    if (!overrides.privateKeyPem) throw new Error(`signTestToken: ${algorithm} needs privateKeyPem`);
    return createPrivateKey(overrides.privateKeyPem);
  }
  return createSecretKey(Buffer.from(overrides.secret ?? clientSecret, 'utf8'));
}
