import { performance } from 'node:perf_hooks';
import type { KoreErrorCode } from '@kore-train/core';
import type { Ending } from '../checks/outcome.js';
import { measureInProcess } from '../in-process.js';
import type { Capture, HostileSurface } from '../surface.js';
import { POLL_INTERVAL_MS, SAFETY_NET_MS } from '../timing.js';
// The Node-RED package's own test set-up: the runtime (Node-RED 4 here), its flow builder and recorder.
import { flow, helper, nodes, Recorder, statusCalls } from '../../../../../packages/node-red-kore-train/test/helpers';

const OUTPUTS = ['out1', 'out2', 'caught'];

/** The kore-train node in a real (in-process) Node-RED runtime: Finished/Failed outputs, errors to a Catch node. */
export const nodeRedSurface: HostileSurface = {
  name: 'node-red',
  modes: ['wait'],
  requestTimeout: false,
  reportsLastStatus: false,
  async setup() {
    await helper.startServer();
  },
  async teardown() {
    await helper.unload();
    await helper.stopServer();
  },
  run: (input) =>
    measureInProcess(async () => {
      const captures: Capture[] = [];
      const failures: string[] = [];
      await helper.load(nodes, flow(input.url, { mode: 'wait', botId: input.botId, pollInterval: POLL_INTERVAL_MS / 1000, timeout: input.waitTimeoutMs / 1000 }), {
        app: { clientId: input.clientId, clientSecret: input.clientSecret },
      });
      const recorder = new Recorder();
      let endedAt: number | undefined;
      try {
        helper.getNode('train').receive({ payload: 'go', topic: input.probe.name });
        await recorder.waitFor(OUTPUTS, 1, input.deadlineMs + SAFETY_NET_MS);
        endedAt = performance.now();
      } catch (error) {
        failures.push(`no message came out: ${(error as Error).message}`);
      } finally {
        captures.push({ label: 'node status texts', value: statusCalls('train') });
        captures.push({ label: 'node-red log', value: (helper.log() as unknown as { args: unknown[] }).args });
        // A redeploy: the node's close stops anything still running, so nothing can come out later.
        await helper.unload();
      }
      const received = recorder.all.filter((entry) => OUTPUTS.includes(entry.node));
      for (const entry of recorder.all) captures.push({ label: `node-red ${entry.node} message`, value: entry.msg });
      const endings: Ending[] = received.map((entry): Ending => {
        if (entry.node !== 'caught') return { outcome: entry.node === 'out1' ? 'finished' : 'failed' };
        const code = (entry.msg.kore as { error?: { code?: string } } | undefined)?.error?.code ?? (entry.msg.error as { code?: string } | undefined)?.code;
        return code ? { error: code as KoreErrorCode } : { untyped: 'a caught error without a code' };
      });
      return { endings, captures, failures, endedAt };
    }),
};
