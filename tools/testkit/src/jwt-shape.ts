/**
 * Anything shaped like a compact JWS: a base64url JSON header (`eyJ…`), a payload and the dot before
 * the signature. Why here and not core's `containsJwt`: the tests check that core redacts tokens, so
 * the detector must not be core's own code (one bug would hide itself).
 */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./;

/** The first JWT-shaped run in the text, or undefined. */
export function findJwt(text: string): string | undefined {
  return JWT_SHAPE.exec(text)?.[0];
}
