// The built CLI as a user runs it: a real process, credentials from the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const BIN = path.join(ROOT, 'packages/cli/bin/kore-train.js');

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface KoreOptions {
  /** Added to (or, `undefined`, removed from) the default environment: host, client id and secret of the sim. */
  env?: Record<string, string | undefined>;
  /** Written to the CLI's stdin, which is then closed. */
  stdin?: string;
  onStderr?: (text: string, child: ChildProcess) => void;
  onSpawn?: (child: ChildProcess) => void;
  command?: string[];
}

/** Runs `kore-train` with `args` against a sim (PATH and the sim's credentials in a clean environment). */
export function koreProcess(sim: { url: string; clientId: string; clientSecret: string }, args: string[], options: KoreOptions = {}): Promise<Exit> {
  const [command, ...prefix] = options.command ?? [process.execPath, BIN];
  const env: Record<string, string | undefined> = { PATH: process.env['PATH']!, KORE_HOST: sim.url, KORE_CLIENT_ID: sim.clientId, KORE_CLIENT_SECRET: sim.clientSecret, ...options.env };
  const child = spawn(command!, [...prefix, ...args], {
    cwd: ROOT,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  });
  options.onSpawn?.(child);
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
