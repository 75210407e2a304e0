// End to end against the built package: the `kore-sim` bin as another process would run it, and the
// CommonJS build loading the ESM-only jose. Run after `build` (the Nx e2e target depends on it).
const { spawn } = require('node:child_process');
const path = require('node:path');
const assert = require('node:assert/strict');
const { signTestToken } = require('../dist/index.js');

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');
const SECRET = 'e2e-secret-0123456789abcdef';

function start(args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  const firstLine = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 10_000);
    child.stdout.on('data', () => {
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.split('\n')[0]);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited early; stderr: ${err}`));
    });
  });
  return { child, firstLine, exited };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  // 1. Runs, prints one line with the URL and client id but not the secret, serves, stops on SIGTERM.
  const run = start(['--port', '0', '--client-id', 'e2e-app', '--bot', 'st-e2e:100ms:finished:en,de'], { KORE_SIM_CLIENT_SECRET: SECRET });
  const line = await run.firstLine;
  const match = /^kore-sim listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(line);
  assert.ok(match, `unexpected line: ${line}`);
  assert.ok(line.includes('client-id=e2e-app'), line);
  assert.ok(!line.includes(SECRET), 'the secret must not be printed without --print-secret');
  const url = match[1];
  const sim = { clientId: 'e2e-app', clientSecret: SECRET };

  const auth = await signTestToken(sim);
  const status = await fetch(`${url}/api/public/bot/st-e2e/ml/train/status?language=de`, { headers: { auth } });
  assert.equal(status.status, 200);
  assert.equal((await status.json()).trainingStatus, 'Finished');
  const train = await fetch(`${url}/api/public/bot/st-e2e/ml/train`, { method: 'POST', headers: { auth } });
  assert.equal(train.status, 200);
  assert.equal((await train.json())[0].message, 'Training Queued.');
  const bad = await fetch(`${url}/api/public/bot/st-e2e/ml/train/status`, { headers: { auth: await signTestToken({ ...sim, clientSecret: 'wrong' }) } });
  assert.equal(bad.status, 401);

  await (await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'rate-limit', retryAfterSeconds: 7 }) })).text();
  const limited = await fetch(`${url}/api/public/bot/st-e2e/ml/train/status`, { headers: { auth } });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '7');
  const recorded = await (await fetch(`${url}/__sim/requests`)).json();
  assert.deepEqual(
    recorded.map((entry) => entry.answeredStatus),
    [200, 200, 401, 429],
  );
  assert.ok(!JSON.stringify(recorded).includes(auth), 'the recording must not hold the token');

  run.child.kill('SIGTERM');
  const ended = await withTimeout(run.exited, 5000, 'stopping on SIGTERM');
  assert.equal(ended.code, 0, `exit ${ended.code} ${ended.signal}; stderr: ${ended.err}`);

  // 2. --print-secret prints the secret; SIGINT stops it too.
  const loud = start(['--print-secret', '--client-secret', SECRET]);
  assert.ok((await loud.firstLine).includes(`client-secret=${SECRET}`));
  loud.child.kill('SIGINT');
  const loudEnd = await withTimeout(loud.exited, 5000, 'stopping on SIGINT');
  assert.equal(loudEnd.code, 0, `exit ${loudEnd.code} ${loudEnd.signal}; stderr: ${loudEnd.err}`);

  // 3. A bad option exits 2 with usage on stderr.
  const wrong = start(['--bot', 'st-x:soon']);
  wrong.firstLine.catch(() => undefined);
  const failed = await withTimeout(wrong.exited, 5000, 'a usage error');
  assert.equal(failed.code, 2);
  assert.match(failed.err, /Usage: kore-sim/);

  console.log('kore-sim e2e: ok');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
