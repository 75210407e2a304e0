/**
 * n8n in queue mode on top of tools/n8n-e2e's harness: the environment every process shares (Redis,
 * PostgreSQL, the encryption key the harness fixes), and `n8n worker` processes (the harness starts
 * the main with `n8n start`).
 */
import { join } from 'node:path';
import { freePort } from '@kore-train/testkit';
import { nodeBinDir, type N8nUserFolder } from '../../n8n-e2e/src/harness';
import { eventually, startService, type Service } from './processes';
import type { Postgres } from './postgres';
import type { Redis } from './redis';

/** Shortened for the test (n8n's default is 30 s): how long a stopping worker waits for its executions. */
export const GRACEFUL_SHUTDOWN_S = 5;

/** What the main and every worker share, besides N8N_ENCRYPTION_KEY (the harness sets one fixed key). */
export function queueEnv(redis: Redis, postgres: Postgres): NodeJS.ProcessEnv {
  return {
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: redis.host,
    QUEUE_BULL_REDIS_PORT: String(redis.port),
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: postgres.host,
    DB_POSTGRESDB_PORT: String(postgres.port),
    DB_POSTGRESDB_DATABASE: postgres.database,
    DB_POSTGRESDB_USER: postgres.user,
    DB_POSTGRESDB_PASSWORD: postgres.password,
    N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACEFUL_SHUTDOWN_S),
  };
}

export interface Worker extends Service {
  /** The worker's health-check server (`/healthz/readiness`). */
  healthUrl: string;
}

/**
 * `n8n worker --concurrency <n>` with `folder`'s environment (its own runners broker and health-check
 * ports); resolves once `/healthz/readiness` answers 200.
 */
export async function startWorker(folder: N8nUserFolder, label: string, concurrency: number): Promise<Worker> {
  const healthPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...folder.env,
    QUEUE_HEALTH_CHECK_ACTIVE: 'true',
    QUEUE_HEALTH_CHECK_PORT: String(healthPort),
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
  };
  const service = startService(label, join(nodeBinDir(folder.host), 'node'), [join(folder.host, 'n8n/node_modules/n8n/bin/n8n'), 'worker', `--concurrency=${concurrency}`], {
    cwd: folder.path,
    env,
  });
  const healthUrl = `http://127.0.0.1:${healthPort}`;
  await eventually(
    `${label} ready`,
    async () => {
      if (service.exitedAt !== undefined) throw new Error(`${label} exited: ${service.output.stderr.slice(-2000)}`);
      return (await fetch(`${healthUrl}/healthz/readiness`).then((r) => r.ok, () => false)) ? true : undefined;
    },
    120_000,
    250,
  ).catch((error: unknown) => {
    service.process.kill('SIGKILL');
    throw error;
  });
  return Object.assign(service, { healthUrl });
}
