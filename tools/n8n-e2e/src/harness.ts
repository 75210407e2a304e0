/**
 * Drives a real n8n (2.40.x on Node 24, from the cache folder that install-n8n-host.sh fills) for the
 * end-to-end tests: tools/n8n-e2e/n8n.e2e.ts (CLI and REST) and tools/browser-e2e (the editor).
 *
 * - `ensureN8nHost()` returns the host folder, installing it first if needed.
 * - `packN8nPackage()` builds and `npm pack`s packages/n8n-nodes-kore-train under a lock, so parallel
 *   runs never pack a dist/ that another build is rewriting.
 * - `N8nUserFolder` is one temporary N8N_USER_FOLDER with its own free ports: it installs the tarball
 *   the way n8n installs a community package, imports credentials and workflows with the n8n CLI,
 *   runs n8n commands (each one captured, for the secret scan), and starts `n8n start`.
 * - `setupOwner()` creates the owner account through the REST API and returns the session cookie.
 *
 * Nothing here sleeps a fixed time except the readiness poll's 250 ms between requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanNpmEnv, freePort } from '@kore-train/testkit';

export const REPO = resolve(__dirname, '../../..');
export const PKG_DIR = join(REPO, 'packages/n8n-nodes-kore-train');
export const PKG_NAME = '@kore-train/n8n-nodes-kore-train';
export const NODE_TYPE = `${PKG_NAME}.koreAiMlTraining`;
export const CREDENTIAL_TYPE = 'koreAiApi';
/** A fixed key: n8n encrypts imported credentials with it. Test-only. */
export const TEST_ENCRYPTION_KEY = 'kore-train-e2e-fixed-test-key-000001';

export interface Captured {
  label: string;
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

export interface PackedPackage {
  tarball: string;
  /** Paths inside the tarball, as `npm pack --json` lists them. */
  files: string[];
}

export interface InstalledPackage extends PackedPackage {
  /** The installed package.json, as n8n leaves it (dev, peer and optional dependencies dropped). */
  manifest: Record<string, unknown>;
}

/** A credential of n8n's plain import format (n8n encrypts `data` on import). */
export interface CredentialImport {
  id: string;
  name: string;
  type: string;
  data: Record<string, unknown>;
}

export function expectOk(result: Captured): Captured {
  if (result.code !== 0) throw new Error(`${result.label} exited with ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  return result;
}

/** Runs a command to its end, capturing stdout and stderr; killed after `timeoutMs`. */
export function runCommand(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Captured> {
  const started = Date.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[e2e] ${label}: killed after ${options.timeoutMs} ms`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveRun({ label, code, ms: Date.now() - started, stdout, stderr });
    });
  });
}

/**
 * The n8n host folder: $KORE_N8N_HOST when it holds a complete install, otherwise what
 * install-n8n-host.sh prints on its last line (it installs once, several minutes, then answers at once).
 */
export async function ensureN8nHost(): Promise<string> {
  const given = process.env.KORE_N8N_HOST;
  if (given && existsSync(join(given, '.complete'))) return given;
  const result = expectOk(
    await runCommand('install-n8n-host.sh', 'bash', [join(REPO, 'tools/n8n-e2e/install-n8n-host.sh')], { cwd: REPO, timeoutMs: 20 * 60_000 }),
  );
  const host = result.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(join(host, '.complete'))) throw new Error(`install-n8n-host.sh printed "${host}", which is not a complete n8n install\n${result.stderr.slice(-3000)}`);
  return host;
}

/** The folder of the Node 24 binary that the host runs on. */
export function nodeBinDir(host: string): string {
  const modules = join(host, 'node/node_modules');
  const pkg = readdirSync(modules).find((name) => /^node-(linux|darwin)-/.test(name));
  if (!pkg) throw new Error(`no Node binary package under ${modules}`);
  return join(modules, pkg, 'bin');
}

/** npm runs outside the workspace install and pack as for production. */
const npmEnv = (): NodeJS.ProcessEnv => cleanNpmEnv({ NODE_ENV: 'production' });

/**
 * Builds packages/n8n-nodes-kore-train (esbuild, about a second) and packs it into `destDir`. Both
 * run under one lock: the build empties dist/ first, so a parallel test's build must not run during a pack.
 */
export async function packN8nPackage(destDir: string): Promise<PackedPackage & { captured: Captured[] }> {
  mkdirSync(destDir, { recursive: true });
  const lock = join(tmpdir(), 'kore-train-n8n-nodes-build.lock');
  const script = 'node scripts/build.mjs >/dev/null && npm pack --json --pack-destination "$1"';
  const pack = expectOk(
    await runCommand('build + npm pack', 'flock', [lock, 'sh', '-c', script, 'sh', destDir], { cwd: PKG_DIR, env: npmEnv(), timeoutMs: 180_000 }),
  );
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no package:\n${pack.stdout}`);
  const named = join(destDir, info.filename.replace(/^@[^/]+\//, '').replace(/^@/, '').replace('/', '-'));
  const tarball = existsSync(named) ? named : join(destDir, readdirSync(destDir).find((f) => f.endsWith('.tgz')) ?? info.filename);
  return { tarball, files: info.files.map((f) => f.path), captured: [pack] };
}

export interface N8nServer {
  url: string;
  process: ChildProcess;
  output: { stdout: string; stderr: string };
  /** SIGTERM, then SIGKILL after 20 s; resolves with the exit code and records the output. */
  stop(): Promise<number | null>;
}

/**
 * One temporary N8N_USER_FOLDER with its own free ports, listening on 127.0.0.1. Every command run
 * through it is kept in `captured` (for the secret scan and the logs) and timed in `summary`.
 */
export class N8nUserFolder {
  readonly captured: Captured[] = [];
  readonly summary: string[] = [];

  private constructor(
    readonly host: string,
    readonly path: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(host: string, label = 'e2e'): Promise<N8nUserFolder> {
    const path = mkdtempSync(join(tmpdir(), `kore-n8n-${label}-`));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(N8N_|DB_|NODE_ENV$|JEST_|NODE_OPTIONS$)/.test(key)));
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PATH: `${nodeBinDir(host)}:${process.env.PATH ?? ''}`,
      NODE_ENV: 'production',
      N8N_USER_FOLDER: path,
      N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      DB_TYPE: 'sqlite',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_PORT: String(await freePort()),
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
      N8N_LOG_LEVEL: 'info',
    };
    return new N8nUserFolder(host, path, env);
  }

  get port(): number {
    return Number(this.env.N8N_PORT);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private record(result: Captured): Captured {
    this.captured.push(result);
    this.summary.push(`${result.label.padEnd(44)} exit ${String(result.code).padEnd(4)} ${(result.ms / 1000).toFixed(1)} s`);
    return result;
  }

  async run(label: string, command: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Captured> {
    return this.record(await runCommand(label, command, args, { cwd: options.cwd ?? this.path, env: options.env ?? this.env, timeoutMs: options.timeoutMs }));
  }

  /** `n8n <args>` on the host's Node 24, with this folder's environment. */
  n8n(label: string, ...args: string[]): Promise<Captured> {
    return this.run(label, join(nodeBinDir(this.host), 'node'), [join(this.host, 'n8n/node_modules/n8n/bin/n8n'), ...args], { timeoutMs: 180_000 });
  }

  /**
   * Builds and packs the package, then installs the tarball where and how n8n installs a community
   * package: `.n8n/nodes/node_modules/<name>`, dev, peer and optional dependencies dropped, then
   * `npm install` of what is left (nothing).
   */
  async installPackage(): Promise<InstalledPackage> {
    const packed = await packN8nPackage(join(this.path, 'pack'));
    packed.captured.forEach((c) => this.record(c));
    const nodesDir = join(this.path, '.n8n/nodes');
    const target = join(nodesDir, 'node_modules', PKG_NAME);
    mkdirSync(target, { recursive: true });
    expectOk(await this.run('tar -x (install)', 'tar', ['-xzf', packed.tarball, '-C', target, '--strip-components=1']));
    const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as Record<string, unknown>;
    const installed = { ...manifest };
    for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete installed[key];
    writeFileSync(join(target, 'package.json'), JSON.stringify(installed, null, 2));
    expectOk(
      await this.run(
        'npm install (as n8n does)',
        'npm',
        ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
        { cwd: target, env: npmEnv() },
      ),
    );
    writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PKG_NAME]: manifest.version } }, null, 2));
    return { tarball: packed.tarball, files: packed.files, manifest };
  }

  /** `n8n import:credentials` of plain JSON; the file (it holds secrets) is removed right after. */
  async importCredentials(credentials: CredentialImport[]): Promise<void> {
    const file = join(this.path, 'credentials.json');
    writeFileSync(file, JSON.stringify(credentials));
    try {
      expectOk(await this.n8n('n8n import:credentials', 'import:credentials', `--input=${file}`));
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** `n8n import:workflow` of an array of `{ id, name, nodes, connections, settings }`. */
  async importWorkflows(workflows: unknown[]): Promise<void> {
    const file = join(this.path, 'workflows.json');
    writeFileSync(file, JSON.stringify(workflows, null, 2));
    expectOk(await this.n8n('n8n import:workflow', 'import:workflow', `--input=${file}`));
  }

  /** `n8n start` in the background; resolves once GET /healthz/readiness answers 200. */
  async start(extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<N8nServer> {
    const started = Date.now();
    const child = spawn(join(nodeBinDir(this.host), 'node'), [join(this.host, 'n8n/node_modules/n8n/bin/n8n'), 'start'], {
      cwd: this.path,
      env: { ...this.env, N8N_SECURE_COOKIE: 'false', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
    const closed = new Promise<number | null>((done) => child.once('close', done));
    let exited = false;
    void closed.then(() => (exited = true));
    let stopped: Promise<number | null> | undefined;
    const stop = (): Promise<number | null> =>
      (stopped ??= (async () => {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const code = await Promise.race([closed, new Promise<null>((done) => (timer = setTimeout(() => done(null), 20_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        this.record({ label: 'n8n start', code, ms: Date.now() - started, ...output });
        return code;
      })());
    const server: N8nServer = { url: this.url, process: child, output, stop };
    while (Date.now() - started < timeoutMs && !exited) {
      const ready = await fetch(`${this.url}/healthz/readiness`).then((r) => r.ok, () => false);
      if (ready) return server;
      await new Promise((done) => setTimeout(done, 250));
    }
    await stop();
    throw new Error(`n8n start was ${exited ? 'gone' : 'not ready'} within ${timeoutMs / 1000} s:\n${output.stdout.slice(-2000)}\n${output.stderr.slice(-2000)}`);
  }

  /** Writes each captured command's output to `<folder>/logs`; returns that folder. */
  writeLogs(): string {
    const logs = join(this.path, 'logs');
    mkdirSync(logs, { recursive: true });
    this.captured.forEach((c, i) => writeFileSync(join(logs, `${String(i).padStart(2, '0')}-${c.label.replace(/[^a-z0-9]+/gi, '-')}.log`), `${c.stdout}\n--- stderr ---\n${c.stderr}`));
    return logs;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export const OWNER = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Owner', password: 'Kore-e2e-password-1' } as const;
/** n8n 2.x binds the auth cookie to a browser id header. */
export const BROWSER_ID = 'kore-e2e-browser';

/** `POST /rest/owner/setup`: creates the owner account; returns the `n8n-auth=…` cookie pair. */
export async function setupOwner(url: string, owner: { email: string; firstName: string; lastName: string; password: string } = OWNER): Promise<string> {
  const response = await fetch(`${url}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
    body: JSON.stringify(owner),
  });
  if (response.status !== 200) throw new Error(`POST /rest/owner/setup: HTTP ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!/^n8n-auth=/.test(cookie)) throw new Error(`POST /rest/owner/setup set no n8n-auth cookie (set-cookie: ${response.headers.get('set-cookie')})`);
  return cookie;
}
