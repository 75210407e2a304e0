import type { ApiContext } from './api.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
import { KoreError } from './errors.js';
import { KORE_RATE_LIMIT, resolveRateLimit, UNLIMITED, type RateLimit } from './rate-limit.js';
import { DEFAULT_SCHEDULE } from './schedule.js';
import { systemClock, type Clock, type Sleep } from './time.js';
import type { Transport } from './transport.js';
import { isLoopbackUrl, normalizeHost, requireSecretString, validateAlgorithm, validateNumber, type SigningAlgorithm } from './validate.js';

/** Every default the library applies; hosts show these rather than restate them. */
export const DEFAULTS = Object.freeze({
  /** A wait gives up after an hour. */
  timeoutMs: 3_600_000,
  requestTimeoutMs: 30_000,
  pollIntervalMs: DEFAULT_SCHEDULE.minIntervalMs,
  maxPollIntervalMs: DEFAULT_SCHEDULE.maxIntervalMs,
  /** After a POST, how long a terminal status is trusted without proof that it is the new training's. */
  settleMs: 10_000,
  tokenTtlSeconds: 300,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  algorithm: 'HS256' as SigningAlgorithm,
});

/** Kore.ai tokens are short lived; a longer one only widens the harm of a leak. */
export const MAX_TOKEN_TTL_SECONDS = 3_600;

export interface KoreClientOptions {
  /** `https://bots.kore.ai`, `bots.kore.ai`, an on-premise URL; `http://` only on loopback. */
  host: string;
  clientId: string;
  /** Signs HS256/HS512 tokens. */
  clientSecret?: string;
  /** Default HS256, what Kore.ai's API-scope apps use. */
  algorithm?: SigningAlgorithm;
  /** PEM private key (RSA, 2048 bits or more) for RS256/RS512. */
  privateKey?: string;
  /** Mint a token with a unique `jti` for every request (apps with "Enforce JTI"). */
  uniqueJti?: boolean;
  subject?: string;
  /** Added to (or overriding) the token's claims. */
  claims?: Record<string, unknown>;
  /** Token lifetime; default 300 s, at most 3600 s. */
  tokenTtlSeconds?: number;
  /** Allow plain http to a non-loopback host (never do this with real credentials). */
  allowInsecureHttp?: boolean;
  /** Bound on one whole request (connect, headers, body); default 30 s, and never past a wait's deadline. */
  requestTimeoutMs?: number;
  /** Cap on an answer's body, counted after decompression; default 1 MiB. Larger is BAD_RESPONSE. */
  maxResponseBytes?: number;
  /**
   * Requests per bot. Default: Kore.ai's published limits (60 a minute, 1,800 an hour, polls at least 1 s
   * apart); for a loopback host (a simulator), none. Raise it only for a server with other limits.
   */
  rateLimit?: Partial<RateLimit> | false;
  /** Sends requests; default: axios with keep-alive. */
  transport?: Transport;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  /** Called after each request with what is safe to log (no headers, no token). */
  onRequest?: ApiContext['onRequest'];
  userAgent?: string;
}

/** The options checked, with every default applied. */
export interface ResolvedOptions {
  baseUrl: string;
  clientId: string;
  algorithm: SigningAlgorithm;
  clientSecret?: string;
  privateKey?: string;
  requestTimeoutMs: number;
  tokenTtlSeconds: number;
  maxResponseBytes: number;
  rateLimit: Readonly<RateLimit>;
  clock: Clock;
  random: () => number;
  userAgent: string;
}

/** Checks the client options; throws INVALID_INPUT naming the first field at fault. */
export function resolveOptions(options: KoreClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new KoreError('INVALID_INPUT', 'options must be an object', { field: 'options' });
  const baseUrl = normalizeHost(options.host, options.allowInsecureHttp === true);
  const algorithm = validateAlgorithm(options.algorithm);
  return {
    baseUrl,
    algorithm,
    clientId: requireSecretString('clientId', options.clientId, 'client id'),
    ...(secretKindOf(algorithm) === 'clientSecret'
      ? { clientSecret: requireSecretString('clientSecret', options.clientSecret, 'client secret') }
      : { privateKey: requireSecretString('privateKey', options.privateKey, 'PEM private key') }),
    requestTimeoutMs: validateNumber('requestTimeoutMs', options.requestTimeoutMs, DEFAULTS.requestTimeoutMs, { min: 1 }),
    tokenTtlSeconds: validateNumber('tokenTtlSeconds', options.tokenTtlSeconds, DEFAULTS.tokenTtlSeconds, { min: 10, max: MAX_TOKEN_TTL_SECONDS, integer: true }),
    maxResponseBytes: validateNumber('maxResponseBytes', options.maxResponseBytes, DEFAULTS.maxResponseBytes, { min: 1, integer: true }),
    rateLimit: resolveRateLimit(options.rateLimit, isLoopbackUrl(baseUrl) ? UNLIMITED : KORE_RATE_LIMIT),
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    userAgent: options.userAgent ?? 'kore-train (+https://www.npmjs.com/package/@kore-train/core)',
  };
}

/** Which secret signs with the algorithm: the client secret (HS*) or the private key (RS*). */
export function secretKindOf(algorithm: SigningAlgorithm): 'clientSecret' | 'privateKey' {
  return algorithm.startsWith('RS') ? 'privateKey' : 'clientSecret';
}
