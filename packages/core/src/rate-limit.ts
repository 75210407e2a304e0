import { invalidInput } from './errors.js';
import type { Clock } from './time.js';

/** How often one client may call Kore.ai for one bot. */
export interface RateLimit {
  /** Requests (status and training calls together) in any rolling minute. */
  perMinute: number;
  /** Requests in any rolling hour. */
  perHour: number;
  /** The shortest `pollIntervalMs` a wait may ask for. */
  minPollIntervalMs: number;
}

/**
 * Kore.ai's published limits for public APIs: 60 a minute and 1,800 an hour per bot, in rolling windows.
 * A sustained poll faster than one a second is therefore never right.
 */
export const KORE_RATE_LIMIT: Readonly<RateLimit> = Object.freeze({ perMinute: 60, perHour: 1_800, minPollIntervalMs: 1_000 });

/** A loopback host is a simulator or a test double, not Kore.ai's cloud: no limit unless one is asked for. */
export const UNLIMITED: Readonly<RateLimit> = Object.freeze({
  perMinute: Number.POSITIVE_INFINITY, perHour: Number.POSITIVE_INFINITY, minPollIntervalMs: 1,
});

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** `rateLimit` as given to the client, checked and completed from the host's default. */
export function resolveRateLimit(option: Partial<RateLimit> | false | undefined, fallback: Readonly<RateLimit>): Readonly<RateLimit> {
  if (option === false) return UNLIMITED;
  if (option === undefined || option === null) return fallback;
  if (typeof option !== 'object') throw invalidInput('rateLimit', 'an object such as { perMinute: 60, perHour: 1800 }, or false', option);
  const limit = { ...fallback };
  for (const key of ['perMinute', 'perHour', 'minPollIntervalMs'] as const) {
    const value = option[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < 1) throw invalidInput(`rateLimit.${key}`, 'a number >= 1', value);
    limit[key] = value;
  }
  return Object.freeze(limit);
}

/**
 * Rolling-window accounting per bot. It never refuses: it says how long to wait, and the caller waits
 * (within its deadline). Memory is bounded by `perHour` timestamps per bot that was called in the last hour.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly limit: Readonly<RateLimit>, private readonly clock: Clock) {}

  get unlimited(): boolean {
    return this.limit.perMinute === Number.POSITIVE_INFINITY && this.limit.perHour === Number.POSITIVE_INFINITY;
  }

  /** Milliseconds until a request for this bot keeps within the limit; 0 when one may go now. */
  delayMs(botId: string): number {
    if (this.unlimited) return 0;
    const now = this.clock.now();
    const times = this.recent(botId, now);
    if (!times) return 0;
    let allowedAt = now;
    if (times.length >= this.limit.perHour) allowedAt = Math.max(allowedAt, times[times.length - this.limit.perHour]! + HOUR);
    if (times.length >= this.limit.perMinute) {
      const nth = times[times.length - this.limit.perMinute]!;
      if (nth > now - MINUTE) allowedAt = Math.max(allowedAt, nth + MINUTE);
    }
    return allowedAt - now;
  }

  /** Counts a request for this bot as sent now. */
  take(botId: string): void {
    if (this.unlimited) return;
    const now = this.clock.now();
    const times = this.recent(botId, now);
    if (times) times.push(now);
    else this.sent.set(botId, [now]);
  }

  /** The bot's requests of the last hour, oldest first; forgets a bot with none. */
  private recent(botId: string, now: number): number[] | undefined {
    const times = this.sent.get(botId);
    if (!times) return undefined;
    let expired = 0;
    while (expired < times.length && times[expired]! <= now - HOUR) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length === 0) {
      this.sent.delete(botId);
      return undefined;
    }
    return times;
  }
}
