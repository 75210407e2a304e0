import type { RecordedRequest, RequestFilter } from './types.js';

interface Waiter {
  filter: RequestFilter;
  resolve: (entry: RecordedRequest) => void;
}

/** Every request the sim saw (control API calls excepted), in arrival order. */
export class RequestLog {
  /** Live: kept as the same array, so a reference held by a test stays current after `clear()`. */
  readonly entries: RecordedRequest[] = [];
  private waiters: Waiter[] = [];

  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    return entry;
  }

  count(filter: RequestFilter = {}): number {
    return this.entries.filter((entry) => matches(entry, filter)).length;
  }

  clear(): void {
    this.entries.length = 0;
  }

  /**
   * Resolves with the next matching request once the sim has decided its answer (a fault taken, a
   * status chosen; a `hang` is then being held). Tests await this instead of racing a timer against
   * the request's arrival.
   */
  next(filter: RequestFilter = {}): Promise<RecordedRequest> {
    return new Promise((resolve) => this.waiters.push({ filter, resolve }));
  }

  /** Called once per request when its answer is decided; wakes the waiters it matches. */
  decided(entry: RecordedRequest): void {
    const woken = this.waiters.filter((waiter) => matches(entry, waiter.filter));
    if (woken.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => !woken.includes(waiter));
    for (const waiter of woken) waiter.resolve(entry);
  }

  /** A JSON-safe copy for the control API. */
  snapshot(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry, query: { ...entry.query } }));
  }
}

export function matches(entry: RecordedRequest, filter: RequestFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method) return false;
  if (filter.path !== undefined && entry.kind !== filter.path) return false;
  if (filter.botId !== undefined && entry.botId !== filter.botId) return false;
  return true;
}
