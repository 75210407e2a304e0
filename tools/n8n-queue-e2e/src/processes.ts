/**
 * Long-running child processes of the test (redis-server, postgres, n8n workers): their output kept
 * in memory, waits on a log line or on the exit, never on a fixed time.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Service {
  readonly label: string;
  readonly process: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string | null>;
  /** Wall-clock time of the exit, once it happened. */
  exitedAt?: number;
  /** Resolves once `pattern` appears in stdout or stderr (output already seen counts). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Sends `signal` and waits for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string | null>;
}

export function startService(label: string, command: string, args: string[], options: SpawnOptions): Service {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
    notify();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
    notify();
  });
  const service: Service = {
    label,
    process: child,
    output,
    exited: new Promise((resolve) => {
      child.once('error', (error) => {
        output.stderr += `\n[e2e] ${label}: ${error.message}`;
        service.exitedAt = Date.now();
        resolve(null);
        notify();
      });
      child.once('exit', (code, signal) => {
        service.exitedAt = Date.now();
        resolve(code ?? signal);
        notify();
      });
    }),
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(`${output.stdout}\n${output.stderr}`);
          if (match) return done(() => resolve(match));
          if (service.exitedAt !== undefined) return done(() => reject(new Error(`${label} exited before printing ${pattern}:\n${tail(output)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${label} did not print ${pattern} within ${timeoutMs / 1000} s:\n${tail(output)}`))), timeoutMs);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 20_000) {
      if (service.exitedAt === undefined) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([service.exited, killed]);
      clearTimeout(timer);
      if (service.exitedAt === undefined) child.kill('SIGKILL');
      return service.exited;
    },
  };
  return service;
}

export function tail(output: { stdout: string; stderr: string }, chars = 3000): string {
  return `${output.stdout.slice(-chars)}\n--- stderr ---\n${output.stderr.slice(-chars)}`;
}

/** Polls `probe` until it returns a value (not undefined), every `everyMs`; fails after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
