import { safeText } from '@kore-train/core';

// Server text is made safe by the core's one implementation (control characters escaped, JWTs redacted);
// the CLI applies it again where it prints, so the terminal never depends on every core path having done so.
export { safeText };

/** Past this depth a value is not something the CLI built from a Kore.ai answer (the core refuses deeper JSON). */
const MAX_DEPTH = 64;

/**
 * A copy of a document for `--json` output in which every key and string is safe: JSON.stringify escapes C0
 * controls but leaves C1, line separators and bidi controls raw, and never redacts.
 */
export function safeDocument(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return safeText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return safeDocument((value as { toJSON(): unknown }).toJSON(), depth);
  if (Array.isArray(value)) return value.map((item) => safeDocument(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty: a key such as "__proto__" stays plain data.
    Object.defineProperty(copy, safeText(key), { value: safeDocument(item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
