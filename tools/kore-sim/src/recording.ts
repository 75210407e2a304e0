import type { RecordedRequest, RequestFilter } from './types.js';

/** Every request the sim saw (control API calls excepted), in arrival order. */
export class RequestLog {
  /** Live: kept as the same array, so a reference held by a test stays current after `clear()`. */
  readonly entries: RecordedRequest[] = [];

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
