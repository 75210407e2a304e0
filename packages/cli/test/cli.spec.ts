import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { expectNoSecret, run } from './capture.js';

let sim: KoreSim;
let auth: string[];

beforeAll(async () => {
  sim = await startKoreSim({
    bots: [
      { botId: 'st-quick', trainingMs: 200, staleMs: 100 },
      { botId: 'st-failing', trainingMs: 200, outcome: 'failed', staleMs: 100 },
      { botId: 'st-slow', trainingMs: 60_000, initial: 'Inprogress' },
      { botId: 'st-noscope', scope: false },
      // Its own bot: a training left running by another test would make this one's Inprogress unseeable.
      { botId: 'st-storm', trainingMs: 1_500, staleMs: 100 },
    ],
  });
  auth = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret];
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const fast = ['--interval', '20ms', '--max-interval', '50ms'];

function expectNoSecrets(...texts: string[]): void {
  expectNoSecret(sim.clientSecret, ...texts);
}

describe('kore-train check', () => {
  it('exits 0 when Kore.ai accepts the token, having asked it', async () => {
    const result = await run(['check', ...auth]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/accepted the app's token/);
    expect(sim.requests).toHaveLength(1);
    expectNoSecrets(result.stdout, result.stderr);
  });

  it('exits 4 when Kore.ai refuses the token, and 3 for a key that cannot sign, sending nothing', async () => {
    const refused = await run(['check', '--host', sim.url, '--client-id', sim.clientId, '--client-secret', 'not-the-secret', '--json']);
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    sim.reset();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const keyFile = join(mkdtempSync(join(tmpdir(), 'kore-check-')), 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const weak = await run(['check', '--host', sim.url, '--client-id', sim.clientId, '--algorithm', 'RS256', '--private-key-file', keyFile]);
    expect(weak.code).toBe(3);
    expect(weak.stderr).toContain('2048 bits');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('kore-train status', () => {
  it('prints the status and exits 0', async () => {
    const result = await run(['status', ...auth, '--bot', 'st-quick', '--language', 'en']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^st-quick: Finished \(ML in sync, train version 1\)/);
    expect(sim.requests[0]!.query).toEqual({ language: 'en' });
  });

  it('prints one JSON document with --json', async () => {
    const result = await run(['status', ...auth, '--bot', 'st-slow', '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: true, command: 'status', botId: 'st-slow', status: { trainingStatus: 'Inprogress' } });
    expectNoSecrets(result.stdout, result.stderr);
  });
});

describe('kore-train train --wait', () => {
  it('waits past the stale Finished and exits 0 when the new training finishes', async () => {
    const result = await run(['train', ...auth, '--bot', 'st-quick', '--wait', '--json', ...fast]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: true, outcome: 'finished', training: { trainingId: expect.any(String) } });
    expect(doc.transitions.map((t: { status: string }) => t.status)).toContain('Inprogress');
    expect(doc.status.trainDetails.trainVersion).toBeGreaterThan(1);
  });

  it('exits 1 when the training fails', async () => {
    const result = await run(['train', ...auth, '--bot', 'st-failing', '--wait', ...fast]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Training of st-failing FAILED after/);
    expect(result.stderr).toMatch(/^hint: Kore\.ai reported the ML training as "Failed": open the bot's training page/m);
  });

  it('only queues without --wait', async () => {
    const result = await run(['train', ...auth, '--bot', 'st-quick']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Training of st-quick queued: \S+ \(Training Queued\.\)/);
    expect(sim.count({ method: 'POST' })).toBe(1);
  });
});

describe('kore-train wait', () => {
  it('exits 2 on timeout', async () => {
    // 1 s, not less: on a busy machine the first answer must still come within the timeout.
    const result = await run(['wait', ...auth, '--bot', 'st-slow', '--timeout', '1s', ...fast]);
    expect(result.code).toBe(2);
    // The request the deadline cut off is not reported as a failure (it did not fail).
    expect(result.stderr).toMatch(/not done within 1 s; the last status was "Inprogress" \[TIMEOUT\]/);
  });

  it('exits 130 when interrupted', async () => {
    const controller = new AbortController();
    const polled = sim.nextRequest({ botId: 'st-slow' });
    const running = run(['wait', ...auth, '--bot', 'st-slow', ...fast], controller.signal);
    await polled;
    controller.abort();
    expect((await running).code).toBe(130);
  });

  it('exits 3 on invalid input, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['wait', ...auth, '--bot', 'st-quick', '--timeout', 'soon'], /--timeout must be a duration such as 500ms, 30s, 5m or 2h \(got "soon"\)/],
      [['wait', ...auth], /--bot is required/],
      [['status', ...auth, '--bot', 'st-quick', '--state', 'draft'], /state must be "configured" or "published"/],
      [['status', '--host', sim.url, '--client-id', 'x', '--bot', 'st-quick'], /a client secret is required: --client-secret-file <path> \("-" reads stdin\), or set KORE_CLIENT_SECRET_FILE or KORE_CLIENT_SECRET/],
      [['status', ...auth.slice(2), '--host', 'http://kore.example.com', '--bot', 'st-quick'], /host must be https/],
      [['status', ...auth, '--bot', 'st-quick', '--algorithm', 'none'], /--algorithm must be one of HS256, HS512, RS256, RS512/],
      [['frobnicate'], /unknown command; the commands are status, check, train and wait/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 3 });
      expect(result.stderr).toMatch(message);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('exits 4 when Kore.ai rejects the credentials, the scope or the bot', async () => {
    const wrong = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', 'not-the-secret'];
    const results = await Promise.all([
      run(['wait', ...wrong, '--bot', 'st-quick', '--json']),
      run(['wait', ...auth, '--bot', 'st-noscope']),
      run(['wait', ...auth, '--bot', 'st-nobody']),
    ]);
    expect(results.map((r) => r.code)).toEqual([4, 4, 4]);
    expect(JSON.parse(results[0]!.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', httpStatus: 401 } });
    expect(results[1]!.stderr).toMatch(/\[FORBIDDEN\]/);
    expect(results[2]!.stderr).toMatch(/\[NOT_FOUND\]/);
    expectNoSecrets(...results.flatMap((r) => [r.stdout, r.stderr]));
  });

  it('follows a rejection with the core\'s hint on stderr (text mode) or in the document (--json)', async () => {
    const wrong = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', 'not-the-secret'];
    const [text, json] = await Promise.all([run(['status', ...wrong, '--bot', 'st-quick']), run(['status', ...wrong, '--bot', 'st-quick', '--json'])]);
    expect(text.stderr).toMatch(/\[UNAUTHORIZED\]\nhint: Kore\.ai did not accept the signed token: check the client id, the client secret \(or private key\), the algorithm and the host\.\n$/);
    expect(JSON.parse(json.stdout).error.hint).toMatch(/^Kore\.ai did not accept the signed token/);
    expectNoSecrets(text.stderr, json.stdout);
  });

  it('exits 4 when Kore.ai answers 400 (BAD_REQUEST: a language the bot does not have), unlike local invalid input (3)', async () => {
    const result = await run(['status', ...auth, '--bot', 'st-quick', '--language', 'de']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/\[BAD_REQUEST\]$/m);
    expect(sim.requests.map((r) => r.answeredStatus)).toEqual([400]);
  });

  it('exits 5 on a non-JSON answer or an unreachable host', async () => {
    sim.injectFault({ kind: 'non-json' });
    const garbled = await run(['status', ...auth, '--bot', 'st-quick']);
    expect(garbled.code).toBe(5);
    expect(garbled.stderr).toMatch(/not JSON .*\[BAD_RESPONSE\]/);
    const unreachable = await run(['status', '--host', 'http://127.0.0.1:1', '--client-id', 'x', '--client-secret', 'y', '--bot', 'st-quick']);
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toMatch(/refused \[NETWORK\]/);
  });

  it('retries a 429 storm and still finishes', async () => {
    sim.injectFault({ kind: 'rate-limit', retryAfterSeconds: 0, times: 3, path: 'status' });
    const result = await run(['train', ...auth, '--bot', 'st-storm', '--wait', ...fast]);
    expect(result.code).toBe(0);
    expect(sim.requests.filter((r) => r.fault === 'rate-limit')).toHaveLength(3);
  });
});
