import { invalidInput } from './errors.js';

/** Public Kore.ai environments, for the presets the adapters offer; any https origin is accepted. */
export const KORE_HOST_PRESETS = [
  { name: 'Kore.ai (US) - bots.kore.ai', host: 'https://bots.kore.ai' },
  { name: 'Kore.ai XO Platform - platform.kore.ai', host: 'https://platform.kore.ai' },
  { name: 'Kore.ai (EU) - eu-bots.kore.ai', host: 'https://eu-bots.kore.ai' },
  { name: 'Kore.ai (JP) - jp-bots.kore.ai', host: 'https://jp-bots.kore.ai' },
] as const;

export type BotState = 'configured' | 'published';
export const BOT_STATES: readonly BotState[] = ['configured', 'published'];

export const SIGNING_ALGORITHMS = ['HS256', 'HS512', 'RS256', 'RS512'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** True for a base URL (as normalizeHost returns it) on a loopback address. */
export function isLoopbackUrl(baseUrl: string): boolean {
  return isLoopback(new URL(baseUrl).hostname);
}

function isLoopback(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * Normalizes `bots.kore.ai`, `https://bots.kore.ai/` or an on-premise URL with a path prefix
 * to a base URL without a trailing slash. Plain http is refused except on loopback.
 */
export function normalizeHost(host: unknown, allowInsecureHttp = false): string {
  const expected = 'an https URL or host name such as "https://bots.kore.ai"';
  if (typeof host !== 'string' || host.trim() === '') throw invalidInput('host', expected, host);
  const text = host.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidInput('host', expected, host);
  }
  if (url.username || url.password) throw invalidInput('host', `${expected} without user name or password`);
  if (url.search || url.hash) throw invalidInput('host', `${expected} without a query or fragment`, host);
  if (url.protocol === 'http:') {
    if (!allowInsecureHttp && !isLoopback(url.hostname)) {
      throw invalidInput('host', `https (plain http is refused except for loopback addresses; pass allowInsecureHttp to override)`, host);
    }
  } else if (url.protocol !== 'https:') {
    throw invalidInput('host', expected, host);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Whether two host settings name the same Kore.ai host (scheme, host, port and path, case aside). A host that
 * is not valid matches nothing: a stored secret is only ever signed for the host it was stored with.
 */
export function sameHost(a: unknown, b: unknown): boolean {
  try {
    return normalizeHost(a, true).toLowerCase() === normalizeHost(b, true).toLowerCase();
  } catch {
    return false;
  }
}

/** Bot IDs (`st-…`) and Stream IDs are URL path segments: reject anything that would escape one. */
export function validateBotId(botId: unknown): string {
  const expected = 'a non-empty Kore.ai Bot ID or Stream ID such as "st-1a2b3c4d-…"';
  if (typeof botId !== 'string') throw invalidInput('botId', expected, botId);
  const trimmed = botId.trim();
  if (trimmed === '') throw invalidInput('botId', expected, botId);
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(trimmed)) {
    throw invalidInput('botId', `${expected}, made of letters, digits, ".", "_", ":" and "-"`, botId);
  }
  // "." and ".." are path steps, not ids: the URL would lose its bot segment and the token go elsewhere.
  if (/^\.+$/.test(trimmed)) throw invalidInput('botId', `${expected}, not only dots`, botId);
  return trimmed;
}

/** Optional: absent or blank means the bot's default language. */
export function validateLanguage(language: unknown): string | undefined {
  if (language === undefined || language === null) return undefined;
  if (typeof language !== 'string') throw invalidInput('language', 'a language code such as "en" or "de"', language);
  const trimmed = language.trim();
  if (trimmed === '') return undefined;
  if (!/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/.test(trimmed)) {
    throw invalidInput('language', 'a language code such as "en", "de" or "zh_cn"', language);
  }
  return trimmed;
}

/** Optional: absent or blank means "configured", the in-development version. */
export function validateState(state: unknown): BotState | undefined {
  if (state === undefined || state === null) return undefined;
  if (typeof state === 'string') {
    const trimmed = state.trim().toLowerCase();
    if (trimmed === '') return undefined;
    if ((BOT_STATES as readonly string[]).includes(trimmed)) return trimmed as BotState;
  }
  throw invalidInput('state', '"configured" or "published"', state);
}

export function validateAlgorithm(algorithm: unknown): SigningAlgorithm {
  if (algorithm === undefined || algorithm === null || algorithm === '') return 'HS256';
  if (typeof algorithm === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(algorithm.toUpperCase())) {
    return algorithm.toUpperCase() as SigningAlgorithm;
  }
  throw invalidInput('algorithm', `one of ${SIGNING_ALGORITHMS.join(', ')}`, algorithm);
}

/** A required non-empty string. Never echoes the value: it may be a secret. */
export function requireSecretString(field: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(field, `a non-empty ${what}${value === undefined ? ' (it is missing)' : ''}`);
  }
  return value.trim();
}

export interface DurationBounds {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Validates a millisecond count or a count. */
export function validateNumber(field: string, value: unknown, fallback: number, bounds: DurationBounds = {}): number {
  if (value === undefined || value === null) return fallback;
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (bounds.integer && !Number.isInteger(value))) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
    throw invalidInput(field, `${bounds.integer ? 'a whole number' : 'a finite number'} ${range}`, value);
  }
  return value;
}
