import type { KoreSim } from '@kore-train/kore-sim';
import type { KoreErrorCode } from '@kore-train/core';
import { faultMatrix } from '../src/matrix.js';
import type { SecretScanner } from '@kore-train/testkit';
import { FAST_POLL_MS } from '../src/scenarios.js';
// The n8n package's own test context: the node's real execute() with n8n's request helper over fetch.
import { credentialsFor, runNode } from '../../../packages/n8n-nodes-kore-train/test/harness';

let sim: KoreSim;
let scanner: SecretScanner;

faultMatrix({
  name: 'n8n',
  async setup(s, scan) {
    sim = s;
    scanner = scan;
  },
  async run(scenario, botId, abort) {
    try {
      const outputs = await runNode({
        params: {
          operation: scenario.mode === 'train' ? 'trainAndWait' : 'waitForTraining',
          botId, language: '', state: 'configured',
          options: { timeout: scenario.timeoutMs / 60_000, pollInterval: FAST_POLL_MS / 1000, maxPollInterval: (2 * FAST_POLL_MS) / 1000, onFailed: 'output' },
        },
        credentials: credentialsFor(sim),
        continueOnFail: true,
        cancelSignal: abort,
      });
      scanner.add('n8n output', outputs);
      // Exactly one item comes out for the one item that went in.
      expect(outputs.flat()).toHaveLength(1);
      const [finished, failed] = outputs;
      const item = finished![0] ?? failed![0];
      // Under Continue On Fail a stopped execution's item says ABORTED (with its resume token).
      if (item!.json['errorCode'] === 'ABORTED' && abort.aborted) return { aborted: true };
      if (item!.json['errorCode']) return { error: item!.json['errorCode'] as KoreErrorCode };
      return { outcome: finished!.length ? 'finished' : 'failed' };
    } catch (error) {
      scanner.add('n8n error', error);
      // A cancelled execution stops the node with its own error; anything else is a bug.
      if (abort.aborted && error instanceof Error && /cancelled/.test(error.message)) return { aborted: true };
      throw error;
    }
  },
});
