import type { KoreSim } from '@kore-train/kore-sim';
import { faultMatrix } from '../src/matrix.js';
import type { SecretScanner } from '@kore-train/testkit';
import { FAST_POLL_MS } from '../src/scenarios.js';
// The Node-RED package's own test set-up: the runtime (Node-RED 4 here), its flow builder and recorder.
import { flow, helper, nodes, Recorder } from '../../../packages/node-red-kore-train/test/helpers';

let sim: KoreSim;
let scanner: SecretScanner;
let started = false;

faultMatrix({
  name: 'node-red',
  async setup(s, scan) {
    sim = s;
    scanner = scan;
    await helper.startServer();
    started = true;
  },
  async teardown() {
    if (!started) return;
    started = false;
    await helper.unload();
    await helper.stopServer();
  },
  async run(scenario, botId, abort) {
    const nodesFlow = flow(sim.url, { mode: scenario.mode, botId, pollInterval: FAST_POLL_MS / 1000, timeout: scenario.timeoutMs / 1000 });
    await helper.load(nodes, nodesFlow, { app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
    try {
      const recorder = new Recorder();
      helper.getNode('train').receive({ payload: 'go', topic: scenario.name });
      const ended = recorder.waitFor(['out1', 'out2', 'caught'], 1, scenario.timeoutMs + 5_000);
      if (scenario.abortOnFirstRequest) {
        await new Promise<void>((resolve) => (abort.aborted ? resolve() : abort.addEventListener('abort', () => resolve(), { once: true })));
        await helper.unload(); // a redeploy: the node's close aborts the wait and calls done
        ended.catch(() => undefined);
        // Nothing may come out of the node after its close.
        expect(recorder.all).toEqual([]);
        return { aborted: true };
      }
      const [first] = await ended;
      for (const received of recorder.all) scanner.add(`node-red ${received.node} message`, received.msg);
      scanner.add('node-red log', (helper.log() as unknown as { args: unknown[] }).args);
      if (first!.node === 'caught') {
        const error = first!.msg.error as { code?: string } | undefined;
        return { error: (first!.msg.kore as { error?: { code: string } } | undefined)?.error?.code ?? error?.code } as never;
      }
      return { outcome: first!.node === 'out1' ? 'finished' : 'failed' };
    } finally {
      await helper.unload();
    }
  },
});
