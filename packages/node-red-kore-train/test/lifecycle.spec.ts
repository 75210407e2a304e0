/**
 * Many messages in flight; the same bot polled once per app; the live status with several waits;
 * close (redeploy) aborting pending waits, completing their messages, sending nothing afterwards.
 */
import type { KoreSim } from '@kore-train/kore-sim';
import { flow, helper, nodes, Recorder, RUNTIME, statusCalls, until, useSimAndRuntime } from './helpers';

let sim: KoreSim;
let n = 0;
const botId = (): string => `st-life-${++n}`;
const creds = () => ({ app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });

useSimAndRuntime((started) => (sim = started));

/** Spies on the node's completion: Node-RED's `done(err)` ends in `node._complete(msg, err)`. */
function completions(id = 'train'): jest.SpyInstance {
  const node = helper.getNode(id) as unknown as { _complete: (msg: unknown, err?: unknown) => void };
  return jest.spyOn(node, '_complete');
}

describe(`many messages, one poll stream, close (${RUNTIME})`, () => {
  it('waits for many messages at once and polls the same bot once', async () => {
    const single = botId();
    const shared = botId();
    sim.addBot({ botId: single, initial: 'Inprogress', trainingMs: 500 });
    sim.addBot({ botId: shared, initial: 'Inprogress', trainingMs: 500 });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: 'bot', botIdType: 'msg', pollInterval: 0.05 }), creds());
    const rec = new Recorder();
    const node = helper.getNode('train');
    node.receive({ bot: single, i: -1 });
    for (let i = 0; i < 6; i++) node.receive({ bot: shared, i });
    await rec.waitFor(['out1', 'out2', 'caught'], 7);
    expect(rec.of('out1')).toHaveLength(7);
    expect(rec.of('out1').filter((m) => m.kore!['botId'] === shared).map((m) => m['i'])).toEqual(expect.arrayContaining([0, 1, 2, 3, 4, 5]));
    // Six waits on one bot cost about what one wait costs: one poll loop serves them all.
    const one = sim.count({ path: 'status', botId: single });
    const six = sim.count({ path: 'status', botId: shared });
    expect(six).toBeLessThanOrEqual(one + 2);
    expect(six).toBeLessThan(2 * one);
  });

  it('two kore-train nodes on one app share the poll loop of a bot', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 400 });
    const f = flow(sim.url, { mode: 'wait', botId: id, pollInterval: 0.05 });
    f.push({ id: 'train2', type: 'kore-train', z: 'tab', app: 'app', mode: 'wait', botId: id, botIdType: 'str', language: '', languageType: 'str', state: 'configured', stateType: 'state', pollInterval: 0.05, timeout: 10, progress: false, outputs: 2, wires: [['out1'], ['out2']], x: 1, y: 1 });
    await helper.load(nodes, f, creds());
    const rec = new Recorder();
    helper.getNode('train').receive({ from: 1 });
    helper.getNode('train2').receive({ from: 2 });
    await rec.waitFor(['out1', 'out2', 'caught'], 2);
    expect(rec.of('out1').map((m) => m['from']).sort()).toEqual([1, 2]);
    // One shared stream: the wait that came first heard every status request the bot got. Two streams
    // would have sent the sum of both waits' requests. Counted, not timed, so load cannot tip it.
    const heard = rec.of('out1').map((m) => (m['kore'] as { requests: number }).requests);
    expect(sim.count({ path: 'status', botId: id })).toBe(Math.max(...heard));
  });

  it('shows the number of waits in progress when there are several', async () => {
    const a = botId();
    const b = botId();
    sim.addBot({ botId: a, initial: 'Inprogress', trainingMs: 400 });
    sim.addBot({ botId: b, initial: 'Inprogress', trainingMs: 600 });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: 'bot', botIdType: 'msg' }), creds());
    const rec = new Recorder();
    helper.getNode('train').receive({ bot: a });
    helper.getNode('train').receive({ bot: b });
    await rec.waitFor(['out1', 'out2', 'caught'], 2);
    const texts = statusCalls().map((s) => s.text);
    expect(texts).toContain('waiting 0 ms (2 waits)');
    expect(texts.some((t) => /^training \d+(\.\d)? (ms|s|min) \(2 waits\)$/.test(t ?? ''))).toBe(true);
    expect(texts.some((t) => /^training \d+(\.\d)? (ms|s|min)$/.test(t ?? ''))).toBe(true); // one left
    expect(statusCalls().at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'finished' });
  });

  it('on redeploy, aborts pending waits, completes their messages once and sends nothing more', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id, pollInterval: 0.02, progress: true }), creds());
    const done = completions();
    const rec = new Recorder();
    helper.getNode('train').receive({ i: 1 });
    helper.getNode('train').receive({ i: 2 });
    await until(() => sim.count({ path: 'status', botId: id }) >= 3, 'the wait polls');
    // Redeploy: a flow without the kore-train node stops it.
    await helper.setFlows(flow(sim.url).filter((node) => node['id'] !== 'train'), 'full', creds());
    expect(done).toHaveBeenCalledTimes(2);
    for (const call of done.mock.calls) expect(call[1]).toBeUndefined(); // completed, not failed
    expect(rec.of('out1')).toHaveLength(0);
    expect(rec.of('caught')).toHaveLength(0);
    const after = sim.count({ path: 'status', botId: id });
    // Ten poll intervals: a live loop would have polled several times.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.count({ path: 'status', botId: id })).toBe(after);
    expect(rec.all.filter((r) => r.node !== 'out3')).toHaveLength(0);
  });

  it('on close during train and wait, no training is started afterwards', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    sim.injectFault({ kind: 'hang', botId: id, path: 'status' });
    await helper.load(nodes, flow(sim.url, { mode: 'train', botId: id }), creds());
    const done = completions();
    helper.getNode('train').receive({});
    await until(() => sim.count({ path: 'status', botId: id }) === 1, 'the status request hangs');
    await helper.unload();
    expect(done).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.count({ method: 'POST', botId: id })).toBe(0);
    // afterEach unloads again: harmless.
    await helper.load(nodes, flow(sim.url, { mode: 'status', botId: id }), creds());
  });

  it('clears the status on close', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id }), creds());
    const node = helper.getNode('train') as unknown as { status: { args: unknown[][] } };
    helper.getNode('train').receive({});
    await until(() => sim.count({ path: 'status', botId: id }) >= 1, 'a poll');
    await helper.setFlows(flow(sim.url).filter((x) => x['id'] !== 'train'), 'full', creds());
    expect(node.status.args.at(-1)![0]).toEqual({});
  });
});
