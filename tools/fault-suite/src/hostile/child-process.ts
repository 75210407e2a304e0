import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const PRELOAD = path.join(__dirname, 'peak-rss-preload.cjs');
const KB = 1024;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** performance.now() at spawn and at exit. */
  spawnedAt: number;
  exitedAt: number;
  /** Peak resident memory: the larger of what the child wrote at exit and what /proc showed while it ran. */
  peakRssMb: number;
  /** True when the safety net had to kill it. */
  killed: boolean;
}

/**
 * Runs `node --require <preload> …args` as a real child process and measures its peak RSS two ways:
 * process.resourceUsage().maxRSS at exit (written by the preload), and VmHWM in /proc/<pid>/status
 * sampled while it runs (which still works if the child has to be killed).
 */
export function runMeasuredChild(
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; stop: AbortSignal; /** Sends SIGINT, as Ctrl-C does. */ interrupt?: AbortSignal },
): Promise<ChildRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fault-suite-rss-'));
  const rssFile = path.join(dir, 'peak-rss');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--require', PRELOAD, ...args], {
    cwd: options.cwd,
    env: { ...options.env, FAULT_SUITE_PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sampledKb = 0;
  let killed = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const sample = (): void => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) sampledKb = Math.max(sampledKb, Number(match[1]));
    } catch {
      // Not on Linux, or the child is gone: the preload's figure remains.
    }
  };
  const sampler = setInterval(sample, 25);
  const kill = (): void => {
    killed = true;
    child.kill('SIGKILL');
  };
  const interrupt = (): void => void child.kill('SIGINT');
  if (options.stop.aborted) kill();
  else options.stop.addEventListener('abort', kill, { once: true });
  options.interrupt?.addEventListener('abort', interrupt, { once: true });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => sample());
    child.once('close', (code, signal) => {
      const exitedAt = performance.now();
      clearInterval(sampler);
      options.stop.removeEventListener('abort', kill);
      options.interrupt?.removeEventListener('abort', interrupt);
      let writtenKb = 0;
      try {
        writtenKb = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // Killed before its exit handler ran.
      }
      rmSync(dir, { recursive: true, force: true });
      const peakKb = Math.max(writtenKb, sampledKb);
      resolve({ code, signal, stdout, stderr, spawnedAt, exitedAt, peakRssMb: peakKb === 0 ? NaN : Math.round((peakKb / KB) * 10) / 10, killed });
    });
  });
}
