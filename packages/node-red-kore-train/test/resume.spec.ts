/**
 * Pending waits outlive the node instance: a full redeploy hands them to the new instance, which
 * resumes them (core `resumeWait`) and sends each original message once; the "resume" setting off
 * and a deleted node end them. Restarts with a persistent context store are proven in e2e/.
 */
import type { KoreSim } from '@kore-train/kore-sim';
import { flow, helper, nodes, Recorder, RUNTIME, statusCalls, until, useSimAndRuntime, type FlowNode, type FlowOptions } from './helpers';

let sim: KoreSim;
let n = 0;
const botId = (): string => `st-resume-${++n}`;
const creds = () => ({ app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });

useSimAndRuntime((started) => (sim = started));


/** Spies on the node's completion: Node-RED's `done(err)` ends in `node._complete(msg, err)`. */
function completions(id = 'train'): jest.SpyInstance {
  const node = helper.getNode(id) as unknown as { _complete: (msg: unknown, err?: unknown) => void };
  return jest.spyOn(node, '_complete');
}

function withResume(f: FlowNode[], resume: boolean): FlowNode[] {
  return f.map((node) => (node.id === 'train' ? { ...node, resume } : node));
}

/** Loads the flow, sends `msg`, and resolves once the wait polls (it has a resume token by then). */
async function startWait(o: FlowOptions, msg: Record<string, unknown>, resume = true): Promise<FlowNode[]> {
  const f = withResume(flow(sim.url, o), resume);
  await helper.load(nodes, f, creds());
  const polled = sim.nextRequest({ path: 'status', botId: o.botId! });
  helper.getNode('train').receive(msg);
  await polled;
  return f;
}

describe(`waits outlive a redeploy (${RUNTIME})`, () => {
  it('a full redeploy mid-wait: the original message, properties intact, reaches Finished once', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    const handle = () => 'a live function survives an in-memory hand-off';
    const f = await startWait({ mode: 'wait', botId: id, pollInterval: 0.02 }, { ticket: 'REL-1', payload: { why: 'release' }, handle });
    await helper.setFlows(f, 'full', creds());
    const rec = new Recorder();
    const resumedPoll = sim.nextRequest({ path: 'status', botId: id });
    await resumedPoll;
    sim.updateBot(id, { initial: 'Finished' });
    const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
    expect(got!.node).toBe('out1');
    expect(got!.msg).toMatchObject({ ticket: 'REL-1', payload: { trainingStatus: 'Finished' }, kore: { mode: 'wait', botId: id, outcome: 'finished' } });
    expect(got!.msg['handle']).toBe(handle);
    expect(statusCalls().some((s) => /^resumed 1 wait: (waiting|training) \d+(\.\d)? (ms|s|min)$/.test(s.text ?? ''))).toBe(true);
    expect(statusCalls().at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'finished' });
    // Exactly once: a second message through the same node ends, and still one Finished for the first.
    helper.getNode('train').receive({ ticket: 'REL-2' });
    await rec.waitFor(['out1', 'out2', 'caught'], 2);
    expect(rec.all.map((r) => [r.node, r.msg['ticket']])).toEqual([['out1', 'REL-1'], ['out1', 'REL-2']]);
  });

  it('train and wait resumed: no second training, and the stale Finished is still not taken', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Finished', trainVersion: 4, staleMs: 200, trainingMs: 3_600_000 });
    await helper.load(nodes, flow(sim.url, { mode: 'train', botId: id, pollInterval: 0.02 }), creds());
    const posted = sim.nextRequest({ method: 'POST', botId: id });
    helper.getNode('train').receive({ ticket: 'T-1' });
    await posted;
    await sim.nextRequest({ path: 'status', botId: id }); // the first poll after the POST: the stale Finished
    await helper.setFlows(flow(sim.url, { mode: 'train', botId: id, pollInterval: 0.02 }), 'full', creds());
    const rec = new Recorder();
    await until(() => statusCalls().some((s) => /^resumed 1 wait/.test(s.text ?? '')), 'the node resumes the wait');
    sim.updateBot(id, { trainingMs: 50 });
    const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
    expect(got!.node).toBe('out1');
    expect(got!.msg).toMatchObject({ ticket: 'T-1', kore: { mode: 'train', outcome: 'finished', training: { trainingId: expect.any(String) } } });
    expect((got!.msg.payload as { trainDetails: { trainVersion: number } }).trainDetails.trainVersion).toBe(5);
    expect(sim.count({ method: 'POST', botId: id })).toBe(1);
  });

  it('with "resume" off, a redeploy ends the wait quietly and polling stops', async () => {
    const id = botId();
    const other = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    const f = await startWait({ mode: 'wait', botId: id, pollInterval: 0.02 }, { ticket: 'OFF' }, false);
    const done = completions();
    await helper.setFlows(f, 'full', creds());
    expect(done).toHaveBeenCalledTimes(1);
    const after = sim.count({ path: 'status', botId: id });
    // A wait on another bot through the new node: over many poll intervals, none for the first bot.
    await helper.setFlows(withResume(flow(sim.url, { mode: 'wait', botId: other, pollInterval: 0.02 }), false), 'full', creds());
    const rec = new Recorder();
    sim.addBot({ botId: other, initial: 'Inprogress', trainingMs: 300 });
    helper.getNode('train').receive({ ticket: 'OTHER' });
    const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
    expect(rec.all.map((r) => [r.node, r.msg['ticket']])).toEqual([['out1', 'OTHER']]);
    expect(got!.msg.kore!['requests']).toBeGreaterThanOrEqual(2); // time passed, poll intervals with it
    expect(sim.count({ path: 'status', botId: id })).toBe(after);
    expect(statusCalls().some((s) => /resumed/.test(s.text ?? ''))).toBe(false);
  });

  it('a deleted node ends its waits (done for each) and leaves nothing to resume', async () => {
    const id = botId();
    const other = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    const f = await startWait({ mode: 'wait', botId: id, pollInterval: 0.02 }, { ticket: 'DEL-1' });
    helper.getNode('train').receive({ ticket: 'DEL-2' });
    const done = completions();
    await helper.setFlows(f.filter((node) => node.id !== 'train'), 'full', creds());
    expect(done).toHaveBeenCalledTimes(2);
    for (const call of done.mock.calls) expect(call[1]).toBeUndefined();
    const after = sim.count({ path: 'status', botId: id });
    // The node comes back with the same id: nothing of the deleted one resumes.
    await helper.setFlows(flow(sim.url, { mode: 'wait', botId: other, pollInterval: 0.02 }), 'full', creds());
    const rec = new Recorder();
    sim.addBot({ botId: other, initial: 'Inprogress', trainingMs: 300 });
    helper.getNode('train').receive({ ticket: 'NEW' });
    await rec.waitFor(['out1', 'out2', 'caught']);
    expect(rec.all.map((r) => r.msg['ticket'])).toEqual(['NEW']);
    expect(sim.count({ path: 'status', botId: id })).toBe(after);
  });

  it('a resumed wait the new app cannot continue goes to Catch with its message', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    await startWait({ mode: 'wait', botId: id, pollInterval: 0.02 }, { ticket: 'FOREIGN' });
    const rec = new Recorder(); // a "nodes" deploy restarts only the app and the kore-train node that uses it
    // The app now points to another host: the token belongs to the old one.
    await helper.setFlows(flow(sim.url.replace('127.0.0.1', 'localhost'), { mode: 'wait', botId: id }), 'nodes', creds());
    const [got] = await rec.waitFor(['out1', 'out2', 'caught']);
    expect(got!.node).toBe('caught');
    expect(got!.msg).toMatchObject({ ticket: 'FOREIGN', error: { code: 'INVALID_INPUT' }, kore: { mode: 'wait', botId: id, error: { field: 'resumeToken' } } });
  });
});
