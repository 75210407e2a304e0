/**
 * Pending waits outlive the node instance, in real Node-RED 4 (Node 20) and 5 (Node 24):
 * - a full redeploy mid-wait (Admin API, default settings: the in-memory hand-off);
 * - a process restart mid-wait with `contextStorage: { default: { module: 'localfilesystem' } }`;
 * - deleting the node mid-wait: the simulator sees no further request for its bot.
 * Each time the original message (with a custom property) must reach Finished exactly once. For each
 * host, the time from restart to resumed output and the requests of the resumed wait are printed.
 * Needs `build` first (nx e2e dependsOn build).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KoreSim } from '@kore-train/kore-sim';
import { findLeaks, freePort } from '@kore-train/testkit';
import { createUserDir, node24, NodeRedProcess, redJs, useNodeRedFixture } from '../../../tools/node-red-e2e/src/harness';

type FlowNode = { id: string; type: string; [key: string]: unknown };
interface Output {
  output: string;
  ticket?: string;
  code?: string;
  kore?: { requests?: number; botId?: string };
}

const POLL_S = '0.05';
const TAB = 'e2e0000000000009';
const OUT = 'KORE-OUT ';
const LOCAL_CONTEXT = { contextStorage: { default: { module: 'localfilesystem' } } };
let sim: KoreSim;
let tarballs: string[];
useNodeRedFixture((fixture) => ({ sim, tarballs } = fixture));
const measured: string[] = [];

afterAll(() => {
  if (measured.length > 0) process.stdout.write(`\nresumed waits, measured:\n${measured.join('\n')}\n`);
});

/**
 * inject (payload, a custom `ticket`, `botId`) -> kore-train (wait, bot from msg.botId) -> a function
 * per output logging one JSON line; a Catch for errors. One such chain per `waits` entry.
 */
function flows(waits: Array<{ id: string; botId: string; ticket: string }>): FlowNode[] {
  const at = (x: number, y: number) => ({ z: TAB, x, y });
  const log = (id: string, output: string, y: number): FlowNode => ({
    id, type: 'function', name: id, outputs: 1, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], wires: [], ...at(600, y),
    func: `node.warn(${JSON.stringify(OUT)} + JSON.stringify({ output: ${JSON.stringify(output)}, ticket: msg.ticket, code: msg.error && msg.error.code, kore: msg.kore })); return null;`,
  });
  const nodes: FlowNode[] = [
    { id: TAB, type: 'tab', label: 'kore resume e2e' },
    { id: 'rsapp', type: 'kore-ai-app', name: 'sim', host: sim.url, algorithm: 'HS256', uniqueJti: false, claims: '', credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret } },
    log('log-finished', 'finished', 100), log('log-failed', 'failed', 140), log('log-error', 'error', 180),
    { id: 'rscatch', type: 'catch', name: '', scope: waits.map((w) => w.id), uncaught: false, wires: [['log-error']], ...at(400, 180) },
  ];
  waits.forEach((w, i) => nodes.push(
    {
      id: `inj-${w.id}`, type: 'inject', name: '', repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '',
      props: [{ p: 'payload', v: 'go', vt: 'str' }, { p: 'ticket', v: w.ticket, vt: 'str' }, { p: 'botId', v: w.botId, vt: 'str' }],
      wires: [[w.id]], ...at(100, 100 + i * 80),
    },
    {
      id: w.id, type: 'kore-train', name: '', app: 'rsapp', mode: 'wait', botId: 'botId', botIdType: 'msg', language: '', languageType: 'str',
      state: 'configured', stateType: 'state', pollInterval: POLL_S, timeout: '120', progress: false, outputs: 2,
      wires: [['log-finished'], ['log-failed']], ...at(300, 100 + i * 80),
    },
  ));
  return nodes;
}

/** Node-RED colours its console lines (chalk) when the environment asks for colour, e.g. under Nx. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function parseOutput(line: string): Output {
  const text = line.replace(ANSI_COLOUR, '');
  return JSON.parse(text.slice(text.indexOf(OUT) + OUT.length)) as Output;
}

/** Every output line the flow logged since `from`, parsed. */
function outputs(nr: NodeRedProcess, from = 0): Output[] {
  return nr.lines.slice(from).filter((l) => l.includes(OUT)).map(parseOutput);
}

/** Waits for the output of a ticket; resolves with it and the time its line arrived. */
async function outputOf(nr: NodeRedProcess, ticket: string, from = 0): Promise<{ out: Output; at: number }> {
  const line = await nr.waitForLog(new RegExp(`${OUT}.*"ticket":"${ticket}"`), { from, timeoutMs: 60_000 });
  return { out: parseOutput(line), at: nr.lineTimes[nr.lines.indexOf(line, from)]! };
}

/** Presses the inject button and resolves once the simulator saw the wait's first status request. */
async function startWait(nr: NodeRedProcess, injectId: string, botId: string): Promise<void> {
  const polled = sim.nextRequest({ path: 'status', botId });
  expect((await nr.request(`/inject/${injectId}`, { method: 'POST' })).status).toBe(200);
  await polled;
}

interface Runtime {
  name: string;
  tag: string;
  node: () => string;
  redJs: string;
}

const runtimes: Runtime[] = [
  { name: 'Node-RED 4.1', tag: 'nr4', node: () => process.execPath, redJs: redJs('nr4') },
  { name: 'Node-RED 5.0', tag: 'nr5', node: node24, redJs: redJs('nr5') },
];

describe.each(runtimes)('$name: waits outlive the node', (runtime) => {
  let nr: NodeRedProcess;
  let userDir: string;
  const bot = (what: string): string => `st-resume-${runtime.tag}-${what}`;

  beforeAll(async () => {
    userDir = await createUserDir(tarballs, `resume-${runtime.tag}`);
    nr = await NodeRedProcess.start({ node: runtime.node(), redJs: runtime.redJs, userDir, port: await freePort(), credentialSecret: 'e2e-credential-secret-0123456789' });
  });

  afterAll(async () => {
    await nr?.stop();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  it('a full redeploy mid-wait (default settings): the message reaches Finished once, ticket intact', async () => {
    const id = bot('redeploy');
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    const deployed = flows([{ id: 'kt-redeploy', botId: id, ticket: `REL-${runtime.tag}-1` }]);
    await nr.deploy(deployed);
    await startWait(nr, 'inj-kt-redeploy', id);
    sim.updateBot(id, { initial: 'Finished' }); // done while the node is redeployed: the resumed wait's first poll sees it
    const from = nr.mark();
    const requestsBefore = sim.count({ path: 'status', botId: id });
    const restartAt = Date.now();
    await nr.deploy(deployed);
    const { out, at } = await outputOf(nr, `REL-${runtime.tag}-1`, from);
    expect(out).toMatchObject({ output: 'finished', kore: { botId: id } });
    const resumedRequests = sim.count({ path: 'status', botId: id }) - requestsBefore;
    measured.push(`${runtime.name} full redeploy: ${at - restartAt} ms from the deploy request to resumed output; the resumed wait sent ${resumedRequests} request(s) (msg.kore.requests ${out.kore?.requests})`);
    expect(resumedRequests).toBeGreaterThanOrEqual(1);
    // Exactly once: the node answers a new message, and the ticket was still sent once.
    const next = bot('redeploy-next');
    sim.addBot({ botId: next, initial: 'Finished' });
    await nr.deploy(flows([{ id: 'kt-redeploy', botId: next, ticket: `REL-${runtime.tag}-2` }]));
    await nr.request('/inject/inj-kt-redeploy', { method: 'POST' });
    await outputOf(nr, `REL-${runtime.tag}-2`);
    expect(outputs(nr).filter((o) => o.ticket === `REL-${runtime.tag}-1`)).toHaveLength(1);
    expect(nr.lines.slice(from).some((l) => /resumed 1 pending wait/.test(l))).toBe(true);
    expect(nr.log).not.toMatch(/Close timed out/);
  });

  it('deleting the node mid-wait: no further request for its bot', async () => {
    const id = bot('deleted');
    const other = bot('other');
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    await nr.deploy(flows([{ id: 'kt-delete', botId: id, ticket: `DEL-${runtime.tag}` }]));
    await startWait(nr, 'inj-kt-delete', id);
    await nr.deploy(flows([{ id: 'kt-other', botId: other, ticket: `OTHER-${runtime.tag}` }]));
    const deletedAt = sim.now();
    const lastBefore = sim.requests.filter((r) => r.botId === id).length;
    // Another wait runs for a while (many poll intervals) in the same process: the request log is the witness.
    sim.addBot({ botId: other, initial: 'Inprogress', trainingMs: 1_000 });
    await startWait(nr, 'inj-kt-other', other);
    const { out } = await outputOf(nr, `OTHER-${runtime.tag}`);
    expect(out.output).toBe('finished');
    expect(sim.count({ path: 'status', botId: other })).toBeGreaterThanOrEqual(3);
    expect(sim.requests.filter((r) => r.botId === id && r.at > deletedAt)).toEqual([]);
    expect(sim.requests.filter((r) => r.botId === id)).toHaveLength(lastBefore);
    expect(outputs(nr).filter((o) => o.ticket === `DEL-${runtime.tag}`)).toEqual([]);
    expect(nr.log).not.toMatch(/Close timed out/);
  });

  it('a restart mid-wait with a localfilesystem context store: the message reaches Finished once, ticket intact', async () => {
    await nr.stop();
    nr = await nr.restart({ settings: LOCAL_CONTEXT });
    const id = bot('restart');
    sim.addBot({ botId: id, initial: 'Inprogress', trainingMs: 3_600_000 });
    await nr.deploy(flows([{ id: 'kt-restart', botId: id, ticket: `RST-${runtime.tag}` }]));
    await startWait(nr, 'inj-kt-restart', id);
    expect(await nr.stop()).not.toBe(1);
    expect(outputs(nr)).toEqual([]);
    // What the store wrote: the pending wait with its token and message, and no secret or JWT.
    const contextDir = join(userDir, 'context');
    const stored = readdirSync(contextDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.json')).map((file) => readFileSync(join(contextDir, file), 'utf8')).join('\n');
    expect(stored).toMatch(/"koreTrainPendingWaits"[\s\S]*"token": ?"kt1\.[\s\S]*"ticket": ?"RST-/);
    expect(findLeaks({ context: stored }, sim.clientSecret)).toEqual([]);
    expect(nr.log).not.toMatch(/Close timed out/);
    sim.updateBot(id, { initial: 'Finished' });
    const requestsBefore = sim.count({ path: 'status', botId: id });
    const restartAt = Date.now();
    nr = await nr.restart();
    const { out, at } = await outputOf(nr, `RST-${runtime.tag}`);
    expect(out).toMatchObject({ output: 'finished', kore: { botId: id } });
    const resumedRequests = sim.count({ path: 'status', botId: id }) - requestsBefore;
    const started = nr.lineTimes[nr.lines.findIndex((l) => /Started flows/.test(l))]!;
    measured.push(`${runtime.name} process restart (localfilesystem): ${at - restartAt} ms from spawning Node-RED to resumed output (${at - started} ms after "Started flows"); the resumed wait sent ${resumedRequests} request(s) (msg.kore.requests ${out.kore?.requests})`);
    // Exactly once: a later redeploy resumes nothing more.
    const from = nr.mark();
    await nr.deploy(flows([{ id: 'kt-restart', botId: id, ticket: `RST-${runtime.tag}-later` }]));
    expect(outputs(nr).filter((o) => o.ticket === `RST-${runtime.tag}`)).toHaveLength(1);
    expect(nr.lines.slice(from).some((l) => /resumed \d+ pending wait/.test(l))).toBe(false);
  });
});
