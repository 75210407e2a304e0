import { createKoreClient, isKoreError, type KoreClient } from '@kore-train/core';
import type { Ending } from '../checks/outcome.js';
import { measureInProcess } from '../in-process.js';
import type { Capture, HostileSurface } from '../surface.js';
import { POLL_INTERVAL_MS, REQUEST_TIMEOUT_MS } from '../timing.js';

/** The library itself: `createKoreClient`, a wait or a single status call. */
export const coreSurface: HostileSurface = {
  name: 'core',
  modes: ['wait', 'status', 'long-wait'],
  requestTimeout: true,
  reportsLastStatus: true,
  run: (input) =>
    measureInProcess(async () => {
      const captures: Capture[] = [];
      const endings: Ending[] = [];
      let lastStatusText: string | undefined;
      const client: KoreClient = createKoreClient({
        host: input.url, clientId: input.clientId, clientSecret: input.clientSecret, requestTimeoutMs: REQUEST_TIMEOUT_MS,
        onRequest: (info) => captures.push({ label: 'onRequest', value: info }),
      });
      const signal = AbortSignal.any([input.cancel, input.stop]);
      try {
        if (input.mode === 'status') {
          const status = await client.getTrainingStatus({ botId: input.botId, signal });
          captures.push({ label: 'status', value: status });
          endings.push({ status: status.trainingStatus });
        } else {
          const result = await client.waitForTraining({
            botId: input.botId, timeoutMs: input.waitTimeoutMs, pollIntervalMs: POLL_INTERVAL_MS, maxPollIntervalMs: 2 * POLL_INTERVAL_MS, signal,
            onProgress: (event) => captures.push({ label: 'progress event', value: event }),
          });
          captures.push({ label: 'result', value: result });
          endings.push({ outcome: result.outcome });
        }
      } catch (error) {
        captures.push({ label: 'error', value: error });
        if (isKoreError(error)) {
          captures.push({ label: 'error.toJSON()', value: error.toJSON() });
          endings.push({ error: error.code });
          lastStatusText = error.lastStatus?.trainingStatus;
        } else {
          endings.push({ untyped: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        }
      } finally {
        client.close();
      }
      return { endings, captures, lastStatusText };
    }),
};
