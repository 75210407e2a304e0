import type { KoreErrorCode } from '@kore-train/core';
import type { Ending } from '../checks/outcome.js';
import { measureInProcess } from '../in-process.js';
import type { Capture, HostileSurface } from '../surface.js';
import { POLL_INTERVAL_MS } from '../timing.js';
// The n8n package's own test context: the node's real execute() with a minimal IExecuteFunctions.
import { credentialsFor, executeContext } from '../../../../../packages/n8n-nodes-kore-train/test/harness';
import { KoreAiMlTraining } from '../../../../../packages/n8n-nodes-kore-train/nodes/KoreAiMlTraining/KoreAiMlTraining.node';

/** The n8n node's execute(), one item, "continue on fail" so an error comes out as an item. */
export const n8nSurface: HostileSurface = {
  name: 'n8n',
  modes: ['wait'],
  requestTimeout: false,
  reportsLastStatus: false,
  run: (input) =>
    measureInProcess(async () => {
      const captures: Capture[] = [];
      const endings: Ending[] = [];
      try {
        const context = executeContext({
          params: {
            operation: 'waitForTraining', botId: input.botId, language: '', state: 'configured',
            options: { timeout: input.waitTimeoutMs / 60_000, pollInterval: POLL_INTERVAL_MS / 1000, maxPollInterval: (2 * POLL_INTERVAL_MS) / 1000, onFailed: 'output' },
          },
          credentials: credentialsFor({ url: input.url, clientId: input.clientId, clientSecret: input.clientSecret }),
          continueOnFail: true,
          cancelSignal: input.stop,
        });
        const outputs = await new KoreAiMlTraining().execute.call(context);
        captures.push({ label: 'n8n output', value: outputs });
        const [finished = [], failed = []] = outputs;
        for (const item of outputs.flat()) {
          const code = item.json['errorCode'];
          if (typeof code === 'string') endings.push({ error: code as KoreErrorCode });
          else endings.push({ outcome: finished.includes(item) ? 'finished' : failed.includes(item) ? 'failed' : 'finished' });
        }
      } catch (error) {
        captures.push({ label: 'n8n error', value: error });
        endings.push({ untyped: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
      return { endings, captures };
    }),
};
