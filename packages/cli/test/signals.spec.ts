import { EventEmitter } from 'node:events';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { KoreError } from '@kore-train/core';
import { abortOnSignals, describeAbort, exitCodeForAbort, InterruptedBySignal, type SignalSource, type StopSignal } from '../src/interrupt.js';
import { run } from './capture.js';

class FakeProcess extends EventEmitter implements SignalSource {
  readonly exits: number[] = [];
  exit(code: number): never {
    this.exits.push(code);
    return undefined as never;
  }
  send(signal: StopSignal): void {
    this.emit(signal);
  }
}

describe('abortOnSignals', () => {
  it.each<[StopSignal, number]>([['SIGINT', 130], ['SIGTERM', 143]])('%s aborts with a reason naming it; a second one exits %i at once', (signal, code) => {
    const proc = new FakeProcess();
    const controller = new AbortController();
    abortOnSignals(controller, proc);
    proc.send(signal);
    expect(controller.signal.reason).toBeInstanceOf(InterruptedBySignal);
    expect((controller.signal.reason as Error).message).toBe(`interrupted by ${signal}`);
    expect(exitCodeForAbort(controller.signal)).toBe(code);
    expect(proc.exits).toEqual([]);
    proc.send(signal);
    expect(proc.exits).toEqual([code]);
  });

  it('an abort that came from elsewhere exits 130', () => {
    const controller = new AbortController();
    controller.abort();
    expect(exitCodeForAbort(controller.signal)).toBe(130);
    expect(exitCodeForAbort(undefined)).toBe(130);
  });
});

it('describeAbort names the signal when the core message does not', () => {
  const controller = new AbortController();
  controller.abort(new InterruptedBySignal('SIGTERM'));
  expect(describeAbort(new KoreError('ABORTED', 'The operation was aborted'), controller.signal).message).toBe('The operation was aborted (interrupted by SIGTERM)');
  const named = new KoreError('ABORTED', 'aborted: interrupted by SIGTERM');
  expect(describeAbort(named, controller.signal)).toBe(named);
});

describe('runCli aborted by a signal', () => {
  let sim: KoreSim;
  let auth: string[];
  beforeAll(async () => {
    sim = await startKoreSim({ bots: [{ botId: 'st-slow', trainingMs: 600_000, initial: 'Inprogress' }] });
    auth = ['--host', sim.url, '--client-id', sim.clientId, '--client-secret', sim.clientSecret];
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it.each<[StopSignal, number]>([['SIGTERM', 143], ['SIGINT', 130]])('%s while waiting: exit %i, the message names it, no request after it', async (signal, code) => {
    const controller = new AbortController();
    const firstPoll = sim.nextRequest({ botId: 'st-slow' });
    // A long interval: after the first poll the wait sleeps, and only the signal can end it early.
    const running = run(['wait', ...auth, '--bot', 'st-slow', '--interval', '1h'], controller.signal);
    await firstPoll;
    controller.abort(new InterruptedBySignal(signal));
    const result = await running;
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(new RegExp(`^kore-train: .*interrupted by ${signal}.* \\[ABORTED\\]$`, 'm'));
    expect(sim.count({ botId: 'st-slow' })).toBe(1);
  });

  it('SIGTERM with a request in flight ends it at once (exit 143)', async () => {
    sim.injectFault({ kind: 'hang', botId: 'st-slow' });
    const controller = new AbortController();
    const held = sim.nextRequest({ botId: 'st-slow' });
    const running = run(['wait', ...auth, '--bot', 'st-slow', '--json'], controller.signal);
    await held;
    controller.abort(new InterruptedBySignal('SIGTERM'));
    const result = await running;
    expect(result.code).toBe(143);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'ABORTED', message: expect.stringContaining('SIGTERM') } });
    expect(sim.count({ botId: 'st-slow' })).toBe(1);
  });
});
