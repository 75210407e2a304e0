import path from 'node:path';
import { exitCodeFor } from '@kore-train/cli';
import type { KoreErrorCode } from '@kore-train/core';
import { runMeasuredChild, type ChildRun } from '../child-process.js';
import { CHILD_PEAK_RSS_BOUND_MB } from '../checks/memory.js';
import type { Ending } from '../checks/outcome.js';
import { warningsInStderr } from '../checks/warnings.js';
import type { HostileSurface, ProbeRunInput, SurfaceRun } from '../surface.js';
import { POLL_INTERVAL_MS } from '../timing.js';

const ROOT = path.resolve(__dirname, '../../../../..');
/** The built CLI, as a user runs it. */
export const CLI_BIN = path.join(ROOT, 'packages/cli/bin/kore-train.js');

/**
 * `kore-train` as a real child process (so its peak memory is its own): `wait` in text mode (what a
 * terminal shows) and `status --json` (what a script parses). Credentials come from the environment.
 */
export const cliSurface: HostileSurface = {
  name: 'cli',
  modes: ['wait', 'status', 'long-wait'],
  requestTimeout: false,
  reportsLastStatus: false,
  async run(input: ProbeRunInput): Promise<SurfaceRun> {
    const args =
      input.mode === 'status'
        ? ['status', '--bot', input.botId, '--json']
        : ['wait', '--bot', input.botId, '--timeout', `${input.waitTimeoutMs}ms`, '--interval', `${POLL_INTERVAL_MS}ms`, '--max-interval', `${2 * POLL_INTERVAL_MS}ms`];
    const child = await runMeasuredChild([CLI_BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', KORE_HOST: input.url, KORE_CLIENT_ID: input.clientId, KORE_CLIENT_SECRET: input.clientSecret },
      interrupt: input.cancel,
      stop: input.stop,
    });
    const { endings, failures } = input.mode === 'status' ? readJson(child) : readText(child);
    // The wait's clock starts in the child, after Node's start-up: count from its first request.
    const from = input.firstHitAt() ?? child.spawnedAt;
    return {
      endings,
      failures: child.killed ? [...failures, 'still running at the safety net: killed'] : failures,
      elapsedMs: child.exitedAt - from,
      memory: { kind: 'peak RSS', mb: child.peakRssMb, boundMb: CHILD_PEAK_RSS_BOUND_MB },
      captures: [
        { label: 'cli stdout', value: child.stdout },
        { label: 'cli stderr', value: child.stderr },
      ],
      warnings: warningsInStderr(child.stderr),
    };
  },
};

/** Text mode: the one `kore-train: … [CODE]` line on stderr, and an exit code that agrees. */
function readText(child: ChildRun): { endings: Ending[]; failures: string[] } {
  const codes = [...child.stderr.matchAll(/^kore-train: .*\[([A-Z_]+)\]$/gm)].map((match) => match[1] as KoreErrorCode);
  const endings: Ending[] = codes.map((code) => ({ error: code }));
  if (endings.length === 0) {
    if (child.code === 0 || child.code === 1) endings.push({ outcome: child.code === 0 ? 'finished' : 'failed' });
    else if (child.code === 130) endings.push({ error: 'ABORTED' });
    else endings.push({ untyped: `exit ${child.code ?? child.signal}, no error line on stderr` });
  }
  return { endings, failures: exitAgrees(child, codes[0]) };
}

/** JSON mode: stdout is one JSON document, and the exit code agrees with it. */
function readJson(child: ChildRun): { endings: Ending[]; failures: string[] } {
  let doc: { ok?: boolean; error?: { code?: KoreErrorCode }; status?: { trainingStatus?: string } };
  try {
    doc = JSON.parse(child.stdout) as typeof doc;
  } catch {
    return { endings: [{ untyped: `exit ${child.code ?? child.signal}, stdout is not one JSON document` }], failures: [] };
  }
  if (doc.ok === false && doc.error?.code) return { endings: [{ error: doc.error.code }], failures: exitAgrees(child, doc.error.code) };
  if (doc.ok === true) return { endings: [{ status: String(doc.status?.trainingStatus) }], failures: exitAgrees(child, undefined) };
  return { endings: [{ untyped: 'a JSON document without ok/error' }], failures: [] };
}

function exitAgrees(child: ChildRun, code: KoreErrorCode | undefined): string[] {
  if (code === undefined) return child.code === 0 || child.code === 1 ? [] : [`exit ${child.code ?? child.signal} without an error`];
  const expected = exitCodeFor(code);
  return child.code === expected ? [] : [`exit ${child.code ?? child.signal}, but ${code} means exit ${expected}`];
}
