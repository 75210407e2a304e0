/** npm's own settings that a child npm should still see: where the registry, the cache and the user config are. */
const KEPT = /^npm_config_(registry|cache|userconfig)$/i;

/**
 * The environment for a child `npm` (or a host started through one) outside this workspace. Why: an
 * enclosing `npm run` sets `npm_*` variables (workspace, prefix, package) that would point the child's
 * `npm pack` or `npm install` back at the workspace.
 */
export function cleanNpmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !KEPT.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
