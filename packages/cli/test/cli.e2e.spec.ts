// The built CLI as a user runs it: a real process, credentials from the environment.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { expectNoSecret } from './capture.js';
import { koreProcess, type Exit, type KoreOptions } from './cli-process.js';

let sim: KoreSim;

beforeAll(async () => {
  sim = await startKoreSim({
    bots: [
      { botId: 'st-quick', trainingMs: 300, staleMs: 150 },
      { botId: 'st-failing', trainingMs: 200, outcome: 'failed' },
      { botId: 'st-slow', trainingMs: 600_000, initial: 'Inprogress' },
    ],
  });
});
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kore-cli-e2e-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const kore = (args: string[], options: KoreOptions = {}): Promise<Exit> => koreProcess(sim, args, options);

function clean(exit: Exit): Exit {
  expectNoSecret(sim.clientSecret, exit.stdout, exit.stderr);
  return exit;
}

const fast = ['--interval', '50ms', '--max-interval', '100ms'];

it('npx kore-train --help works from the repository root', async () => {
  const exit = await kore(['--help'], { command: ['npx', '--no-install', 'kore-train'] });
  expect(exit.code).toBe(0);
  expect(exit.stdout).toMatch(/Usage: kore-train/);
  expect(exit.stdout).toMatch(/--client-secret-file <path> or KORE_CLIENT_SECRET_FILE/);
  expect(exit.stdout).toMatch(/143 terminated \(SIGTERM\)/);
});

it('train --wait exits 0 with progress on stderr and the result on stdout', async () => {
  const exit = clean(await kore(['train', '--bot', 'st-quick', '--wait', ...fast]));
  expect(exit.code).toBe(0);
  expect(exit.stderr).toMatch(/Training st-quick…\n(.*\n)*.*Inprogress/);
  expect(exit.stdout).toMatch(/Training of st-quick finished after/);
});

it('wait --json exits 1 on a failed training with one JSON document', async () => {
  sim.startTraining('st-failing');
  const exit = clean(await kore(['wait', '--bot', 'st-failing', '--json', ...fast]));
  expect(exit.code).toBe(1);
  expect(JSON.parse(exit.stdout)).toMatchObject({ ok: false, outcome: 'failed' });
});

it.each([
  [2, ['wait', '--bot', 'st-slow', '--timeout', '200ms', ...fast]],
  [3, ['wait', '--bot', 'st-slow', '--interval', 'often']],
  [4, ['status', '--bot', 'st-unknown']],
  [4, ['status', '--bot', 'st-quick', '--language', 'de']],
])('exits %i', async (code, args) => {
  expect(clean(await kore(args)).code).toBe(code);
});

it('exits 4 on a wrong secret without printing either secret', async () => {
  const exit = await kore(['status', '--bot', 'st-quick', '--json'], { env: { KORE_CLIENT_SECRET: 'wrong-secret-value' } });
  expect(exit.code).toBe(4);
  expect(exit.stdout + exit.stderr).not.toContain('wrong-secret-value');
  clean(exit);
});

it('exits 5 when the host does not answer', async () => {
  expect((await kore(['status', '--bot', 'st-quick'], { env: { KORE_HOST: 'http://127.0.0.1:1' } })).code).toBe(5);
});

it.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('exits on %s with %i while waiting, naming the signal, with no request after it', async (signal, code) => {
  sim.reset();
  let sent = false;
  // With a one-hour interval, the wait sleeps after its first poll: only the signal can end it early.
  const exit = clean(await kore(['wait', '--bot', 'st-slow', '--interval', '1h'], {
    onStderr: (text, child) => {
      if (!sent && /Inprogress/.test(text)) {
        sent = true;
        child.kill(signal);
      }
    },
  }));
  expect(exit.code).toBe(code);
  expect(exit.stderr).toMatch(new RegExp(`^kore-train: .*interrupted by ${signal}.* \\[ABORTED\\]$`, 'm'));
  expect(sim.count({ botId: 'st-slow' })).toBe(1);
});

it('exits 143 on SIGTERM with a request in flight, which stays the last request', async () => {
  sim.reset();
  sim.injectFault({ kind: 'hang', botId: 'st-slow' });
  const held = sim.nextRequest({ botId: 'st-slow' });
  let child: ChildProcess | undefined;
  const exiting = kore(['wait', '--bot', 'st-slow', '--json'], { onSpawn: (c) => (child = c) });
  // --json on a pipe prints no progress: the request the sim holds says the wait is under way.
  await held;
  child!.kill('SIGTERM');
  const exit = clean(await exiting);
  expect(exit.code).toBe(143);
  expect(JSON.parse(exit.stdout)).toMatchObject({ ok: false, error: { code: 'ABORTED', message: expect.stringContaining('SIGTERM') } });
  expect(sim.count({ botId: 'st-slow' })).toBe(1);
});

describe('the client secret from a file, stdin or KORE_CLIENT_SECRET_FILE (none on the command line)', () => {
  const noSecret = { KORE_CLIENT_SECRET: undefined };
  const secretFile = () => {
    const at = path.join(dir, `secret-${randomUUID()}`);
    writeFileSync(at, `${sim.clientSecret}\n`, { mode: 0o600 });
    return at;
  };

  it.each([
    ['--client-secret-file <path>', () => ({ args: ['--client-secret-file', secretFile()], options: { env: noSecret } })],
    ['--client-secret-file - (stdin)', () => ({ args: ['--client-secret-file', '-'], options: { env: noSecret, stdin: `${sim.clientSecret}\n` } })],
    ['KORE_CLIENT_SECRET_FILE', () => ({ args: [], options: { env: { ...noSecret, KORE_CLIENT_SECRET_FILE: secretFile() } } })],
  ])('%s', async (_name, setup) => {
    sim.reset();
    const { args, options } = setup();
    const exit = clean(await kore(['status', '--bot', 'st-quick', ...args], options));
    expect({ code: exit.code, stderr: exit.stderr }).toEqual({ code: 0, stderr: '' });
    expect(exit.stdout).toMatch(/^st-quick: /);
    expect(sim.requests.map((r) => r.authOk)).toEqual([true]);
  });

  it('an unreadable file is exit 3 naming the flag, without the path', async () => {
    const pasted = `pasted-${randomUUID()}`;
    const exit = clean(await kore(['status', '--bot', 'st-quick', '--client-secret-file', pasted], { env: noSecret }));
    expect(exit.code).toBe(3);
    expect(exit.stderr).toMatch(/^kore-train: --client-secret-file could not be read \(no such file\) \[INVALID_INPUT\]$/m);
    expect(exit.stderr).not.toContain(pasted);
  });
});

it.each([
  ['--opt=value', (v: string) => ['status', `--client-secert=${v}`], /unknown option --client-secert \(did you mean --client-secret\?\)/],
  ['--opt value', (v: string) => ['status', '--client-secert', v], /unknown option --client-secert \(did you mean --client-secret\?\)/],
  ['unknown command', (v: string) => [v], /unknown command; the commands are status, check, train and wait/],
  ['invalid choice', (v: string) => ['status', `--algorithm=${v}`], /--algorithm must be one of HS256, HS512, RS256, RS512/],
])('a parse error (%s) names the flag, never the value: exit 3', async (_shape, argv, message) => {
  const value = `s3cr3t-${randomUUID()}`;
  const exit = await kore(argv(value));
  expect(exit.code).toBe(3);
  expect(exit.stderr).toMatch(message);
  expect(exit.stdout + exit.stderr).not.toContain(value);
});
