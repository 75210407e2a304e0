/**
 * Every error reaches a Catch node through done(err), with the original message, `msg.error.code` and
 * `msg.kore.error`; nothing goes to an output; the status shows the code; no secret or JWT anywhere.
 */
import { REMEDIATION_HINTS, type KoreErrorCode } from '@kore-train/core';
import type { KoreSim } from '@kore-train/kore-sim';
import { expectNoSecrets, flow, helper, nodes, Recorder, RUNTIME, statusCalls, type FlowOptions, type Received, useSimAndRuntime } from './helpers';

let sim: KoreSim;
let n = 0;
const botId = (): string => `st-errors-${++n}`;

useSimAndRuntime((started) => (sim = started));

interface Case {
  options: FlowOptions;
  credentials?: Record<string, string>;
  msg?: Record<string, unknown>;
}

/** Deploys, sends one message, returns what the Catch node got; asserts it is the only outcome. */
async function caughtFor(c: Case): Promise<Received['msg']> {
  const credentials = c.credentials ?? { clientId: sim.clientId, clientSecret: sim.clientSecret };
  await helper.load(nodes, flow(sim.url, c.options), { app: credentials });
  const rec = new Recorder();
  helper.getNode('train').receive({ topic: 'original', custom: { keep: true }, ...(c.msg ?? {}) });
  const got = await rec.waitFor(['out1', 'out2', 'caught']);
  expect(got.map((r) => r.node)).toEqual(['caught']);
  const msg = got[0]!.msg;
  expect(msg.topic).toBe('original');
  expect(msg['custom']).toEqual({ keep: true });
  expect(msg.error).toMatchObject({ source: { id: 'train', type: 'kore-train' } });
  expect(rec.of('out1')).toHaveLength(0);
  expect(rec.of('out2')).toHaveLength(0);
  const log = JSON.stringify((helper as unknown as { _logSpy: { args: unknown[] } })._logSpy.args);
  for (const text of [JSON.stringify(msg), JSON.stringify(statusCalls()), log]) expectNoSecrets(text, sim.clientSecret);
  if (credentials['clientSecret']) for (const text of [JSON.stringify(msg), log]) expect(text.includes(credentials['clientSecret'])).toBe(false);
  return msg;
}

function expectCode(msg: Received['msg'], code: KoreErrorCode): void {
  expect(msg.error!['code']).toBe(code);
  expect(msg.error!['message']).toMatch(/^KoreError: /);
  const error = msg.kore!['error'] as Record<string, unknown>;
  expect(error['code']).toBe(code);
  // The core's advice, which Node-RED's msg.error does not carry (a getter): in msg.kore.error.
  expect(error['hint']).toEqual(expect.stringMatching(/\S/));
  if (code !== 'TIMEOUT') expect(error['hint']).toBe(REMEDIATION_HINTS[code]);
  expect(statusCalls().at(-1)).toEqual({ fill: 'red', shape: 'dot', text: `error: ${code}` });
}

describe(`errors reach a Catch node (${RUNTIME})`, () => {
  it('UNAUTHORIZED: a wrong client secret', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    const wrong = 'this-is-not-the-secret-0123456789';
    const msg = await caughtFor({ options: { mode: 'status', botId: id }, credentials: { clientId: sim.clientId, clientSecret: wrong } });
    expectCode(msg, 'UNAUTHORIZED');
    expect((msg.kore!['error'] as Record<string, unknown>)['httpStatus']).toBe(401);
  });

  it('UNAUTHORIZED while waiting ends the wait', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
    const msg = await caughtFor({ options: { mode: 'wait', botId: id }, credentials: { clientId: 'someone-else', clientSecret: sim.clientSecret } });
    expectCode(msg, 'UNAUTHORIZED');
  });

  it('FORBIDDEN: the app lacks the Train ML scope', async () => {
    const id = botId();
    sim.addBot({ botId: id, scope: false });
    expectCode(await caughtFor({ options: { mode: 'train', botId: id } }), 'FORBIDDEN');
    expect(sim.count({ method: 'POST', botId: id })).toBe(0);
  });

  it('NOT_FOUND: an unknown bot', async () => {
    const msg = await caughtFor({ options: { mode: 'wait', botId: 'st-no-such-bot' } });
    expectCode(msg, 'NOT_FOUND');
    expect(msg.kore).toMatchObject({ mode: 'wait', botId: 'st-no-such-bot' });
  });

  it('TIMEOUT: the training is not done in time, with the last status', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
    const msg = await caughtFor({ options: { mode: 'wait', botId: id, timeout: 0.25 } });
    expectCode(msg, 'TIMEOUT');
    expect(msg.kore!['lastStatus']).toMatchObject({ trainingStatus: 'Inprogress' });
  });

  it('TIMEOUT: timeout 0 checks once', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 60_000 });
    expectCode(await caughtFor({ options: { mode: 'wait', botId: id, timeout: 0 } }), 'TIMEOUT');
    expect(sim.count({ path: 'status', botId: id })).toBe(1);
  });

  it('TIMEOUT in train and wait', async () => {
    const id = botId();
    sim.addBot({ botId: id, staleMs: 50, trainingMs: 60_000 });
    expectCode(await caughtFor({ options: { mode: 'train', botId: id, timeout: 0.3 } }), 'TIMEOUT');
  });

  it('RATE_LIMITED: a single status request answered 429', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    sim.injectFault({ kind: 'rate-limit', botId: id, retryAfterSeconds: 7 });
    const msg = await caughtFor({ options: { mode: 'status', botId: id } });
    expectCode(msg, 'RATE_LIMITED');
    expect((msg.kore!['error'] as Record<string, unknown>)['retryAfterMs']).toBe(7000);
  });

  it('SERVER_ERROR: a 503', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    sim.injectFault({ kind: 'server-error', status: 503, botId: id });
    expectCode(await caughtFor({ options: { mode: 'status', botId: id } }), 'SERVER_ERROR');
  });

  it('NETWORK: the connection is reset', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    sim.injectFault({ kind: 'reset', botId: id });
    expectCode(await caughtFor({ options: { mode: 'status', botId: id } }), 'NETWORK');
  });

  it('BAD_RESPONSE: a body that is not JSON', async () => {
    const id = botId();
    sim.addBot({ botId: id });
    sim.injectFault({ kind: 'non-json', botId: id });
    expectCode(await caughtFor({ options: { mode: 'status', botId: id } }), 'BAD_RESPONSE');
  });

  it('a wait retries a passing server error instead of failing', async () => {
    const id = botId();
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 200 });
    sim.injectFault({ kind: 'server-error', botId: id, afterRequests: 1 });
    await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id }), { app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
    const rec = new Recorder();
    helper.getNode('train').receive({});
    const got = await rec.waitFor(['out1', 'out2', 'caught']);
    expect(got.map((r) => r.node)).toEqual(['out1']);
  });

  describe('INVALID_INPUT names the field', () => {
    const cases: Array<[string, Case, RegExp]> = [
      ['botId', { options: { botId: 'bot', botIdType: 'msg' }, msg: { bot: 'st-1/../../x' } }, /botId must be .*\(read from msg\.bot\)/],
      ['botId', { options: { botId: 'bot', botIdType: 'msg' } }, /botId must be .*\(read from msg\.bot\)/],
      ['botId', { options: { botId: '' } }, /botId must be a non-empty/],
      ['language', { options: { language: 'lang', languageType: 'msg' }, msg: { lang: 'e n!' } }, /language must be .*\(read from msg\.lang\)/],
      ['state', { options: { state: 'state', stateType: 'msg' }, msg: { state: 'draft' } }, /state must be "configured" or "published" \(got "draft"\) \(read from msg\.state\)/],
      ['host', { options: { host: 'http://example.com' } }, /host must be https/],
      ['host', { options: { host: 'ftp://bots.kore.ai' } }, /host must be/],
      ['clientId', { options: {}, credentials: { clientSecret: 'abcd-secret-value' } }, /clientId must be a non-empty client id/],
      ['clientSecret', { options: {}, credentials: { clientId: 'cs-1' } }, /clientSecret must be a non-empty client secret/],
      ['privateKey', { options: { algorithm: 'RS256' }, credentials: { clientId: 'cs-1' } }, /privateKey must be a non-empty PEM private key/],
      ['algorithm', { options: { algorithm: 'none' } }, /algorithm must be one of HS256/],
      ['claims', { options: { claims: '[1,2]' } }, /claims must be a JSON object/],
      ['claims', { options: { claims: '{oops' } }, /claims must be a JSON object/],
      ['pollInterval', { options: { pollInterval: 'soon' } }, /pollInterval must be a number of seconds greater than 0 \(got "soon"\)/],
      ['pollInterval', { options: { pollInterval: 0 } }, /pollInterval must be a number of seconds greater than 0/],
      ['timeout', { options: { timeout: -1 } }, /timeout must be a number of seconds >= 0/],
    ];
    it.each(cases)('%s (%#)', async (field, c, message) => {
      sim.addBot({ botId: 'st-bot' });
      const msg = await caughtFor({ ...c, options: { mode: 'wait', ...c.options } });
      expect(msg.error!['code']).toBe('INVALID_INPUT');
      expect(msg.error!['message']).toMatch(message);
      expect((msg.kore!['error'] as Record<string, unknown>)['field']).toBe(field);
      expect(msg.kore!['error']).not.toHaveProperty('hint'); // the message says it all
      // Node settings keep their deploy-time badge; inputs, credentials and the app show the code.
      const nodeSetting = field === 'pollInterval' || field === 'timeout';
      expect(statusCalls().at(-1)).toEqual(
        nodeSetting ? { fill: 'red', shape: 'ring', text: `invalid setting: ${field}` } : { fill: 'red', shape: 'dot', text: 'error: INVALID_INPUT' },
      );
    });

    it("pollInterval under Kore.ai's floor: refused by the core for a Kore.ai host, named as the node's setting", async () => {
      // The core refuses before sending anything, so nothing leaves this machine.
      const msg = await caughtFor({ options: { mode: 'wait', host: 'https://bots.kore.ai', pollInterval: 0.5 }, credentials: { clientId: 'cs-1', clientSecret: 'not-used-secret' } });
      expect(msg.error!['code']).toBe('INVALID_INPUT');
      expect(msg.error!['message']).toMatch(/pollInterval \(in seconds\) is refused: pollIntervalMs must be at least 1000 ms/);
      expect(msg.kore!['error']).toMatchObject({ code: 'INVALID_INPUT', field: 'pollInterval' });
    });

    it('pollInterval has no floor on a loopback host (the simulator), as in the core', async () => {
      const id = botId();
      sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 150 });
      await helper.load(nodes, flow(sim.url, { mode: 'wait', botId: id, pollInterval: 0.02 }), { app: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
      const rec = new Recorder();
      helper.getNode('train').receive({});
      const got = await rec.waitFor(['out1', 'out2', 'caught']);
      expect(got.map((r) => r.node)).toEqual(['out1']); // the 20 ms interval was taken, not refused
    });

    it('a kore-train node without an app', async () => {
      const f = flow(sim.url, { mode: 'status' }).filter((node) => node['type'] !== 'kore-ai-app');
      const train = f.find((node) => node['id'] === 'train')!;
      train['app'] = '';
      await helper.load(nodes, f);
      expect(statusCalls()[0]).toEqual({ fill: 'red', shape: 'ring', text: 'invalid setting: app' });
      const rec = new Recorder();
      helper.getNode('train').receive({ topic: 'x' });
      const [got] = await rec.waitFor(['out1', 'out2', 'out3', 'caught']);
      expect(got!.node).toBe('caught');
      expect(got!.msg.error!['message']).toMatch(/app must be a Kore.ai app configuration node/);
    });

    it('a bad setting shows at deploy, before any message', async () => {
      await helper.load(nodes, flow(sim.url, { pollInterval: -5 }), { app: { clientId: 'a', clientSecret: 'bbbb' } });
      expect(statusCalls()).toEqual([{ fill: 'red', shape: 'ring', text: 'invalid setting: pollInterval' }]);
    });
  });
});
