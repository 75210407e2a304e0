/**
 * The part of an object that can be written as JSON and read back the same, so that a host can store what
 * it needs to finish a wait (e.g. a Node-RED message) beside the wait's resume token. Each top-level property
 * is kept whole when JSON holds it exactly, or dropped whole and named: sockets and circular request objects,
 * functions, class instances (Buffer, Date, Map, Error…), `undefined`, NaN and ±Infinity, bigint, symbols.
 */
export interface JsonExactParts {
  /** A deep copy of the kept properties: later changes to the original do not reach it. */
  value: Record<string, unknown>;
  /** Names of the dropped top-level properties, e.g. `["req", "res"]`. */
  dropped: string[];
}

const MAX_DEPTH = 100;

/** True when `JSON.parse(JSON.stringify(value))` gives back an equal value. */
export function isJsonExact(value: unknown, ancestors: object[] = []): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false; // undefined, function, bigint, symbol
  if (ancestors.includes(value) || ancestors.length >= MAX_DEPTH) return false;
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonExact(value[i], inner)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  return Object.values(value).every((item) => isJsonExact(item, inner));
}

export function jsonExactParts(object: object): JsonExactParts {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (isJsonExact(value)) kept[key] = value;
    else dropped.push(key);
  }
  return { value: JSON.parse(JSON.stringify(kept)) as Record<string, unknown>, dropped };
}
