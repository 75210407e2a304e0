/**
 * A throw-away redis-server (Debian's, see scripts/ensure-redis.sh) on a free 127.0.0.1 port, with
 * no persistence, and what the secret scan needs: every key and every value.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@kore-train/testkit';
import { startService, type Service } from './processes';

const run = promisify(execFile);

export interface Redis {
  host: string;
  port: number;
  service: Service;
  /** Every key (`redis-cli --scan`) with its value (`DUMP`, the type-independent serialization). */
  dumpAll(): Promise<Array<{ key: string; value: string }>>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kore-redis-'));
  const service = startService('redis-server', 'redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dir,
    '--save', '', '--appendonly', 'no', '--protected-mode', 'yes',
    // DUMP would LZF-compress long strings: off, so the scan sees every value as written.
    '--rdbcompression', 'no',
  ], { cwd: dir });
  await service.waitFor(/Ready to accept connections/, 20_000);
  const cli = async (args: string[]): Promise<string> =>
    (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 })).stdout;
  return {
    host: '127.0.0.1',
    port,
    service,
    async dumpAll() {
      const keys = (await cli(['--scan'])).split('\n').filter((key) => key !== '');
      const out: Array<{ key: string; value: string }> = [];
      for (const key of keys) out.push({ key, value: await cli(['--raw', 'DUMP', key]) });
      return out;
    },
    async stop() {
      await service.stop('SIGTERM', 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
