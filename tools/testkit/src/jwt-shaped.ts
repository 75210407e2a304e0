/**
 * A JWT-shaped string (header, payload, a dummy signature), made at run time. Why: a committed token,
 * even a fake one, trips secret scanners and teaches readers to paste tokens into code.
 */
export function jwtShaped(claims: Record<string, unknown> = { appId: 'cs-test' }): string {
  const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.${Buffer.from('signature').toString('base64url')}`;
}
