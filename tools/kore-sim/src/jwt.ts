import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';

/** How far in the future `iat` may be before a token is refused. */
export const MAX_IAT_SKEW_SECONDS = 60;

const HMAC_ALGORITHMS = ['HS256', 'HS512'];
const RSA_ALGORITHMS = ['RS256', 'RS512'];

export interface VerifierOptions {
  clientId: string;
  clientSecret: string;
  publicKeyPem?: string;
  enforceJti: boolean;
  now: () => number;
}

export type VerifyResult = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Checks the JWT in the `auth` header the way the platform does for an API-scope app. Reasons given
 * back are fixed sentences: they never contain the token, the secret, or a claim value.
 */
export class JwtVerifier {
  private readonly secretKey: KeyObject;
  private readonly publicKey?: KeyObject;
  private readonly algorithms: string[];
  private readonly usedJtis = new Set<string>();

  constructor(private readonly options: VerifierOptions) {
    this.secretKey = createSecretKey(Buffer.from(options.clientSecret, 'utf8'));
    if (options.publicKeyPem !== undefined) {
      const key = createPublicKey(options.publicKeyPem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error('kore-sim: publicKeyPem must be an RSA public key');
      this.publicKey = key;
    }
    this.algorithms = this.publicKey ? [...HMAC_ALGORITHMS, ...RSA_ALGORITHMS] : [...HMAC_ALGORITHMS];
  }

  async verify(token: string | undefined): Promise<VerifyResult> {
    if (token === undefined || token.trim() === '') {
      return { ok: false, reason: "Missing JWT: send it in the header named 'auth'" };
    }
    const nowMs = this.options.now();
    let claims: Record<string, unknown>;
    try {
      const result = await jwtVerify(token.trim(), (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: this.algorithms,
        requiredClaims: ['exp'],
        currentDate: new Date(nowMs),
      });
      claims = { ...result.payload };
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
    const iat = claims.iat;
    if (iat !== undefined && (typeof iat !== 'number' || iat > nowMs / 1000 + MAX_IAT_SKEW_SECONDS)) {
      return { ok: false, reason: 'JWT iat is in the future' };
    }
    if (claims.appId !== this.options.clientId) {
      return { ok: false, reason: 'JWT appId does not match a registered app' };
    }
    if (this.options.enforceJti) {
      const jti = claims.jti;
      if (typeof jti !== 'string' || jti === '') return { ok: false, reason: 'JWT jti is required by this app' };
      if (this.usedJtis.has(jti)) return { ok: false, reason: 'JWT jti was already used' };
      this.usedJtis.add(jti);
    }
    return { ok: true, claims };
  }

  private keyFor(header: JWTHeaderParameters): KeyObject {
    if (HMAC_ALGORITHMS.includes(header.alg)) return this.secretKey;
    if (this.publicKey && RSA_ALGORITHMS.includes(header.alg)) return this.publicKey;
    // jose refuses algorithms outside `algorithms` before asking for a key; this is a second fence.
    throw new joseErrors.JOSEAlgNotAllowed('algorithm not allowed');
  }
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'JWT expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `JWT claim ${error.claim} is ${error.reason === 'missing' ? 'missing' : 'invalid'}`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'JWT algorithm is not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'JWT signature is invalid';
  return 'JWT is malformed';
}
