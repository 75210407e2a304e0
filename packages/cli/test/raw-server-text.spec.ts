// The core cleans server text when it parses (issue 9); the CLI must not rely on that alone for the terminal.
// Here a fake client hands the CLI raw text, as a core without that cleaning (or a new code path) would.
import { KoreError, type KoreClient, type TrainingStatus, type WaitResult } from '@kore-train/core';
import { SignJWT } from 'jose';
import { CONTROL_BUT_NEWLINE, JWT_LIKE, run } from './capture.js';

const fake: { client?: Partial<KoreClient> } = {};

jest.mock('@kore-train/core', () => {
  const actual = jest.requireActual('@kore-train/core');
  return { ...actual, createKoreClient: () => ({ close: () => undefined, ...fake.client }) };
});

const auth = ['--host', 'https://bots.kore.example', '--client-id', 'cs-1', '--client-secret', 'fake-secret-value', '--bot', 'st-1'];
let jwt: string;
let hostile: string;
let status: TrainingStatus;

beforeAll(async () => {
  // Minted at test time: no literal JWT in the repository.
  jwt = await new SignJWT({ appId: 'cs-1' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode('test-key-0123456789abcdef0123456789'));
  hostile = `Queued\u001b[2J\r\nFORGED line\u009b31m\u2028\u202e${jwt}`;
  status = { trainingStatus: hostile, allInSync: false, outOfSync: [`isMlInSyncWith\u001b[1m${jwt}`], trainDetails: { trainVersion: hostile } } as unknown as TrainingStatus;
});

function expectSafe(text: string): void {
  expect(text).not.toMatch(CONTROL_BUT_NEWLINE);
  expect(text).not.toMatch(JWT_LIKE);
  for (const line of text.split('\n')) expect(line).not.toMatch(/^FORGED/);
  // Shown escaped, not dropped.
  expect(text).toMatch(/Queued\\{1,2}u001b\[2J/);
}

const timeout = () => new KoreError('TIMEOUT', `not done; the last status was "${hostile}"`, { lastStatus: status });

it.each([[[]], [['--json']]])('status %j', async (extra) => {
  fake.client = { getTrainingStatus: async () => status };
  const result = await run(['status', ...auth, ...extra]);
  expect(result.code).toBe(0);
  expectSafe(result.stdout);
});

it.each([[[]], [['--json']]])('train (queued only) %j', async (extra) => {
  fake.client = { startTraining: async () => ({ trainingId: hostile, message: hostile }) };
  const result = await run(['train', ...auth, ...extra]);
  expect(result.code).toBe(0);
  expectSafe(result.stdout);
});

it.each([[[]], [['--json']]])('wait: progress, then TIMEOUT %j', async (extra) => {
  fake.client = {
    waitForTraining: async (params) => {
      params.onProgress?.({ status, elapsedMs: 10 } as Parameters<NonNullable<typeof params.onProgress>>[0]);
      throw timeout();
    },
  };
  const result = await run(['wait', ...auth, ...extra]);
  expect(result.code).toBe(2);
  expectSafe(result.stdout + result.stderr);
});

it('wait: a finished result', async () => {
  fake.client = { waitForTraining: async () => ({ outcome: 'finished', status, requests: 1, elapsedMs: 5, transitions: [] }) as unknown as WaitResult };
  for (const extra of [[], ['--json']]) {
    const result = await run(['wait', ...auth, ...extra]);
    expect(result.code).toBe(0);
    expectSafe(result.stdout);
  }
});
