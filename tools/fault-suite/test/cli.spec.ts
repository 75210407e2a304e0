import { runCli } from '@kore-train/cli';
import type { KoreErrorCode } from '@kore-train/core';
import type { KoreSim } from '@kore-train/kore-sim';
import { faultMatrix } from '../src/matrix.js';
import type { SecretScanner } from '@kore-train/testkit';
import { FAST_POLL_MS } from '../src/scenarios.js';

let sim: KoreSim;
let scanner: SecretScanner;

faultMatrix({
  name: 'cli',
  async setup(s, scan) {
    sim = s;
    scanner = scan;
  },
  async run(scenario, botId, abort) {
    let stdout = '';
    let stderr = '';
    const args = [
      scenario.mode === 'train' ? 'train' : 'wait', ...(scenario.mode === 'train' ? ['--wait'] : []),
      '--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret, '--bot', botId, '--json',
      '--timeout', `${scenario.timeoutMs}ms`, '--interval', `${FAST_POLL_MS}ms`, '--max-interval', `${2 * FAST_POLL_MS}ms`,
    ];
    const code = await runCli(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, signal: abort });
    scanner.add('cli stdout', stdout);
    scanner.add('cli stderr', stderr);
    if (code === 130) return { aborted: true };
    const doc = JSON.parse(stdout) as { outcome?: 'finished' | 'failed'; error?: { code: KoreErrorCode } };
    // Exit code and document must agree: 0 finished, 1 failed, 2 timed out, 4 rejected, 5 API error.
    if (doc.outcome) {
      expect(code).toBe(doc.outcome === 'finished' ? 0 : 1);
      return { outcome: doc.outcome };
    }
    const expectedCode = { TIMEOUT: 2, BUDGET_EXHAUSTED: 2, UNAUTHORIZED: 4, FORBIDDEN: 4, NOT_FOUND: 4, INVALID_INPUT: 3 }[doc.error!.code as string] ?? 5;
    expect(code).toBe(expectedCode);
    return { error: doc.error!.code };
  },
});
