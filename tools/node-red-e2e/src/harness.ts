/**
 * Drives a real Node-RED process for end-to-end tests, as a user would run it:
 * pack the packages (`npm pack`), install the tarballs into a fresh userDir (`npm install <tgz>`),
 * write a settings.js, start `node red.js --settings … --userDir …`, wait for "Started flows",
 * deploy through the Admin API, talk to it over HTTP, stop it with SIGINT.
 *
 * Nothing here sleeps a fixed time: every wait is for a log line, an HTTP answer or a process event.
 */
import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { cleanNpmEnv, jsonOrUndefined } from '@kore-train/testkit';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');
const PACKAGE_ROOT = join(WORKSPACE_ROOT, 'packages', 'node-red-kore-train');

/** red.js of a Node-RED version installed in the workspace under an npm alias (nr4, nr5). */
export function redJs(alias: 'nr4' | 'nr5'): string {
  return join(dirname(require.resolve(`${alias}/package.json`, { paths: [PACKAGE_ROOT] })), 'red.js');
}

/** The Node 24 binary Node-RED 5 runs on (it wants Node >= 22.9), installed once by node24.mjs. */
export function node24(): string {
  return execFileSync(process.execPath, [join(__dirname, '..', 'node24.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * `npm pack` of @kore-train/core and the Node-RED package as built (`nx e2e` builds them first): the e2e
 * tests deliberately run the packed artefact, as a user installs it, not the sources.
 */
export async function packNodeRedPackage(): Promise<{ tarballs: string[]; dir: string }> {
  for (const built of ['dist/kore-train.js', 'dist/kore-train.html', 'dist/kore-ai-app.html', 'dist/icons/kore-train.svg']) {
    if (!existsSync(join(PACKAGE_ROOT, built))) throw new Error(`packages/node-red-kore-train/${built} is missing: build first (the e2e targets build it)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kore-nr-pack-'));
  const tarballs = await packWorkspaces(WORKSPACE_ROOT, ['packages/core', 'packages/node-red-kore-train'], dir);
  return { tarballs, dir };
}

/** What every Node-RED e2e spec starts with: kore-sim on a free port and the packages packed. */
export interface NodeRedFixture {
  sim: KoreSim;
  tarballs: string[];
  /** Stops the simulator and removes the tarballs. */
  close(): Promise<void>;
}

/**
 * The spec file's beforeAll and afterAll: starts the fixture, hands it to `ready` (which keeps what it
 * needs), closes it after the last test.
 */
export function useNodeRedFixture(ready: (fixture: NodeRedFixture) => void): void {
  let fixture: NodeRedFixture | undefined;
  beforeAll(async () => {
    fixture = await startNodeRedFixture();
    ready(fixture);
  });
  afterAll(async () => {
    await fixture?.close();
  });
}

export async function startNodeRedFixture(): Promise<NodeRedFixture> {
  const sim = await startKoreSim({ port: 0 });
  try {
    const { tarballs, dir } = await packNodeRedPackage();
    return { sim, tarballs, close: async () => { await sim.close(); rmSync(dir, { recursive: true, force: true }); } };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/** `npm pack` of workspace packages (already built), into `dest`; returns the tarball paths. */
export async function packWorkspaces(workspaceRoot: string, workspaces: string[], dest: string): Promise<string[]> {
  mkdirSync(dest, { recursive: true });
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', dest, ...workspaces.flatMap((w) => ['-w', w])], {
    cwd: workspaceRoot, env: cleanNpmEnv(), maxBuffer: 16 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout) as Array<{ filename: string }>;
  return packed.map((p) => join(dest, p.filename.replace(/^@/, '').replace(/\//, '-')));
}

/** A fresh userDir with the tarballs installed by npm, the way a user installs a node. */
export async function createUserDir(tarballs: string[], label: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `kore-nr-${label}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'node-red-userdir', private: true, description: 'e2e userDir' }, null, 2));
  await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], {
    cwd: dir, env: cleanNpmEnv(), maxBuffer: 16 * 1024 * 1024,
  });
  return dir;
}

export interface NodeRedOptions {
  /** The Node.js binary to run Node-RED with. */
  node: string;
  /** Node-RED's red.js. */
  redJs: string;
  userDir: string;
  port: number;
  credentialSecret: string;
  env?: Record<string, string>;
  /** Merged into settings.js, e.g. `{ contextStorage: { default: { module: 'localfilesystem' } } }`. JSON only. */
  settings?: Record<string, unknown>;
}

export interface LogWaitOptions {
  /** Only lines after this index count (see `mark()`). */
  from?: number;
  timeoutMs?: number;
}

/** A running Node-RED: its log lines as they come, its admin URL, and a clean stop. */
export class NodeRedProcess {
  readonly lines: string[] = [];
  /** `Date.now()` when each line of `lines` arrived (same index). */
  readonly lineTimes: number[] = [];
  readonly url: string;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();
  private exited: Promise<number | null>;
  private partial = '';

  private constructor(readonly options: NodeRedOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    const settings = join(options.userDir, 'settings.js');
    writeFileSync(settings, settingsFile(options));
    this.child = spawn(options.node, [options.redJs, '--settings', settings, '--userDir', options.userDir], {
      cwd: options.userDir,
      env: { ...process.env, ...(options.env ?? {}), NODE_RED_HOME: dirname(options.redJs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer): void => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split(/\r?\n/);
      this.partial = parts.pop() ?? '';
      if (parts.length === 0) return;
      this.lines.push(...parts);
      const now = Date.now();
      for (let i = 0; i < parts.length; i++) this.lineTimes.push(now);
      for (const listener of [...this.listeners]) listener();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => {
      if (this.partial) {
        this.lines.push(this.partial);
        this.lineTimes.push(Date.now());
      }
      for (const listener of [...this.listeners]) listener();
      resolve(code);
    }));
  }

  /**
   * Starts Node-RED and resolves once it logged both "Started flows" and "Server now running": red.js
   * starts the flows before the HTTP server listens, so the first line alone races the first request.
   */
  static async start(options: NodeRedOptions, timeoutMs = 60_000): Promise<NodeRedProcess> {
    const nr = new NodeRedProcess(options);
    try {
      await Promise.all([nr.waitForLog(/Started flows/, { timeoutMs }), nr.waitForLog(/Server now running at/, { timeoutMs })]);
    } catch (error) {
      await nr.stop();
      throw error;
    }
    return nr;
  }

  get log(): string {
    return this.lines.join('\n');
  }

  /** The index of the next log line, to wait for lines that come after now. */
  mark(): number {
    return this.lines.length;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the first line (after `from`) that matches; rejects on timeout or exit. */
  waitForLog(pattern: RegExp, { from = 0, timeoutMs = 30_000 }: LogWaitOptions = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const line = this.lines.slice(from).find((l) => pattern.test(l));
        if (line !== undefined) {
          finish();
          resolve(line);
          return true;
        }
        if (!this.running) {
          finish();
          reject(new Error(`Node-RED exited before logging ${pattern}:\n${this.log.slice(-4000)}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${this.log.slice(-4000)}`));
      }, timeoutMs);
      const listener = (): void => void check();
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** HTTP to the admin API or an `http in` endpoint; JSON in, JSON (or text) out. */
  async request(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<{ status: number; text: string; json: unknown }> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const response = await fetch(this.url + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, signal: init.signal });
    const text = await response.text();
    return { status: response.status, text, json: jsonOrUndefined(text) };
  }

  /**
   * A full deploy through the Admin API. The answer comes before the flows start: this resolves
   * when the next "Started flows" line is logged.
   */
  async deploy(flows: unknown[]): Promise<void> {
    const from = this.mark();
    const answer = await this.request('/flows', {
      method: 'POST',
      body: { flows },
      headers: { 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' },
    });
    if (answer.status !== 200) throw new Error(`deploy answered ${answer.status}: ${answer.text}`);
    await this.waitForLog(/Started flows/, { from });
  }

  /** A new process with the same userDir (flows, credentials, context files), e.g. after `stop()`. */
  restart(changes: Partial<NodeRedOptions> = {}, timeoutMs?: number): Promise<NodeRedProcess> {
    return NodeRedProcess.start({ ...this.options, ...changes }, timeoutMs);
  }

  /** SIGINT, as a user's Ctrl-C; resolves when the process has exited. */
  async stop(): Promise<number | null> {
    if (this.running) this.child.kill('SIGINT');
    return this.exited;
  }

  readFile(name: string): string {
    return readFileSync(join(this.options.userDir, name), 'utf8');
  }
}

function settingsFile(o: NodeRedOptions): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: o.port,
    userDir: o.userDir,
    flowFile: 'flows.json',
    credentialSecret: o.credentialSecret,
    flowFilePretty: true,
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    runtimeState: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    editorTheme: { tours: false, projects: { enabled: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    ...(o.settings ?? {}),
  };
  return `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
}
