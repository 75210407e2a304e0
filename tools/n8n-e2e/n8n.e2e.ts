/**
 * The n8n node end to end, in a real n8n (2.40.x on Node 24, from the cache folder that
 * install-n8n-host.sh fills): the package is packed and installed the way n8n installs a community
 * package, a credential and workflows are imported, `n8n execute` runs them against kore-sim, and
 * everything captured is searched for the client secret and for any JWT.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { failureGuard, JWT_SHAPE as JWT, SecretScanner } from '@kore-train/testkit';
import { CREDENTIAL_TYPE, ensureN8nHost, expectOk, N8nUserFolder, NODE_TYPE, nodeBinDir, setupOwner, BROWSER_ID, type Captured } from './src/harness';

const KORE_NODE = 'Kore.ai ML Training';
const CREDENTIAL_ID = 'koreE2eCred00001';
const BAD_CREDENTIAL_ID = 'koreE2eCred00002';
const WRONG_SECRET = 'e2e-wrong-secret-0123456789abcdef';
const EXECUTION_TIMEOUT_S = 4;


let sim: KoreSim;
let folder: N8nUserFolder;
let failed = false;

const n8n = (label: string, ...args: string[]): Promise<Captured> => folder.n8n(label, ...args);

/** `n8n execute` prints the run's JSON after some log lines: from the first line that starts with "{". */
function parseRun(stdout: string): RunJson {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('{'));
  if (start < 0) throw new Error(`no JSON in the output of n8n execute:\n${stdout.slice(-2000)}`);
  for (let end = lines.length; end > start; end--) {
    try {
      return JSON.parse(lines.slice(start, end).join('\n')) as RunJson;
    } catch {
      // a log line after the JSON: try without it
    }
  }
  throw new Error(`unparsable JSON in the output of n8n execute:\n${stdout.slice(-2000)}`);
}

interface RunJson {
  data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: { message?: string } }>>; error?: { message?: string } } };
  status?: string;
}

function node(id: string, name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id, name, type, typeVersion, position, parameters, ...extra };
}

function chain(...names: string[]): Record<string, unknown> {
  const connections: Record<string, unknown> = {};
  for (let i = 0; i + 1 < names.length; i++) connections[names[i]!] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
  return connections;
}

const trigger = node('n1', 'Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {});

/** Two bots, one item each: Set (raw JSON) and Split Out, so the Kore.ai node reads its Bot ID from an expression. */
function workflows() {
  const bots = node('n2', 'Bots', 'n8n-nodes-base.set', 3.4, [220, 0], {
    mode: 'raw',
    jsonOutput: JSON.stringify({ bots: ['st-e2e-finished', 'st-e2e-failed'] }),
    options: {},
  });
  const split = node('n3', 'One Item per Bot', 'n8n-nodes-base.splitOut', 1, [440, 0], { fieldToSplitOut: 'bots', options: {} });
  const kore = (id: string, parameters: Record<string, unknown>, credentialId = CREDENTIAL_ID) =>
    node(id, KORE_NODE, NODE_TYPE, 1, [660, 0], parameters, { credentials: { koreAiApi: { id: credentialId, name: credentialId === CREDENTIAL_ID ? 'Kore.ai (sim)' : 'Kore.ai (wrong secret)' } } });
  return [
    {
      id: 'koreE2eTrainWait',
      name: 'Kore.ai train and wait (e2e)',
      active: false,
      nodes: [
        trigger,
        bots,
        split,
        kore('n4', {
          operation: 'trainAndWait',
          botId: '={{ $json.bots }}',
          language: '',
          state: 'configured',
          options: { pollInterval: 0.2, maxPollInterval: 0.5, timeout: 2, onFailed: 'output' },
        }),
      ],
      connections: chain('Start', 'Bots', 'One Item per Bot', KORE_NODE),
      settings: { executionOrder: 'v1' },
    },
    {
      id: 'koreE2eTimeout01',
      name: 'Kore.ai wait hits the workflow timeout (e2e)',
      active: false,
      nodes: [trigger, kore('n5', { operation: 'waitForTraining', botId: 'st-e2e-long', language: '', state: 'configured', options: { pollInterval: 0.3, maxPollInterval: 0.3, timeout: 60 } })],
      connections: chain('Start', KORE_NODE),
      settings: { executionOrder: 'v1', executionTimeout: EXECUTION_TIMEOUT_S },
    },
    {
      id: 'koreE2eBadSecret',
      name: 'Kore.ai with a wrong secret (e2e)',
      active: false,
      nodes: [trigger, kore('n6', { operation: 'getStatus', botId: 'st-e2e-finished', language: '', state: 'configured', options: {} }, BAD_CREDENTIAL_ID)],
      connections: chain('Start', KORE_NODE),
      settings: { executionOrder: 'v1' },
    },
  ];
}

/** Every table of n8n's database as JSON, read with n8n's own sqlite3 on Node 24. */
async function dumpDatabase(): Promise<string> {
  const script = `
    const sqlite3 = require(${JSON.stringify(join(folder.host, 'n8n/node_modules/sqlite3'))});
    const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
    const all = (sql) => new Promise((ok, ko) => db.all(sql, (e, rows) => (e ? ko(e) : ok(rows))));
    (async () => {
      const out = {};
      for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table'")) out[name] = await all('SELECT * FROM "' + name + '"');
      process.stdout.write(JSON.stringify(out));
      db.close();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const result = await folder.run('sqlite dump', join(nodeBinDir(folder.host), 'node'), ['-e', script, join(folder.path, '.n8n/database.sqlite')]);
  expectOk(result);
  return result.stdout;
}

function filesUnder(dir: string, skip: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path, skip));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}

beforeAll(async () => {
  // run-e2e.sh installs the host and passes it in KORE_N8N_HOST; without it, this installs it (once).
  folder = await N8nUserFolder.create(await ensureN8nHost(), 'e2e');
  sim = await startKoreSim({
    bots: [
      { botId: 'st-e2e-finished', trainingMs: 1500, outcome: 'finished', staleMs: 300 },
      { botId: 'st-e2e-failed', trainingMs: 1500, outcome: 'failed', staleMs: 300 },
      { botId: 'st-e2e-long', trainingMs: 3_600_000 },
    ],
  });

  const { files, manifest } = await folder.installPackage();
  expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/nodes/KoreAiMlTraining/KoreAiMlTraining.node.js', 'dist/credentials/KoreAiApi.credentials.js']));
  expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
  expect(manifest.dependencies ?? {}).toEqual({});

  // Plain credential JSON: n8n encrypts it on import. The file is removed right after.
  const data = (clientSecret: string) => ({ host: 'custom', customHost: sim.url, clientId: sim.clientId, algorithm: 'HS256', clientSecret, uniqueJti: false, claims: '{}' });
  await folder.importCredentials([
    { id: CREDENTIAL_ID, name: 'Kore.ai (sim)', type: CREDENTIAL_TYPE, data: data(sim.clientSecret) },
    { id: BAD_CREDENTIAL_ID, name: 'Kore.ai (wrong secret)', type: CREDENTIAL_TYPE, data: data(WRONG_SECRET) },
  ]);
  await folder.importWorkflows(workflows());
}, 10 * 60 * 1000);

afterAll(async () => {
  await sim?.close();
  if (!folder) return;
  const keep = failed || process.env.KORE_N8N_E2E_KEEP === '1';
  if (keep) folder.writeLogs();
  else folder.remove();
  process.stderr.write(['', '[n8n-e2e] steps:', ...folder.summary.map((line) => `  ${line}`), keep ? `  (user folder kept: ${folder.path})` : '', ''].join('\n'));
});

const guard = failureGuard(() => (failed = true));

it(
  'runs the packed package in n8n: Finished goes to the first output, Failed to the "Failed" output',
  guard(async () => {
    const result = await n8n('n8n execute (train and wait, 2 bots)', 'execute', '--id=koreE2eTrainWait', '--rawOutput');
    expectOk(result);
    const runData = parseRun(result.stdout).data.resultData.runData;
    const main = runData[KORE_NODE]?.[0]?.data?.main ?? [];
    expect(main).toHaveLength(2);
    const [finished, failedOut] = main;
    expect(finished).toHaveLength(1);
    expect(finished![0]!.json).toMatchObject({ botId: 'st-e2e-finished', outcome: 'finished', trainingStatus: 'Finished', trainingId: expect.any(String) });
    expect(failedOut).toHaveLength(1);
    expect(failedOut![0]!.json).toMatchObject({ botId: 'st-e2e-failed', outcome: 'failed', trainingStatus: 'Failed' });
    // Through n8n's HTTP helper, with a token the simulator accepted, for both bots.
    for (const botId of ['st-e2e-finished', 'st-e2e-failed']) {
      const requests = sim.requests.filter((r) => r.botId === botId);
      expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(requests.every((r) => r.authOk)).toBe(true);
    }
    folder.summary.push(`  finished: ${JSON.stringify(finished![0]!.json.trainingStatus)}, failed: ${JSON.stringify(failedOut![0]!.json.trainingStatus)}`);
  }),
);

it(
  'stops polling at once when the workflow timeout cancels the execution',
  guard(async () => {
    sim.startTraining('st-e2e-long');
    const result = await n8n('n8n execute (wait, workflow timeout 4 s)', 'execute', '--id=koreE2eTimeout01', '--rawOutput');
    const polls = sim.requests.filter((r) => r.botId === 'st-e2e-long').map((r) => r.at);
    expect(polls.length).toBeGreaterThan(2);
    const pollingMs = polls[polls.length - 1]! - polls[0]!;
    // Polls every 0.3 s: the last one comes within a poll interval (plus slack) of the timeout.
    expect(pollingMs).toBeLessThan(EXECUTION_TIMEOUT_S * 1000 + 1500);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/timeout|cancel/i);
    const before = polls.length;
    await new Promise((done) => setTimeout(done, 1000));
    expect(sim.requests.filter((r) => r.botId === 'st-e2e-long')).toHaveLength(before);
    folder.summary.push(`  ${polls.length} polls over ${(pollingMs / 1000).toFixed(1)} s, then none (workflow timeout ${EXECUTION_TIMEOUT_S} s)`);
  }),
);

it(
  'fails with a message that points at the credential when the secret is wrong',
  guard(async () => {
    const result = await n8n('n8n execute (wrong secret)', 'execute', '--id=koreE2eBadSecret', '--rawOutput');
    expect(result.code).not.toBe(0);
    const text = `${result.stdout}\n${result.stderr}`;
    expect(text).toMatch(/Kore\.ai rejected the JWT/);
    expect(text).toMatch(/Client Secret[^"]*of the \\?"Kore\.ai API\\?" credential/);
    expect(sim.requests.some((r) => r.botId === 'st-e2e-finished' && !r.authOk)).toBe(true);
  }),
);

it(
  'runs the credential test the way the editor does: a good secret passes, a wrong one fails',
  guard(async () => {
    const server = await folder.start();
    try {
      const cookie = await setupOwner(server.url);
      const headers = { 'content-type': 'application/json', 'browser-id': BROWSER_ID };
      // As the editor does for a saved credential: its id, and the data in the dialog.
      const test = async (id: string, clientSecret: string) => {
        const response = await fetch(`${server.url}/rest/credentials/test`, {
          method: 'POST',
          headers: { ...headers, cookie },
          body: JSON.stringify({
            credentials: {
              id,
              name: 'Kore.ai (sim)',
              type: 'koreAiApi',
              data: { host: 'custom', customHost: sim.url, clientId: sim.clientId, algorithm: 'HS256', clientSecret, uniqueJti: false, claims: '{}' },
            },
          }),
        });
        if (response.status !== 200) throw new Error(`credential test: HTTP ${response.status} ${await response.text()}`);
        return ((await response.json()) as { data: { status: string; message: string } }).data;
      };
      expect(await test(CREDENTIAL_ID, sim.clientSecret)).toMatchObject({ status: 'OK', message: expect.stringMatching(/accepted/) });
      const wrong = await test(BAD_CREDENTIAL_ID, WRONG_SECRET);
      expect(wrong).toMatchObject({ status: 'Error', message: expect.stringMatching(/rejected the JWT/) });
      expect(wrong.message).not.toContain(WRONG_SECRET);
      folder.summary.push(`  credential test: good secret OK, wrong secret "${wrong.message.slice(0, 60)}…"`);
    } finally {
      await server.stop();
    }
  }),
);

it(
  'leaves neither the client secret nor a JWT in any output, log, file or database row',
  guard(async () => {
    const dump = await dumpDatabase();
    // The dump must hold the executions, or searching it proves nothing.
    expect(dump).toContain('st-e2e-finished');
    expect(dump).toContain('rejected the JWT');
    const haystacks: Array<{ what: string; text: string }> = [
      ...folder.captured.map((c) => ({ what: `${c.label} (stdout+stderr)`, text: `${c.stdout}\n${c.stderr}` })),
      { what: 'database dump', text: dump },
      ...filesUnder(join(folder.path, '.n8n'), (path) => path.includes(join('.n8n', 'nodes'))).map((path) => ({ what: path, text: readFileSync(path).toString('latin1') })),
    ];
    const scanner = new SecretScanner();
    for (const { what, text } of haystacks) scanner.add(what, text);
    expect(scanner.leaks([sim.clientSecret, WRONG_SECRET])).toEqual([]);
    folder.summary.push(`  searched ${haystacks.length} outputs, files and the database dump (${(dump.length / 1024).toFixed(0)} KiB): no secret, no JWT`);
  }),
);

it(
  'gives a wait that the workflow timeout stopped a resume token, with which a later execution finishes it',
  guard(async () => {
    const botId = 'st-e2e-resume';
    // Long enough to outlive the first execution, short enough for the resumed one to see it finish.
    sim.addBot({ botId, trainingMs: 20_000, staleMs: 300 });
    const kore = (id: string, parameters: Record<string, unknown>) =>
      node(id, KORE_NODE, NODE_TYPE, 1, [220, 0], { botId, language: '', state: 'configured', ...parameters }, { credentials: { koreAiApi: { id: CREDENTIAL_ID, name: 'Kore.ai (sim)' } } });
    const workflow = (id: string, name: string, parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) => ({
      id, name, active: false, nodes: [trigger, kore(`${id}-k`, parameters)], connections: chain('Start', KORE_NODE), settings: { executionOrder: 'v1', ...settings },
    });
    await folder.importWorkflows([
      workflow('koreE2eResume01', 'Kore.ai train and wait, stopped by the workflow timeout (e2e)', { operation: 'trainAndWait', options: { pollInterval: 0.3, maxPollInterval: 0.5, timeout: 10 } }, { executionTimeout: EXECUTION_TIMEOUT_S }),
    ]);
    const stopped = await n8n('n8n execute (train and wait, timeout stops it)', 'execute', '--id=koreE2eResume01', '--rawOutput');
    expect(sim.count({ botId, method: 'POST' })).toBe(1);
    // What n8n shows of the stopped execution: its output, and the execution it saved.
    const shown = `${stopped.stdout}\n${stopped.stderr}`;
    // This execution's saved data: earlier tests' stopped waits left tokens in the database too.
    const rows = (JSON.parse(await dumpDatabase()) as { execution_data?: Array<{ data: string; workflowData: string }> }).execution_data ?? [];
    const saved = rows.filter((row) => row.workflowData.includes('koreE2eResume01')).map((row) => row.data).join('\n');
    const token = /kt1\.[A-Za-z0-9_-]+/.exec(shown)?.[0] ?? /kt1\.[A-Za-z0-9_-]+/.exec(saved)?.[0];
    folder.summary.push(`  stopped execution: token in the output ${/kt1\./.test(shown)}, in the saved execution ${/kt1\./.test(saved)}`);
    expect(token).toBeDefined();
    expect(saved).toMatch(/Resume Token option/);

    await folder.importWorkflows([workflow('koreE2eResume02', 'Kore.ai wait, resumed (e2e)', { operation: 'waitForTraining', botId: 'st-e2e-other', options: { resumeFrom: token } })]);
    const requestsBefore = sim.count({ botId });
    const resumeStarted = performance.now();
    const resumed = expectOk(await n8n('n8n execute (wait, resumed with the token)', 'execute', '--id=koreE2eResume02', '--rawOutput'));
    const resumeMs = Math.round(performance.now() - resumeStarted);
    folder.summary.push(`  resumed execution: ${resumeMs} ms from "n8n execute" to its result (process start included), ${sim.count({ botId }) - requestsBefore} requests by the resumed wait`);
    const [out] = parseRun(resumed.stdout).data.resultData.runData[KORE_NODE]?.[0]?.data?.main ?? [];
    expect(out?.[0]?.json).toMatchObject({ botId, resumed: true, outcome: 'finished', trainingStatus: 'Finished', status: { trainDetails: { trainVersion: 2 } } });
    expect(sim.count({ botId, method: 'POST' })).toBe(1); // no second training
    expect(sim.count({ botId: 'st-e2e-other' })).toBe(0); // the bot came from the token
    const text = `${shown}\n${saved}\n${resumed.stdout}\n${resumed.stderr}`;
    expect(text).not.toContain(sim.clientSecret);
    expect(text).not.toMatch(JWT);
  }),
);
