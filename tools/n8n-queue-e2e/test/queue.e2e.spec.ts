/**
 * The Kore.ai node and trigger in n8n's queue mode: a real Redis (Debian's redis-server) and a real
 * PostgreSQL 17 on free 127.0.0.1 ports, an n8n main (`n8n start`) and a worker (`n8n worker`)
 * sharing them and the encryption key, the packed package installed in both user folders as n8n
 * installs a community package, and kore-sim as Kore.ai. Run it through scripts/run-e2e.sh.
 *
 * Which process sends a request to the simulator is told by the JWT's `sub` claim: the action
 * workflows' credential signs with sub "n8n-worker", the triggers' with sub "n8n-main-trigger".
 *
 * Every wait is on an event (a log line, a REST answer, a request reaching the simulator, a process
 * exit) with a generous deadline as a safety net. The only fixed windows are the short observation
 * periods that show something does NOT happen (no request after a stop).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKoreSim, type KoreSim, type RecordedRequest } from '@kore-train/kore-sim';
import { failureGuard, freePort, SecretScanner } from '@kore-train/testkit';
import { CREDENTIAL_TYPE, ensureN8nHost, N8nUserFolder, setupOwner, type N8nServer } from '../../n8n-e2e/src/harness';
import { GRACEFUL_SHUTDOWN_S, queueEnv, startWorker, type Worker } from '../src/n8n-queue';
import { startPostgres, type Postgres } from '../src/postgres';
import { filesUnder } from '../src/files';
import { eventually, tail } from '../src/processes';
import { startRedis, type Redis } from '../src/redis';
import { login, N8nRest, webhookRegistered, type ExecutionSummary } from '../src/rest';
import { PATHS, startWorkflow, trainAndWaitWorkflow, triggerWorkflow, waitWorkflow } from '../src/workflows';

const WORKER_SUB = 'n8n-worker';
const TRIGGER_SUB = 'n8n-main-trigger';
const TRAINING_MS = 4000;
const CONCURRENT = 5;
const LONG_MS = 600_000;
const BOTS = {
  one: 'st-q-one',
  concurrent: Array.from({ length: CONCURRENT }, (_v, i) => `st-q-conc-${i + 1}`),
  stop: 'st-q-stop',
  trigger: 'st-q-trigger',
  restart: 'st-q-restart',
};

const started = Date.now();
const evidence: string[] = [];
const note = (line: string): void => {
  evidence.push(line);
  process.stderr.write(`[n8n-queue-e2e] ${line}\n`);
};

let sim: KoreSim;
let redis: Redis | undefined;
let postgres: Postgres | undefined;
let mainFolder: N8nUserFolder | undefined;
let workerFolder: N8nUserFolder | undefined;
let main: N8nServer | undefined;
let rest: N8nRest;
const workers: Worker[] = [];
const redisSnapshots: Array<{ label: string; entries: Array<{ key: string; value: string }> }> = [];
let failed = false;
/** Time of one webhook-started Train and Wait, for the concurrency comparison. */
let singleMs = 0;
const ids: Record<'trainAndWait' | 'wait' | 'start' | 'trigger' | 'restart', string> = { trainAndWait: '', wait: '', start: '', trigger: '', restart: '' };

function requestsOf(botId: string, sub: string, filter: (r: RecordedRequest) => boolean = () => true): RecordedRequest[] {
  return sim.requests.filter((r) => r.botId === botId && r.claims?.sub === sub && filter(r));
}

/** Resolves once the simulator has seen a request matching `filter` (arriving from now on or already). */
function requestSeen(what: string, filter: (r: RecordedRequest) => boolean, timeoutMs = 30_000): Promise<RecordedRequest> {
  return eventually(what, () => sim.requests.find(filter), timeoutMs, 50);
}

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const t = Date.now();
  const response = await fetch(`${main!.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, json, ms: Date.now() - t };
}

/** The executions of a workflow once `predicate` holds for them (polling the REST API). */
function executionsWhen(workflowId: string, what: string, predicate: (list: ExecutionSummary[]) => boolean, timeoutMs = 60_000): Promise<ExecutionSummary[]> {
  return eventually(what, async () => {
    const list = await rest.executions(workflowId);
    return predicate(list) ? list : undefined;
  }, timeoutMs, 250);
}

function statusWhen(id: string, what: string, predicate: (status: string) => boolean, timeoutMs = 60_000): Promise<ExecutionSummary> {
  return eventually(what, async () => {
    const execution = await rest.execution(id);
    return predicate(execution.status) ? execution : undefined;
  }, timeoutMs, 250);
}

const workerLog = (worker: Worker): string => `${worker.output.stdout}\n${worker.output.stderr}`;
const mainLog = (): string => `${main!.output.stdout}\n${main!.output.stderr}`;

beforeAll(async () => {
  try {
    const host = await ensureN8nHost();
    [redis, postgres] = await Promise.all([startRedis(), startPostgres(host)]);
    note(`set-up: redis-server ${redis.port}, PostgreSQL ${/PostgreSQL (\d+\.\d+)/.exec(postgres.service.output.stderr + postgres.service.output.stdout)?.[1] ?? '17'} on ${postgres.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    sim = await startKoreSim({
      bots: [
        { botId: BOTS.one, trainingMs: TRAINING_MS, staleMs: 300 },
        ...BOTS.concurrent.map((botId) => ({ botId, trainingMs: TRAINING_MS, staleMs: 300 })),
        { botId: BOTS.stop, trainingMs: LONG_MS },
        { botId: BOTS.trigger, trainingMs: 3000 },
        // No stale window: the Wait for Training started right after Start Training must see Inprogress.
        { botId: BOTS.restart, trainingMs: LONG_MS, staleMs: 0 },
      ],
    });

    const env = queueEnv(redis, postgres);
    mainFolder = await N8nUserFolder.create(host, 'queue-main');
    workerFolder = await N8nUserFolder.create(host, 'queue-worker');
    Object.assign(mainFolder.env, env);
    Object.assign(workerFolder.env, env);
    await mainFolder.installPackage();
    await workerFolder.installPackage();
    main = await mainFolder.start({ QUEUE_HEALTH_CHECK_PORT: String(await freePort()) }, 180_000);
    workers.push(await startWorker(workerFolder, 'worker-1', 10));
    note(`set-up: n8n main ${main.url} and worker-1 ready (${((Date.now() - started) / 1000).toFixed(1)} s since start)`);

    rest = new N8nRest(main.url, await setupOwner(main.url));
    const data = (sub: string) => ({
      host: 'custom', customHost: sim.url, clientId: sim.clientId, algorithm: 'HS256', clientSecret: sim.clientSecret, uniqueJti: false, claims: JSON.stringify({ sub }),
    });
    const workerCredential = { id: await rest.createCredential('Kore.ai (workers)', CREDENTIAL_TYPE, data(WORKER_SUB)), name: 'Kore.ai (workers)' };
    const triggerCredential = { id: await rest.createCredential('Kore.ai (trigger)', CREDENTIAL_TYPE, data(TRIGGER_SUB)), name: 'Kore.ai (trigger)' };

    const actions = [
      ['trainAndWait', trainAndWaitWorkflow(workerCredential), PATHS.trainAndWait],
      ['wait', waitWorkflow(workerCredential), PATHS.wait],
      ['start', startWorkflow(workerCredential), PATHS.start],
    ] as const;
    for (const [key, workflow, path] of actions) {
      const created = await rest.createWorkflow(workflow);
      ids[key] = created.id;
      await rest.activate(created);
      // n8n registers the production webhook a moment after activation answers.
      await eventually(`webhook /${path} registered`, async () => ((await webhookRegistered(main!.url, path)) ? true : undefined), 30_000, 100);
    }
    for (const [key, botId] of [['trigger', BOTS.trigger], ['restart', BOTS.restart]] as const) {
      const created = await rest.createWorkflow(triggerWorkflow(`Queue e2e: trigger (${botId})`, triggerCredential, botId));
      ids[key] = created.id;
      await rest.activate(created);
      // The first poll records the baseline (this bot's last training ended before): wait for it.
      await requestSeen(`first poll of the ${botId} trigger`, (r) => r.botId === botId && r.claims?.sub === TRIGGER_SUB);
    }
    note(`set-up: owner, 2 credentials, 3 webhook workflows (registered) and 2 trigger workflows (baselines polled) in ${((Date.now() - started) / 1000).toFixed(1)} s since start`);
  } catch (error) {
    failed = true;
    throw error;
  }
}, 15 * 60_000);

afterAll(async () => {
  const keep = failed || process.env.KORE_N8N_E2E_KEEP === '1';
  for (const worker of workers) await worker.stop('SIGTERM', 20_000);
  await main?.stop();
  await sim?.close();
  await redis?.stop();
  await postgres?.stop();
  if (keep) {
    mainFolder?.writeLogs();
    workers.forEach((w) => writeFileSync(join(workerFolder!.path, `${w.label}.log`), tail(w.output, 5_000_000)));
  } else {
    mainFolder?.remove();
    workerFolder?.remove();
  }
  process.stderr.write(
    ['', '[n8n-queue-e2e] evidence:', ...evidence.map((line) => `  ${line}`), `  total ${((Date.now() - started) / 1000).toFixed(1)} s`, keep ? `  (kept: ${mainFolder?.path}, ${workerFolder?.path})` : '', ''].join('\n'),
  );
}, 120_000);

const guard = failureGuard(() => (failed = true));

it(
  'runs a webhook-started Train and Wait on the worker and answers Finished',
  guard(async () => {
    const answer = await post(PATHS.trainAndWait, { botId: BOTS.one });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ botId: BOTS.one, outcome: 'finished', trainingStatus: 'Finished', trainingId: expect.any(String) });
    const [execution] = await executionsWhen(ids.trainAndWait, 'train-and-wait execution recorded', (list) => list.some((e) => e.status === 'success'));
    const worker = workers[0]!;
    // The worker's own record: it started and finished this execution; the main only enqueued it.
    expect(workerLog(worker)).toMatch(new RegExp(`Worker started execution ${execution!.id} \\(job \\d+\\)`));
    expect(workerLog(worker)).toMatch(new RegExp(`Worker finished execution ${execution!.id} \\(job \\d+\\)`));
    expect(mainLog()).toMatch(new RegExp(`Enqueued execution ${execution!.id} \\(job \\d+\\)`));
    expect(mainLog()).not.toMatch(new RegExp(`Worker started execution ${execution!.id}\\b`));
    expect(requestsOf(BOTS.one, WORKER_SUB).filter((r) => r.method === 'POST')).toHaveLength(1);
    singleMs = answer.ms;
    note(`A train-and-wait: HTTP 200 ${JSON.stringify({ trainingStatus: answer.json.trainingStatus, outcome: answer.json.outcome })} in ${(answer.ms / 1000).toFixed(2)} s; execution ${execution!.id} mode=${execution!.mode} status=${execution!.status}; worker-1 log: "Worker started/finished execution ${execution!.id}", main log: "Enqueued execution ${execution!.id}"`);
  }),
);


it(
  `runs ${CONCURRENT} concurrent executions in less than twice the time of one`,
  guard(async () => {
    expect(singleMs).toBeGreaterThan(TRAINING_MS);
    const t = Date.now();
    const answers = await Promise.all(BOTS.concurrent.map((botId) => post(PATHS.trainAndWait, { botId })));
    const totalMs = Date.now() - t;
    answers.forEach((answer, i) => expect(answer.json).toMatchObject({ botId: BOTS.concurrent[i], trainingStatus: 'Finished' }));
    expect(totalMs).toBeLessThan(2 * singleMs);
    // They overlapped on the worker: every POST came before the first training could end.
    const posts = BOTS.concurrent.map((botId) => requestsOf(botId, WORKER_SUB, (r) => r.method === 'POST')[0]!.at);
    expect(Math.max(...posts) - Math.min(...posts)).toBeLessThan(TRAINING_MS);
    const startedLines = workerLog(workers[0]!).match(/Worker started execution \d+/g) ?? [];
    expect(startedLines.length).toBeGreaterThanOrEqual(1 + CONCURRENT);
    note(`B concurrency: ${CONCURRENT} executions in ${(totalMs / 1000).toFixed(2)} s vs ${(singleMs / 1000).toFixed(2)} s for one (ratio ${(totalMs / singleMs).toFixed(2)}, limit 2); POSTs to Kore.ai within ${Math.max(...posts) - Math.min(...posts)} ms of each other`);
  }),
);

it(
  'stops a running wait from the main (REST): the worker polls no more within 2 s',
  guard(async () => {
    sim.startTraining(BOTS.stop);
    const answer = await post(PATHS.wait, { botId: BOTS.stop });
    expect(answer.status).toBe(200);
    await requestSeen('worker polling the stop bot', (r) => r.botId === BOTS.stop && r.claims?.sub === WORKER_SUB);
    const [running] = await executionsWhen(ids.wait, 'wait execution running', (list) => list.some((e) => e.status === 'running'));
    // A look at Redis while the job is active: the scan below searches it too.
    redisSnapshots.push({ label: 'redis during a running wait', entries: await redis!.dumpAll() });
    await requestSeen('a few polls', () => requestsOf(BOTS.stop, WORKER_SUB).length >= 3);

    const stopAt = Date.now();
    await rest.stop(running!.id);
    const stopped = await statusWhen(running!.id, 'execution canceled', (status) => status !== 'running' && status !== 'new');
    const statusAt = Date.now();
    const lastBeforeWindow = Math.max(...requestsOf(BOTS.stop, WORKER_SUB).map((r) => r.at));
    // Observation window: polls were every 200 ms, so 1.5 s without one shows the loop is gone.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const polls = requestsOf(BOTS.stop, WORKER_SUB);
    const last = Math.max(...polls.map((r) => r.at));
    expect(last).toBe(lastBeforeWindow);
    expect(last - stopAt).toBeLessThan(2000);
    expect(stopped.status).toBe('canceled');
    note(`C stop: POST /rest/executions/${running!.id}/stop; status "${stopped.status}" after ${statusAt - stopAt} ms; last poll ${last - stopAt} ms after the stop call (negative: before it; limit 2000), none in the next 1.5 s; ${polls.length} polls in all`);
  }),
);

it(
  'fires the trigger (polling on the main) once for a training that ends; its workflow runs on the worker',
  guard(async () => {
    sim.startTraining(BOTS.trigger);
    const [fired] = await executionsWhen(ids.trigger, 'trigger execution', (list) => list.some((e) => e.status === 'success'), 60_000);
    expect(workerLog(workers[0]!)).toMatch(new RegExp(`Worker started execution ${fired!.id} \\(job \\d+\\)`));
    expect(mainLog()).toMatch(new RegExp(`Enqueued execution ${fired!.id} \\(job \\d+\\)`));
    const execution = await rest.execution(fired!.id);
    expect(execution.mode).toBe('trigger');
    expect(execution.data).toContain(BOTS.trigger);
    expect(execution.data).toContain('Finished');
    // Two more polls of the finished training: no second execution.
    const firedAt = Date.now();
    await requestSeen('two more trigger polls', () => requestsOf(BOTS.trigger, TRIGGER_SUB, (r) => r.at > firedAt).length >= 2, 30_000);
    const all = await rest.executions(ids.trigger);
    expect(all).toHaveLength(1);
    note(`D trigger: ${requestsOf(BOTS.trigger, TRIGGER_SUB).length} trigger polls (sub ${TRIGGER_SUB}); execution ${fired!.id} mode=${execution.mode} status=${fired!.status}, worker-1 log "Worker started execution ${fired!.id}"; still ${all.length} execution after 2 more polls`);
  }),
);

it(
  'SIGTERM to a worker mid-wait: it waits the graceful-shutdown timeout, exits, sends nothing after; the trigger still delivers the end of the training to a new worker',
  guard(async () => {
    const worker = workers[0]!;
    // The restart-proof pattern: one workflow starts the training, the trigger follows its end.
    const startAnswer = await post(PATHS.start, { botId: BOTS.restart });
    expect(startAnswer.json).toMatchObject({ botId: BOTS.restart, trainingId: expect.any(String) });
    // And the in-node way, for comparison: Wait for Training on the worker.
    await post(PATHS.wait, { botId: BOTS.restart });
    await requestSeen('worker polling the restart bot', (r) => r.botId === BOTS.restart && r.claims?.sub === WORKER_SUB && r.method === 'GET');
    const [waiting] = await executionsWhen(ids.wait, 'second wait execution running', (list) => list.some((e) => e.status === 'running'));

    const sigtermAt = Date.now();
    worker.process.kill('SIGTERM');
    let safety: NodeJS.Timeout | undefined;
    const code = await Promise.race([worker.exited, new Promise((resolve) => (safety = setTimeout(() => resolve('still running'), (GRACEFUL_SHUTDOWN_S + 30) * 1000)))]);
    clearTimeout(safety);
    expect(code).not.toBe('still running');
    const exitAt = worker.exitedAt!;
    const during = requestsOf(BOTS.restart, WORKER_SUB, (r) => r.at >= sigtermAt && r.method === 'GET');
    const lastWorkerRequest = Math.max(...requestsOf(BOTS.restart, WORKER_SUB).map((r) => r.at));
    const shutdownLog = [...new Set(workerLog(worker).split('\n').map((line) => line.trim()).filter((line) => /Stopping worker|Waiting for \d+ active|Drain timeout|Cancelled \d+|Shutdown timed out/i.test(line)))];
    const afterExit = await rest.execution(waiting!.id);
    note(`E SIGTERM: worker-1 exited (${String(code)}) ${((exitAt - sigtermAt) / 1000).toFixed(1)} s after SIGTERM (N8N_GRACEFUL_SHUTDOWN_TIMEOUT=${GRACEFUL_SHUTDOWN_S}); the wait polled ${during.length} times during the shutdown; last request ${exitAt - lastWorkerRequest} ms before the exit; execution ${waiting!.id} status right after: "${afterExit.status}"`);
    shutdownLog.forEach((line) => note(`  worker-1 log: ${line.slice(0, 200)}`));
    expect(exitAt - sigtermAt).toBeGreaterThanOrEqual(GRACEFUL_SHUTDOWN_S * 1000 * 0.8 - 500);
    expect(lastWorkerRequest).toBeLessThanOrEqual(exitAt);

    // The training ends while no worker runs: the trigger, on the main, sees it and enqueues.
    sim.updateBot(BOTS.restart, { trainingMs: 0 });
    const endedAt = Date.now();
    const [queued] = await executionsWhen(ids.restart, 'trigger fired with no worker running', (list) => list.length === 1, 30_000);
    expect(queued!.status).not.toBe('success');
    const triggerPollsWithoutWorker = requestsOf(BOTS.restart, TRIGGER_SUB, (r) => r.at > exitAt).length;
    expect(triggerPollsWithoutWorker).toBeGreaterThan(0);
    note(`E trigger: training ended ${((endedAt - exitAt) / 1000).toFixed(1)} s after worker-1 exited; ${triggerPollsWithoutWorker} trigger polls from the main since; execution ${queued!.id} enqueued with status "${queued!.status}" and no worker alive`);

    const replacement = await startWorker(workerFolder!, 'worker-2', 10);
    workers.push(replacement);
    const delivered = await statusWhen(queued!.id, 'trigger execution run by worker-2', (status) => status === 'success', 60_000);
    expect(workerLog(replacement)).toMatch(new RegExp(`Worker started execution ${queued!.id} \\(job \\d+\\)`));
    const data = (await rest.execution(queued!.id)).data ?? '';
    expect(data).toContain(BOTS.restart);
    expect(data).toContain('Finished');
    note(`E delivered: worker-2 ran trigger execution ${queued!.id} (status ${delivered.status}); worker-2 log "Worker started execution ${queued!.id}"`);

    // Nothing from worker-1 after it exited; worker-2 did not pick the interrupted wait up again.
    expect(requestsOf(BOTS.restart, WORKER_SUB, (r) => r.at > exitAt)).toEqual([]);
    // n8n does not resume it: the new worker's start marks it crashed.
    const interrupted = await statusWhen(waiting!.id, 'interrupted wait marked crashed', (status) => status !== 'running' && status !== 'new');
    note(`E interrupted wait: execution ${waiting!.id} status "${interrupted.status}" after worker-2 started`);
    expect(interrupted.status).toBe('crashed');

    const firedAt = Date.now();
    await requestSeen('two more trigger polls', () => requestsOf(BOTS.restart, TRIGGER_SUB, (r) => r.at > firedAt).length >= 2, 30_000);
    expect(await rest.executions(ids.restart)).toHaveLength(1);
  }),
);

it(
  'the trigger survives a restart of the main: a training that ends while the main is down fires once when it is back',
  guard(async () => {
    // What the trigger keeps is in PostgreSQL (n8n saved it when the trigger fired).
    const [stored] = await postgres!.query('SELECT "staticData" FROM workflow_entity WHERE id = $1', [ids.trigger]);
    const storedText = JSON.stringify(stored?.staticData);
    expect(storedText).toContain(`${BOTS.trigger}||configured`);
    expect(storedText).toMatch(/"trainVersion":2/);

    const stopAt = Date.now();
    await main!.stop();
    const downMs = Date.now() - stopAt;
    // A training runs and ends while the main (and so the trigger) is down.
    sim.startTraining(BOTS.trigger);
    sim.updateBot(BOTS.trigger, { trainingMs: 0 });
    const restartAt = Date.now();
    main = await mainFolder!.start({ QUEUE_HEALTH_CHECK_PORT: String(await freePort()) }, 180_000);
    rest = new N8nRest(main.url, await login(main.url));
    const list = await executionsWhen(ids.trigger, 'trigger fired after the restart', (l) => l.length === 2 && l.every((e) => e.status === 'success'), 60_000);
    const latest = list.map((e) => Number(e.id)).sort((a, b) => b - a)[0]!;
    const data = (await rest.execution(String(latest))).data ?? '';
    expect(data).toContain('Finished');
    expect(workerLog(workers[workers.length - 1]!)).toMatch(new RegExp(`Worker started execution ${latest} \\(job \\d+\\)`));
    // No second event for it, nor again for the training that fired before the restart.
    const firedAt = Date.now();
    await requestSeen('two more trigger polls', () => requestsOf(BOTS.trigger, TRIGGER_SUB, (r) => r.at > firedAt).length >= 2, 30_000);
    expect(await rest.executions(ids.trigger)).toHaveLength(2);
    note(`G main restart: static data in PostgreSQL ${storedText.slice(0, 120)}; main down ${(downMs / 1000).toFixed(1)} s, back in ${((Date.now() - restartAt) / 1000).toFixed(1)} s; the training that ended meanwhile fired once (execution ${latest}, run by ${workers[workers.length - 1]!.label}); 2 executions in all after 2 more polls`);
  }),
);

it(
  'leaves neither the client secret nor a JWT in PostgreSQL, Redis, or the logs of the main and the workers',
  guard(async () => {
    const scanner = new SecretScanner();
    const dump = await postgres!.dumpAll();
    // The dump must hold the executions and credentials, or searching it proves nothing.
    expect(dump.text).toContain(BOTS.one);
    expect(dump.text).toContain('credentials_entity');
    expect(dump.text).toContain('trainingStatus');
    expect(dump.text).toContain('Finished');
    scanner.add('PostgreSQL (every row of every table)', dump.text);
    redisSnapshots.push({ label: 'redis at the end', entries: await redis!.dumpAll() });
    for (const snapshot of redisSnapshots) {
      expect(snapshot.entries.length).toBeGreaterThan(0);
      for (const { key, value } of snapshot.entries) scanner.add(`${snapshot.label}: ${key}`, `${key}\n${value}`);
    }
    const logs = [
      { label: 'main (n8n start)', text: mainLog() },
      ...workers.map((w) => ({ label: w.label, text: workerLog(w) })),
      ...mainFolder!.captured.map((c) => ({ label: `main folder: ${c.label}`, text: `${c.stdout}\n${c.stderr}` })),
      ...workerFolder!.captured.map((c) => ({ label: `worker folder: ${c.label}`, text: `${c.stdout}\n${c.stderr}` })),
    ];
    for (const log of logs) scanner.add(log.label, log.text);
    // And whatever n8n wrote into the user folders (config, event logs), the installed package aside.
    const files = [mainFolder!, workerFolder!].flatMap((folder) => filesUnder(join(folder.path, '.n8n'), (path) => path.includes(join('.n8n', 'nodes'))));
    for (const file of files) scanner.add(file.path, file.text);
    expect(mainLog()).toMatch(/Enqueued execution/);
    expect(logs.every((l) => l.label.startsWith('main') || l.label.includes('folder') || /Worker started execution/.test(l.text))).toBe(true);
    expect(scanner.leaks([sim.clientSecret])).toEqual([]);
    const activeKeys = redisSnapshots[0]!.entries.map((e) => e.key);
    // The running job was in Redis during the wait: its keys were part of the first snapshot.
    const jobKeys = activeKeys.filter((key) => /^bull:jobs:\d+$/.test(key));
    expect(jobKeys.length).toBeGreaterThan(0);
    note(`F secrets: searched PostgreSQL (${dump.tables} tables, ${dump.rows} rows, ${(dump.text.length / 1024).toFixed(0)} KiB), Redis (${redisSnapshots.map((s) => `${s.entries.length} keys ${s.label.replace('redis ', '')}`).join(', ')}; job keys ${jobKeys.join(', ')}), ${logs.length} logs and ${files.length} files in the user folders (${(logs.reduce((n, l) => n + l.text.length, 0) / 1024).toFixed(0)} KiB): no secret, no JWT (${scanner.size} texts)`);
  }),
);
