import { createServer } from 'node:net';
import { cleanNpmEnv, failureGuard, freePort, jsonOrUndefined } from '@kore-train/testkit';

describe('freePort', () => {
  it('answers a port that a server can then listen on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('cleanNpmEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it("drops an enclosing npm run's npm_* variables, keeps registry, cache and userconfig, adds the extra ones", () => {
    Object.assign(process.env, { npm_config_workspace: 'packages/core', npm_package_name: 'x', NPM_CONFIG_PREFIX: '/p', npm_config_registry: 'http://r', npm_config_cache: '/c', KEEP_ME: '1' });
    const env = cleanNpmEnv({ NODE_ENV: 'production' });
    expect(env).toMatchObject({ npm_config_registry: 'http://r', npm_config_cache: '/c', KEEP_ME: '1', NODE_ENV: 'production' });
    expect(Object.keys(env).filter((key) => /^npm_/i.test(key)).sort()).toEqual(
      Object.keys(env).filter((key) => /^npm_config_(registry|cache|userconfig)$/i.test(key)).sort(),
    );
  });
});

describe('failureGuard', () => {
  it('notes a failing body and rethrows its error; a passing body is not noted', async () => {
    let failed = 0;
    const guard = failureGuard(() => failed++);
    await expect(guard(async () => 42)()).resolves.toBe(42);
    expect(failed).toBe(0);
    await expect(guard(async () => Promise.reject(new Error('boom')))()).rejects.toThrow('boom');
    expect(failed).toBe(1);
  });
});

describe('jsonOrUndefined', () => {
  it('parses JSON and answers undefined for anything else', () => {
    expect(jsonOrUndefined('{"ok":true}')).toEqual({ ok: true });
    expect(jsonOrUndefined('<html>502</html>')).toBeUndefined();
  });
});
