/** A compact JWS: base64url JSON header (`eyJ…`), payload and signature. */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export const REDACTED = '[REDACTED]';

/** Removes every JWT and every given secret from a text that may reach a log or an error. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(JWT_PATTERN, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
