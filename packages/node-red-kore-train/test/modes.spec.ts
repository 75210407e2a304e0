/** Each mode and each output, against the simulator, in Node-RED 4 (or 5 with KORE_NODE_RED=nr5). */
import type { KoreSim } from '@kore-train/kore-sim';
import { expectNoSecrets, flow, helper, nodes, Recorder, RUNTIME, statusCalls, useSimAndRuntime } from './helpers';

let sim: KoreSim;
let n = 0;
/** A fresh bot id per test: the sim keeps bots between tests. */
const botId = (): string => `st-modes-${++n}`;

useSimAndRuntime((started) => (sim = started));

const creds = () => ({ app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });

describe(`kore-train on ${RUNTIME}`, () => {
  it('runs on the Node-RED it names', () => {
    const version = (helper as unknown as { _RED: { version(): string } })._RED.version();
    expect(version).toMatch(RUNTIME === 'nr5' ? /^5\./ : /^4\./);
  });

  describe('get status', () => {
    it('sends a Finished status to output 1, typed, with msg.kore', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Finished', outOfSync: ['isMlInSyncWithSynonyms'] });
      await helper.load(nodes, flow(sim.url, { mode: 'status', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({ payload: 'go', topic: 'keep-me' });
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('out1');
      const msg = got!.msg;
      expect(msg.topic).toBe('keep-me');
      expect(msg.payload).toMatchObject({ trainingStatus: 'Finished', allInSync: false, outOfSync: ['isMlInSyncWithSynonyms'] });
      expect((msg.payload as Record<string, unknown>)['trainDetails']).toMatchObject({ trainVersion: 1 });
      expect(msg.kore).toMatchObject({ mode: 'status', botId: id, outcome: 'finished', trainingStatus: 'Finished' });
      expect(sim.count({ path: 'status', botId: id })).toBe(1);
      expect(sim.count({ path: 'train', botId: id })).toBe(0);
      expect(statusCalls().at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'finished' });
      expectNoSecrets(JSON.stringify(msg), sim.clientSecret);
    });

    it('sends a Failed status to output 2', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Failed' });
      await helper.load(nodes, flow(sim.url, { mode: 'status', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({ payload: 1 });
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('out2');
      expect(got!.msg.payload).toMatchObject({ trainingStatus: 'Failed' });
      expect(got!.msg.kore).toMatchObject({ outcome: 'failed' });
      expect(statusCalls().at(-1)).toEqual({ fill: 'red', shape: 'ring', text: 'failed' });
    });

    it('sends a status that is not done to output 3', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
      await helper.load(nodes, flow(sim.url, { mode: 'status', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({ payload: 1 });
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('out3');
      expect(got!.msg.payload).toMatchObject({ trainingStatus: 'Inprogress' });
      expect(got!.msg.kore).toMatchObject({ outcome: 'inprogress' });
      expect(statusCalls().at(-1)).toEqual({ fill: 'blue', shape: 'dot', text: 'Inprogress' });
    });

    it('sends an unknown status string to output 3 as it came', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Finished' });
      sim.injectFault({ kind: 'unknown-status', value: 'Queued', botId: id });
      await helper.load(nodes, flow(sim.url, { mode: 'status', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({});
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('out3');
      expect(got!.msg.payload).toMatchObject({ trainingStatus: 'Queued' });
      expect(got!.msg.kore).toMatchObject({ outcome: 'unknown' });
    });
  });

  describe('wait for training', () => {
    it('waits through Inprogress to Finished on output 1, with status changes on output 3', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 300, outcome: 'finished' });
      await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id, progress: true }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({ payload: 'x', topic: 't' });
      await rec.waitFor(['out1', 'out2', 'caught']);
      expect(rec.of('caught')).toHaveLength(0);
      expect(rec.of('out2')).toHaveLength(0);
      const [done] = rec.of('out1');
      expect(done!.payload).toMatchObject({ trainingStatus: 'Finished' });
      expect(done!.kore).toMatchObject({ mode: 'wait', botId: id, outcome: 'finished' });
      expect((done!.kore!['transitions'] as Array<{ status: string }>).map((t) => t.status)).toEqual(['Inprogress', 'Finished']);
      expect(done!.kore!['requests']).toBeGreaterThanOrEqual(2);
      // Progress: one copy of the message per status change, the final one included.
      const progress = rec.of('out3');
      expect(progress.map((m) => (m.payload as Record<string, unknown>)['trainingStatus'])).toEqual(['Inprogress', 'Finished']);
      expect(progress[0]!.topic).toBe('t');
      expect(progress[0]!.kore).toMatchObject({ event: 'progress', botId: id, trainingStatus: 'Inprogress' });
      expect(progress[1]!.kore).toMatchObject({ previous: 'Inprogress' });
      expect(progress[0]).not.toBe(done);
      // Status: a blue ring while training, then a green dot.
      const calls = statusCalls();
      expect(calls.some((s) => s.fill === 'blue' && s.shape === 'ring' && /^training \d+(\.\d)? (ms|s|min)$/.test(s.text ?? ''))).toBe(true);
      expect(calls.at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'finished' });
    });

    it('sends a failed training to output 2 and no progress without the option', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 200, outcome: 'failed' });
      await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({});
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('out2');
      expect(got!.msg.payload).toMatchObject({ trainingStatus: 'Failed' });
      expect(got!.msg.kore).toMatchObject({ outcome: 'failed' });
      expect(rec.of('out3')).toHaveLength(0);
      expect(statusCalls().at(-1)).toEqual({ fill: 'red', shape: 'ring', text: 'failed' });
    });

    it('answers at once when the training is already done', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Finished' });
      await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({});
      const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
      expect(got!.node).toBe('out1');
      expect(sim.count({ path: 'status', botId: id })).toBe(1);
    });
  });

  describe('train and wait', () => {
    it('starts a training and is not fooled by the stale Finished', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Finished', trainVersion: 4, staleMs: 250, trainingMs: 300, outcome: 'finished' });
      await helper.load(nodes, flow(sim.url, { mode: 'train', botId: id, progress: true }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({ payload: 'train' });
      await rec.waitFor(['out1', 'out2', 'caught']);
      const [done] = rec.of('out1');
      expect(done).toBeDefined();
      expect(sim.count({ method: 'POST', path: 'train', botId: id })).toBe(1);
      const payload = done!.payload as { trainingStatus: string; trainDetails: { trainVersion: number } };
      expect(payload.trainingStatus).toBe('Finished');
      expect(payload.trainDetails.trainVersion).toBe(5); // the new model, not the stale one
      expect(done!.kore).toMatchObject({ mode: 'train', outcome: 'finished' });
      expect((done!.kore!['training'] as { trainingId: string }).trainingId).toEqual(expect.any(String));
      expect((done!.kore!['transitions'] as Array<{ status: string }>).map((t) => t.status)).toContain('Inprogress');
      // Progress: the stale Finished may come first (as Kore.ai reports it), then the new training's changes.
      const changes = rec.of('out3').map((m) => (m.payload as { trainingStatus: string }).trainingStatus);
      expect(changes.slice(-2)).toEqual(['Inprogress', 'Finished']);
      expect(rec.of('out3').at(-1)!.kore).toMatchObject({ event: 'progress', previous: 'Inprogress' });
      // The status showed "starting training" before the wait.
      expect(statusCalls().some((s) => s.text === 'starting training')).toBe(true);
    });

    it('sends a failed new training to output 2', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Finished', staleMs: 100, trainingMs: 200, outcome: 'failed' });
      await helper.load(nodes, flow(sim.url, { mode: 'train', botId: id }), creds());
      const rec = new Recorder();
      helper.getNode('train').receive({});
      const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
      expect(got!.node).toBe('out2');
      expect(got!.msg.payload).toMatchObject({ trainingStatus: 'Failed' });
      expect(sim.count({ method: 'POST', path: 'train', botId: id })).toBe(1);
    });
  });

  it('sends each message to exactly one outcome', async () => {
    const finished = botId();
    const failed = botId();
    sim.addBot({ botId: finished, initial: 'Inprogress', trainingMs: 150 });
    sim.addBot({ botId: failed, initial: 'Inprogress', trainingMs: 150, outcome: 'failed' });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: 'bot', botIdType: 'msg' }), creds());
    const rec = new Recorder();
    const node = helper.getNode('train');
    const ids = [finished, failed, 'st-missing-bot', '', finished];
    ids.forEach((bot, i) => node.receive({ bot, i }));
    await rec.waitFor(['out1', 'out2', 'caught'], ids.length);
    const byIndex = new Map<number, string[]>();
    for (const r of rec.all.filter((x) => x.node !== 'out3')) {
      const i = r.msg['i'] as number;
      byIndex.set(i, [...(byIndex.get(i) ?? []), r.node]);
    }
    expect(Object.fromEntries(byIndex)).toEqual({ 0: ['out1'], 1: ['out2'], 2: ['caught'], 3: ['caught'], 4: ['out1'] });
  });
});
