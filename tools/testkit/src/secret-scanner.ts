import { findJwt } from './jwt-shape.js';
import { walkStrings } from './walk-strings.js';

/**
 * Collects everything a user or a log could see during a test (errors, outputs, logs, files, database
 * dumps) and reports the secrets or JWT-shaped strings in it. Why one scanner: every suite must prove
 * the same promise ("no secret, no token, anywhere"), so they must all look the same way.
 */
export class SecretScanner {
  private readonly texts: Array<{ label: string; text: string }> = [];

  /** Adds a captured value under a label: a string as is, anything else rendered (errors in full). */
  add(label: string, value: unknown): void {
    this.texts.push({ label, text: render(value) });
  }

  /** What leaked, as "label: a secret" or "label: a JWT"; empty when clean. */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const { label, text } of this.texts) {
      if (secrets.some((secret) => secret !== '' && text.includes(secret))) found.push(`${label}: a secret`);
      if (findJwt(text) !== undefined) found.push(`${label}: a JWT`);
    }
    return found;
  }

  /** How many texts were added: a scan of nothing proves nothing. */
  get size(): number {
    return this.texts.length;
  }
}

/** One scan of named texts (name -> text) for the secrets and JWTs; empty when clean. */
export function findLeaks(texts: Record<string, unknown>, secrets: string | readonly string[]): string[] {
  const scanner = new SecretScanner();
  for (const [name, text] of Object.entries(texts)) scanner.add(name, text);
  return scanner.leaks(typeof secrets === 'string' ? [secrets] : secrets);
}

/** A value as text; an error with its own properties and its chain of causes (JSON shows an Error as `{}`). */
function render(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const extra: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) extra[key] = (value as unknown as Record<string, unknown>)[key];
    const cause = value.cause === undefined || depth >= 16 ? '' : render(value.cause, depth + 1);
    return [value.message, value.stack, safeJson(value), safeJson(extra), cause].join('\n');
  }
  return safeJson(value);
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (v !== null && typeof v === 'object') {
          if (seen.has(v)) return '[circular]';
          seen.add(v);
        }
        return typeof v === 'bigint' ? String(v) : v;
      }) ?? String(value)
    );
  } catch {
    // Too deep (or otherwise unserialisable): still look at every string in it.
    return walkStrings('value', value).map((found) => found.text).join('\n');
  }
}
