import { createKoreClient, isKoreError, type KoreClient } from '@kore-train/core';
import { faultMatrix } from '../src/matrix.js';
import type { SecretScanner } from '@kore-train/testkit';
import { FAST_POLL_MS } from '../src/scenarios.js';

let client: KoreClient | undefined;
let scanner: SecretScanner;

faultMatrix({
  name: 'core',
  async setup(sim, scan) {
    scanner = scan;
    client = createKoreClient({ host: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, onRequest: (info) => scanner.add('onRequest', info) });
  },
  async teardown() {
    client?.close();
  },
  async run(scenario, botId, abort) {
    const params = {
      botId, timeoutMs: scenario.timeoutMs, pollIntervalMs: FAST_POLL_MS, maxPollIntervalMs: 2 * FAST_POLL_MS, signal: abort,
      onProgress: (event: unknown) => scanner.add('progress event', event),
    };
    try {
      const result = scenario.mode === 'train' ? await client!.trainAndWait(params) : await client!.waitForTraining(params);
      scanner.add('result', result);
      return { outcome: result.outcome };
    } catch (error) {
      scanner.add('error', error);
      if (!isKoreError(error)) throw error;
      return error.code === 'ABORTED' ? { aborted: true } : { error: error.code };
    }
  },
});
