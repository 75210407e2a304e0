// The built CLI as a user runs it: a real process, credentials from the environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { JWT_LIKE } from './capture.js';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/kore-train.js');
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
afterAll(() => sim.close());

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kore(args: string[], options: { env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void; command?: string[] } = {}): Promise<Exit> {
  const [command, ...prefix] = options.command ?? [process.execPath, BIN];
  const child = spawn(command!, [...prefix, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH']!, KORE_HOST: sim.url, KORE_CLIENT_ID: sim.clientId, KORE_CLIENT_SECRET: sim.clientSecret, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function clean(exit: Exit): Exit {
  expect(exit.stdout + exit.stderr).not.toContain(sim.clientSecret);
  expect(exit.stdout + exit.stderr).not.toMatch(JWT_LIKE);
  return exit;
}

const fast = ['--interval', '50ms', '--max-interval', '100ms'];

it('npx kore-train --help works from the repository root', async () => {
  const exit = await kore(['--help'], { command: ['npx', '--no-install', 'kore-train'] });
  expect(exit.code).toBe(0);
  expect(exit.stdout).toMatch(/Usage: kore-train/);
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

it('exits 130 on Ctrl-C while waiting, and sends nothing afterwards', async () => {
  let interrupted = false;
  const exit = await kore(['wait', '--bot', 'st-slow', ...fast], {
    onStderr: (text, child) => {
      if (!interrupted && /Inprogress/.test(text)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    },
  });
  expect(exit.code).toBe(130);
  const after = sim.count({ botId: 'st-slow' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sim.count({ botId: 'st-slow' })).toBe(after);
});
