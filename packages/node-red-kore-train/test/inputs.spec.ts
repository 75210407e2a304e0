/** Bot id, language and state from the node, the message, flow/global context, env or JSONata. */
import type { KoreSim } from '@kore-train/kore-sim';
import { flow, helper, nodes, Recorder, RUNTIME, type FlowOptions, useSimAndRuntime } from './helpers';

let sim: KoreSim;
let n = 0;
const botId = (): string => `st-inputs-${++n}`;

useSimAndRuntime((started) => (sim = started));
afterEach(() => {
  delete process.env['KORE_TEST_BOT'];
});

async function run(options: FlowOptions, msg: Record<string, unknown>, before?: () => void): Promise<ReturnType<Recorder['of']>[number] & { _node: string }> {
  await helper.load(nodes, flow(sim.url, { mode: 'status', ...options }), { app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
  before?.();
  const rec = new Recorder();
  helper.getNode('train').receive(msg);
  const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
  return { ...got!.msg, _node: got!.node };
}

/** The query of the last status request the sim got for a bot. */
function lastQuery(id: string): Record<string, string> {
  const requests = sim.requests.filter((r) => r.botId === id && r.kind === 'status');
  return requests.at(-1)!.query;
}

describe(`typed inputs (${RUNTIME})`, () => {
  it('bot id from msg', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const got = await run({ botId: 'target.bot', botIdType: 'msg' }, { target: { bot: id } });
    expect(got._node).toBe('out1');
    expect(got.kore).toMatchObject({ botId: id });
  });

  it('bot id from flow context', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const got = await run({ botId: 'bot', botIdType: 'flow' }, {}, () => helper.getNode('train').context().flow.set('bot', id));
    expect(got.kore).toMatchObject({ botId: id });
  });

  it('bot id from global context', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const got = await run({ botId: 'bots.main', botIdType: 'global' }, {}, () => helper.getNode('train').context().global.set('bots', { main: id }));
    expect(got.kore).toMatchObject({ botId: id });
  });

  it('bot id from an environment variable', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    process.env['KORE_TEST_BOT'] = id;
    const got = await run({ botId: 'KORE_TEST_BOT', botIdType: 'env' }, {});
    expect(got.kore).toMatchObject({ botId: id });
  });

  it('bot id from a JSONata expression', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const got = await run({ botId: '"st-" & payload.suffix', botIdType: 'jsonata' }, { payload: { suffix: id.slice(3) } });
    expect(got.kore).toMatchObject({ botId: id });
  });

  it('language and state from msg reach Kore.ai as query parameters', async () => {
    const id = botId();
    sim.addBot({ botId: id, languages: ['en', 'de'], trainVersion: 3, publishedTrainVersion: 2 });
    const got = await run({ botId: id, language: 'lang', languageType: 'msg', state: 'state', stateType: 'msg' }, { lang: 'de', state: 'published' });
    expect(got.kore).toMatchObject({ botId: id, language: 'de', state: 'published' });
    expect(lastQuery(id)).toEqual({ language: 'de', state: 'published' });
    expect((got.payload as { trainDetails: { trainVersion: number } }).trainDetails.trainVersion).toBe(2);
  });

  it('fixed language and state from the node settings', async () => {
    const id = botId();
    sim.addBot({ botId: id, languages: ['en', 'de'] });
    await run({ botId: id, language: 'de', state: 'published' }, {});
    expect(lastQuery(id)).toEqual({ language: 'de', state: 'published' });
  });

  it('a missing language or state means the defaults (none sent)', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const got = await run({ botId: id, language: 'lang', languageType: 'msg', state: 'state', stateType: 'msg' }, {});
    expect(got._node).toBe('out1');
    expect(lastQuery(id)).toEqual({});
  });

  it('one node serves many bots, with the language of each message', async () => {
    const a = botId();
    const b = botId();
    sim.addBot({ botId: a, initial: 'Finished' });
    sim.addBot({ botId: b, initial: 'Failed', languages: ['en', 'fr'] });
    await helper.load(nodes, flow(sim.url, { mode: 'status', botId: 'bot', botIdType: 'msg', language: 'lang', languageType: 'msg' }), {
      app: { clientId: sim.clientId, clientSecret: sim.clientSecret },
    });
    const rec = new Recorder();
    helper.getNode('train').receive({ bot: a });
    helper.getNode('train').receive({ bot: b, lang: 'fr' });
    await rec.waitFor(['out1', 'out2', 'out3', 'caught'], 2);
    expect(rec.of('out1').map((m) => m.kore!['botId'])).toEqual([a]);
    expect(rec.of('out2').map((m) => m.kore!['botId'])).toEqual([b]);
    expect(lastQuery(b)).toEqual({ language: 'fr', state: 'configured' });
  });
});
