export { JWT_SHAPE, findJwt } from './jwt-shape.js';
export { jwtShaped } from './jwt-shaped.js';
export { walkStrings, type FoundString } from './walk-strings.js';
export { SecretScanner, findLeaks } from './secret-scanner.js';
export { freePort } from './free-port.js';
export { jsonOrUndefined } from './json-or-undefined.js';
export { cleanNpmEnv } from './npm-env.js';
export { failureGuard } from './failure-guard.js';
export { endlessBody } from './endless-body.js';
