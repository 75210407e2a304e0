import { abortableSleep } from '../src/abortable-sleep.js';
import { KoreError } from '../src/errors.js';

/** A host sleep that ignores its signal and resolves only when told to. */
function manualSleep(): { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; calls: number[]; release(): void } {
  const waiting: Array<() => void> = [];
  const calls: number[] = [];
  return {
    calls,
    sleep: (ms) => {
      calls.push(ms);
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

describe('abortableSleep', () => {
  it('resolves when the host sleep does, with a negative time taken as 0', async () => {
    const host = manualSleep();
    const sleep = abortableSleep(host.sleep);
    const done = sleep(-5);
    host.release();
    await expect(done).resolves.toBeUndefined();
    expect(host.calls).toEqual([0]);
  });

  it('rejects at once with ABORTED when the signal aborts, though the host sleep goes on', async () => {
    const host = manualSleep();
    const controller = new AbortController();
    const pending = abortableSleep(host.sleep)(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'KoreError', code: 'ABORTED' });
    host.release();
  });

  it('rejects without sleeping when the signal has aborted already, with its KoreError reason', async () => {
    const host = manualSleep();
    const reason = new KoreError('TIMEOUT', 'deadline');
    await expect(abortableSleep(host.sleep)(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(host.calls).toEqual([]);
  });

  it('turns the host sleep rejecting on abort into ABORTED, and passes other rejections on', async () => {
    const controller = new AbortController();
    const rejecting = abortableSleep(async (_ms, signal) => {
      await new Promise((resolve) => signal?.addEventListener('abort', resolve));
      throw new Error('host: aborted');
    });
    const pending = rejecting(1_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });

    const failing = abortableSleep(async () => {
      throw new Error('host broke');
    });
    await expect(failing(5)).rejects.toThrow('host broke');
  });

  it('leaves no listener on the signal once it resolved', async () => {
    const host = manualSleep();
    const controller = new AbortController();
    const done = abortableSleep(host.sleep)(5, controller.signal);
    host.release();
    await done;
    let rejected = false;
    controller.signal.addEventListener('abort', () => undefined);
    controller.abort();
    await done.catch(() => (rejected = true));
    expect(rejected).toBe(false);
  });
});
