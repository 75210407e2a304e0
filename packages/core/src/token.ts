import type { KeyObject } from 'node:crypto';
import { invalidInput, KoreError } from './errors.js';
import type { Clock } from './time.js';
import type { SigningAlgorithm } from './validate.js';

export interface TokenSignerOptions {
  clientId: string;
  algorithm: SigningAlgorithm;
  /** For HS256/HS512. */
  clientSecret?: string;
  /** PEM (PKCS#1 or PKCS#8) for RS256/RS512. */
  privateKey?: string;
  subject?: string;
  /** Extra or overriding claims, for when Kore.ai renames one. */
  claims?: Record<string, unknown>;
  /** A fresh `jti` (and token) for every request, for apps that enforce JTI. */
  uniqueJti: boolean;
  ttlSeconds: number;
  clock: Clock;
}

/** node:crypto, loaded when the first client is made rather than when the package is. */
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');

/**
 * Loaded on the first signing: hosts that only load the package (Node-RED at start-up) do not pay for it.
 * Only the signer: jose's index would bring JWE and its compression module, which bundles must not carry.
 */
let jose: Promise<typeof import('jose/jwt/sign')> | undefined;

const MIN_RSA_BITS = 2048;

/** Re-sign this long before `exp`, so a token never expires in flight. */
const REFRESH_MARGIN_SECONDS = 30;

/**
 * Mints the JWT Kore.ai expects in the `auth` header and reuses it until shortly before it expires.
 * The key is held as a KeyObject, which never prints its material.
 */
export class TokenSigner {
  private readonly key: KeyObject;
  private cached?: { token: string; refreshAt: number };
  private pending?: Promise<string>;
  signed = 0;

  constructor(private readonly options: TokenSignerOptions) {
    this.key = loadKey(options);
  }

  async token(): Promise<string> {
    const nowSeconds = Math.floor(this.options.clock.now() / 1000);
    if (!this.options.uniqueJti) {
      if (this.cached && nowSeconds < this.cached.refreshAt) return this.cached.token;
      // Concurrent callers share one signing rather than each minting a token.
      this.pending ??= this.sign(nowSeconds).finally(() => (this.pending = undefined));
      return this.pending;
    }
    return this.sign(nowSeconds);
  }

  private async sign(nowSeconds: number): Promise<string> {
    const { clientId, algorithm, subject, claims, uniqueJti, ttlSeconds } = this.options;
    const exp = nowSeconds + ttlSeconds;
    const { SignJWT } = await (jose ??= import('jose/jwt/sign'));
    const jwt = new SignJWT({ appId: clientId, ...(uniqueJti ? { jti: crypto().randomUUID() } : {}), ...claims })
      .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(exp);
    if (subject) jwt.setSubject(subject);
    let token: string;
    try {
      token = await jwt.sign(this.key);
    } catch (error) {
      // jose's messages name the key type only, but stay on the safe side and keep just the name.
      throw new KoreError('INVALID_INPUT', `Could not sign the JWT with ${algorithm}: the key does not suit the algorithm`, {
        field: algorithm.startsWith('RS') ? 'privateKey' : 'clientSecret',
        cause: { name: error instanceof Error ? error.name : 'Error', message: 'signing failed' },
      });
    }
    this.signed++;
    if (!uniqueJti) this.cached = { token, refreshAt: exp - Math.min(REFRESH_MARGIN_SECONDS, Math.floor(ttlSeconds / 2)) };
    return token;
  }
}

function loadKey(options: TokenSignerOptions): KeyObject {
  if (options.algorithm.startsWith('HS')) {
    if (!options.clientSecret) throw invalidInput('clientSecret', `a non-empty string for ${options.algorithm}`);
    return crypto().createSecretKey(Buffer.from(options.clientSecret, 'utf8'));
  }
  if (!options.privateKey) throw invalidInput('privateKey', `a PEM-encoded RSA private key for ${options.algorithm}`);
  let key: KeyObject;
  try {
    key = crypto().createPrivateKey(options.privateKey);
  } catch {
    throw invalidInput('privateKey', `a PEM-encoded RSA private key for ${options.algorithm}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidInput('privateKey', `a PEM-encoded RSA private key for ${options.algorithm} (got another key type)`);
  // jose refuses to sign RS256/RS512 with less, so a shorter key could never make a token.
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw invalidInput('privateKey', `an RSA private key of at least ${MIN_RSA_BITS} bits for ${options.algorithm} (got ${bits} bits)`);
  return key;
}
