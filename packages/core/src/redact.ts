/** A compact JWS: base64url JSON header (`eyJ…`), payload and signature. Global: for `replace` only. */
const JWT_GLOBAL = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** The same shape, without the `g` flag, so `test` keeps no state between calls. */
const JWT_ANYWHERE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;

export const REDACTED = '[REDACTED]';

/** True when the text holds anything shaped like a JWT. */
export function containsJwt(text: string): boolean {
  return JWT_ANYWHERE.test(text);
}

/** Removes every JWT and every given secret from a text that may reach a log or an error. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(JWT_GLOBAL, REDACTED);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Characters that can steer a terminal or a log rather than print: C0 controls, DEL, C1 controls, the Unicode
 * line and paragraph separators, and the bidirectional overrides that can make text read backwards.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces each control character with its visible escape, e.g. ESC becomes the six characters `\u001b`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Anything safeText would change, in one pass: most server strings ("Finished") need nothing. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CARE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]|eyJ/;

/** Server text made fit for a terminal, a log line, a node status or a message: escaped and redacted. */
export function safeText(text: string, secrets: readonly string[] = []): string {
  if (!NEEDS_CARE.test(text) && !secrets.some((secret) => secret.length >= 4 && text.includes(secret))) return text;
  return escapeControl(redact(text, secrets));
}
