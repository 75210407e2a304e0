import { containsJwt } from '@kore-train/core';
import { walkStrings } from './strings.js';

/**
 * Collects everything a user or a log could see during the suite (errors, outputs, console lines)
 * and fails on the client secret or anything shaped like a JWT.
 */
export class SecretScanner {
  private readonly texts: Array<{ label: string; text: string }> = [];

  add(label: string, value: unknown): void {
    this.texts.push({ label, text: render(value) });
  }

  /** Returns the labels of what leaked, with the kind of leak; empty when clean. */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const { label, text } of this.texts) {
      if (secrets.some((secret) => text.includes(secret))) found.push(`${label}: a secret`);
      if (containsJwt(text)) found.push(`${label}: a JWT`);
    }
    return found;
  }

  get size(): number {
    return this.texts.length;
  }
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const extra: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) extra[key] = (value as unknown as Record<string, unknown>)[key];
    return [value.message, value.stack, safeJson(value), safeJson(extra), safeJson(value.cause)].join('\n');
  }
  return safeJson(value);
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[circular]';
        seen.add(v);
      }
      return typeof v === 'bigint' ? String(v) : v;
    }) ?? String(value);
  } catch {
    // Too deep (or otherwise unserialisable): still look at every string in it.
    return walkStrings('value', value).map((found) => found.text).join('\n');
  }
}
