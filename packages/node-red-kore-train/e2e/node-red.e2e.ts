/**
 * End to end in real Node-RED processes: Node-RED 4 on this Node (20), Node-RED 5 on Node 24.
 * The packages are packed and installed from their tarballs into a fresh userDir; flows are
 * deployed through the Admin API and triggered over HTTP (`http in`) or `POST /inject/<id>`; the
 * example flows are deployed as shipped; flows.json, the logs and every answer are scanned for the
 * client secret and for JWTs. Needs `build` first (nx e2e dependsOn build).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KoreSim } from '@kore-train/kore-sim';
import { findLeaks, freePort } from '@kore-train/testkit';
import { createUserDir, node24, NodeRedProcess, redJs, useNodeRedFixture } from '../../../tools/node-red-e2e/src/harness';

const packageRoot = join(__dirname, '..');

type FlowNode = { id: string; type: string; [key: string]: unknown };

const POLL_S = 0.05;
let sim: KoreSim;
let tarballs: string[];
useNodeRedFixture((fixture) => ({ sim, tarballs } = fixture));
/** Every HTTP answer body, for the leak scan. */
const answers: string[] = [];

/** The test flow: POST /kore/<mode> -> kore-train (<mode>) -> a function per output -> http response; a Catch for errors. */
function httpFlow({ resume = true }: { resume?: boolean } = {}): FlowNode[] {
  const tab = 'e2e0000000000001';
  const at = (x: number, y: number) => ({ z: tab, x, y });
  const fn = (id: string, body: string, y: number): FlowNode => ({
    id, type: 'function', name: id, func: body, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], ...at(700, y), wires: [['resp']],
  });
  const nodes: FlowNode[] = [
    { id: tab, type: 'tab', label: 'kore e2e' },
    { id: 'e2eapp', type: 'kore-ai-app', name: 'sim', host: sim.url, algorithm: 'HS256', uniqueJti: false, claims: '', credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret } },
    { id: 'resp', type: 'http response', name: '', statusCode: '', headers: {}, ...at(900, 200), wires: [] },
    { id: 'progress', type: 'debug', name: 'progress', active: true, tosidebar: false, console: true, tostatus: false, complete: 'payload.trainingStatus', targetType: 'msg', ...at(900, 400), wires: [] },
    { id: 'catch', type: 'catch', name: '', scope: ['kt-status', 'kt-wait', 'kt-train'], uncaught: false, ...at(100, 500), wires: [['fn-error']] },
    fn('fn-error', 'msg.statusCode = 500; msg.payload = { output: "error", code: msg.error.code, message: msg.error.message, kore: msg.kore }; return msg;', 500),
  ];
  ['status', 'wait', 'train'].forEach((mode, i) => {
    const y = 100 + i * 100;
    const outputs = mode === 'wait' || mode === 'status' ? 3 : 2;
    nodes.push(
      { id: `in-${mode}`, type: 'http in', name: '', url: `/kore/${mode}`, method: 'post', upload: false, swaggerDoc: '', ...at(100, y), wires: [[`kt-${mode}`]] },
      {
        id: `kt-${mode}`, type: 'kore-train', name: '', app: 'e2eapp', mode, botId: 'payload.botId', botIdType: 'msg', language: '', languageType: 'str',
        state: 'configured', stateType: 'state', pollInterval: String(POLL_S), timeout: '20', progress: mode === 'wait', resume, outputs, ...at(300, y),
        wires: [[`fn-${mode}-finished`], [`fn-${mode}-failed`], ...(outputs === 3 ? [[mode === 'status' ? `fn-${mode}-notdone` : 'progress']] : [])],
      },
      fn(`fn-${mode}-finished`, 'msg.payload = { output: "finished", status: msg.payload, kore: msg.kore }; return msg;', y),
      fn(`fn-${mode}-failed`, 'msg.payload = { output: "failed", status: msg.payload, kore: msg.kore }; return msg;', y + 20),
    );
    if (mode === 'status') nodes.push(fn('fn-status-notdone', 'msg.payload = { output: "notdone", status: msg.payload, kore: msg.kore }; return msg;', y + 40));
  });
  return nodes;
}

/** The shipped example flows, deployed as they are: only the app gets the sim's host and credentials, debug nodes log to the console. */
function exampleFlows(): FlowNode[] {
  const nodes: FlowNode[] = [];
  for (const file of readdirSync(join(packageRoot, 'examples')).sort()) {
    const flow = JSON.parse(readFileSync(join(packageRoot, 'examples', file), 'utf8')) as FlowNode[];
    const tab = flow.find((n) => n['z'])!['z'] as string;
    nodes.push({ id: tab, type: 'tab', label: file });
    for (const node of flow) {
      if (node.type === 'kore-ai-app') nodes.push({ ...node, host: sim.url, credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret } });
      else if (node.type === 'debug') nodes.push({ ...node, console: true });
      else if (node.type === 'kore-train') nodes.push({ ...node, pollInterval: String(POLL_S) }); // 5 s in the example
      else nodes.push(node);
    }
  }
  return nodes;
}

interface Runtime {
  name: string;
  node: () => string;
  redJs: string;
  version: RegExp;
  nodeMajor: RegExp;
}

const runtimes: Runtime[] = [
  { name: 'Node-RED 4.1', node: () => process.execPath, redJs: redJs('nr4'), version: /^4\.1\./, nodeMajor: /^v20\./ },
  { name: 'Node-RED 5.0', node: node24, redJs: redJs('nr5'), version: /^5\.0\./, nodeMajor: /^v24\./ },
];

describe.each(runtimes)('$name in a real process', (runtime) => {
  let nr: NodeRedProcess;
  let userDir: string;

  beforeAll(async () => {
    userDir = await createUserDir(tarballs, runtime.name.replace(/\W+/g, ''));
    const node = runtime.node();
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(runtime.nodeMajor);
    nr = await NodeRedProcess.start({ node, redJs: runtime.redJs, userDir, port: await freePort(), credentialSecret: 'e2e-credential-secret-0123456789' });
  });

  afterAll(async () => {
    if (nr) {
      await nr.stop();
      // Kept for a look after the run (test-output/ is git-ignored).
      mkdirSync(join(packageRoot, 'test-output'), { recursive: true });
      writeFileSync(join(packageRoot, 'test-output', `e2e-${runtime.name.replace(/\W+/g, '-')}.log`), nr.log);
    }
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  async function call(mode: string, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, any> }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON answer
    const answer = await nr.request(`/kore/${mode}`, { method: 'POST', body });
    answers.push(answer.text);
    return { status: answer.status, json: answer.json as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON answer
  }

  it('installs from the tarball: the module, its editor files, locales, icon and examples load', async () => {
    expect(nr.log).toMatch(new RegExp(`Node-RED version: v${runtime.version.source.slice(1).replace(/\\\./g, '\\.')}`));
    expect(nr.log).not.toMatch(/\[error\]|Failed to register|Waiting for missing types/);
    const modules = (await nr.request('/nodes', { headers: { Accept: 'application/json' } })).json as Array<{ module: string; types: string[]; enabled: boolean; version: string; err?: string }>;
    const ours = modules.filter((m) => m.module === '@kore-train/node-red-kore-train');
    expect(ours.map((m) => [m.types, m.enabled, m.version, m.err])).toEqual([
      [['kore-ai-app'], true, '0.1.0', undefined],
      [['kore-train'], true, '0.1.0', undefined],
    ]);
    const html = (await nr.request('/nodes', { headers: { Accept: 'text/html' } })).text;
    expect(html).toContain('RED.nodes.registerType("kore-train"');
    expect(html).toContain('data-help-name="kore-ai-app"');
    // The core's facts the dialogs are built from, as the editor gets them (RED.settings).
    const settings = (await nr.request('/settings')).json as Record<string, unknown>;
    expect(settings).toMatchObject({
      koreAiAppSigningAlgorithms: ['HS256', 'HS512', 'RS256', 'RS512'], koreAiAppDefaultAlgorithm: 'HS256',
      koreAiAppSecretKinds: { HS256: 'clientSecret', RS256: 'privateKey' }, koreTrainDefaultTimeout: 3600, koreTrainMinPollInterval: 1,
    });
    expect(settings['koreAiAppHostPresets']).toHaveLength(4);
    const catalog = await nr.request('/nodes/messages?lng=en-US');
    expect(JSON.stringify(catalog.json)).toContain('"training __elapsed__"');
    const icon = await nr.request('/icons/@kore-train/node-red-kore-train/kore-train.svg');
    expect(icon.status).toBe(200);
    expect(icon.text).toContain('<svg');
    const examples = await nr.request('/library/examples/flows/@kore-train/node-red-kore-train');
    expect(JSON.stringify(examples.json)).toContain('wait for training');
    expect(JSON.stringify(examples.json)).toContain('train and wait with error handling');
    const example = await nr.request(`/library/examples/flows/@kore-train/node-red-kore-train/${encodeURIComponent('wait for training')}`);
    expect(JSON.stringify(example.json)).toContain('"kore-train"');
  });

  it('deploys through the Admin API and answers each mode and output over HTTP', async () => {
    const tag = runtime.version.source.replace(/\W/g, '');
    const ready = `st-e2e-${tag}-ready`;
    const running = `st-e2e-${tag}-running`;
    const failing = `st-e2e-${tag}-failing`;
    const stale = `st-e2e-${tag}-stale`;
    sim.addBot({ botId: ready, initial: 'Finished' });
    sim.addBot({ botId: running, initial: 'Inprogress', trainingMs: 400 });
    sim.addBot({ botId: failing, initial: 'Inprogress', trainingMs: 300, outcome: 'failed' });
    sim.addBot({ botId: stale, initial: 'Finished', trainVersion: 7, staleMs: 300, trainingMs: 400 });
    await nr.deploy(httpFlow());

    const status = await call('status', { botId: ready });
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ output: 'finished', status: { trainingStatus: 'Finished', allInSync: true }, kore: { mode: 'status', botId: ready } });

    const progressFrom = nr.mark();
    const wait = await call('wait', { botId: running });
    expect(wait.json).toMatchObject({ output: 'finished', status: { trainingStatus: 'Finished' }, kore: { mode: 'wait', outcome: 'finished' } });
    await nr.waitForLog(/\[debug:progress\]/, { from: progressFrom });

    const failed = await call('wait', { botId: failing });
    expect(failed.json).toMatchObject({ output: 'failed', status: { trainingStatus: 'Failed' } });

    const train = await call('train', { botId: stale });
    expect(train.json).toMatchObject({ output: 'finished', kore: { mode: 'train', training: { trainingId: expect.any(String) } } });
    expect(train.json['status'].trainDetails.trainVersion).toBe(8);
    expect(sim.count({ method: 'POST', botId: stale })).toBe(1);
  });

  it('sends errors to the Catch node with their code', async () => {
    const unknown = await call('status', { botId: 'st-e2e-nobody' });
    expect(unknown.status).toBe(500);
    expect(unknown.json).toMatchObject({ output: 'error', code: 'NOT_FOUND', kore: { botId: 'st-e2e-nobody' } });
    const invalid = await call('wait', { botId: 'not a bot id!' });
    expect(invalid.json).toMatchObject({ output: 'error', code: 'INVALID_INPUT', kore: { error: { field: 'botId' } } });
    expect(invalid.json['message']).toMatch(/botId must be .*\(read from msg\.payload\.botId\)/);
  });

  it('waits for many requests at once, polling a shared bot once', async () => {
    const id = `st-e2e-${runtime.version.source.replace(/\W/g, '')}-crowd`;
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 500 });
    const results = await Promise.all(Array.from({ length: 5 }, () => call('wait', { botId: id })));
    expect(results.map((r) => r.json['output'])).toEqual(['finished', 'finished', 'finished', 'finished', 'finished']);
    // One poll loop for the five waits: about one request per poll interval, not five.
    const polls = sim.count({ path: 'status', botId: id });
    expect(polls).toBeLessThan((0.5 / POLL_S) * 1.5 + 3);
  });

  it('on redeploy, a pending HTTP wait is resumed and its request still answered', async () => {
    const id = `st-e2e-${runtime.version.source.replace(/\W/g, '')}-redeployed`;
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    await nr.deploy(httpFlow());
    const polled = sim.nextRequest({ path: 'status', botId: id });
    const pending = call('wait', { botId: id });
    await polled;
    await nr.deploy(httpFlow());
    await sim.nextRequest({ path: 'status', botId: id }); // the resumed wait polls
    sim.updateBot(id, { initial: 'Finished' });
    // The live message went to the new node instance: HTTP In's res answers the same request.
    expect((await pending).json).toMatchObject({ output: 'finished', status: { trainingStatus: 'Finished' }, kore: { mode: 'wait', botId: id } });
  });

  it('with resuming off, a redeploy stops pending waits: no request is sent afterwards', async () => {
    const id = `st-e2e-${runtime.version.source.replace(/\W/g, '')}-forever`;
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    await nr.deploy(httpFlow({ resume: false }));
    const client = new AbortController();
    const pending = nr.request('/kore/wait', { method: 'POST', body: { botId: id }, signal: client.signal }).catch(() => undefined);
    await until(() => sim.count({ path: 'status', botId: id }) >= 3);
    await nr.deploy(httpFlow({ resume: false }));
    const after = sim.count({ path: 'status', botId: id });
    // A live loop would poll 10 times in this window; then check over HTTP that Node-RED still answers.
    await new Promise((resolve) => setTimeout(resolve, 10 * POLL_S * 1000));
    expect(sim.count({ path: 'status', botId: id })).toBe(after);
    expect((await call('status', { botId: id })).json).toMatchObject({ output: 'notdone', status: { trainingStatus: 'Inprogress' } });
    client.abort();
    await pending;
  });

  it('runs the shipped example flows', async () => {
    sim.addBot({ botId: 'st-your-bot-id', initial: 'Inprogress', trainingMs: 300 });
    await nr.deploy(exampleFlows());
    // Example 1: inject a bot id, wait, the "finished" debug node logs the status.
    let from = nr.mark();
    expect((await nr.request('/inject/a1c0de0000000002', { method: 'POST' })).status).toBe(200);
    await nr.waitForLog(/\[debug:finished\]/, { from });
    await nr.waitForLog(/trainingStatus: 'Finished'|"trainingStatus":"Finished"|Finished/, { from });
    // Example 2 on its error path: the app lost the Train ML scope -> Catch -> switch -> first debug.
    sim.updateBot('st-your-bot-id', { scope: false });
    from = nr.mark();
    expect((await nr.request('/inject/b2c0de0000000002', { method: 'POST' })).status).toBe(200);
    await nr.waitForLog(/\[debug:check Client ID \/ Secret \/ Train ML scope\]/, { from });
    await nr.waitForLog(/FORBIDDEN/, { from });
    sim.updateBot('st-your-bot-id', { scope: true });
    // And on its success path: a new model.
    from = nr.mark();
    await nr.request('/inject/b2c0de0000000002', { method: 'POST' });
    await nr.waitForLog(/\[debug:new model ready\]/, { from });
  });

  it('keeps the secret and every JWT out of flows.json, the logs and the answers', async () => {
    const code = await nr.stop();
    expect(code === 0 || code === null).toBe(true);
    const flows = nr.readFile('flows.json');
    expect(flows).toContain('"kore-ai-app"');
    expect(flows).not.toContain('clientSecret');
    const creds = nr.readFile('flows_cred.json');
    expect(creds).toMatch(/"\$":/); // encrypted with credentialSecret
    expect(findLeaks({ 'flows.json': flows, 'flows_cred.json': creds, log: nr.log, answers: answers.join('\n') }, sim.clientSecret)).toEqual([]);
    // The sim did receive JWTs: the scan would have seen one had it leaked.
    expect(sim.requests.some((r) => r.authOk)).toBe(true);
  });
});

async function until(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
