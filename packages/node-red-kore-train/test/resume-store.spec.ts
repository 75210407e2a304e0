/** Pending waits in the node's context (the core's WaitJournal on Node-RED's context API), and the badge after a resume. */
import { clearHandOffs, WaitActivity, WaitJournal } from '@kore-train/core';
import { CONTEXT_KEY, contextStore, type ContextLike } from '../src/context-store';
import { statusBadge } from '../src/status-badge';
import { translate } from './helpers';
/** A context store as Node-RED's: callbacks, values kept as JSON (like localfilesystem writes them). */
class JsonContext implements ContextLike {
  data = new Map<string, string>();
  get(key: string, callback: (err: Error | null, value: unknown) => void): void {
    const text = this.data.get(key);
    callback(null, text === undefined ? undefined : JSON.parse(text));
  }
  set(key: string, value: unknown, callback?: (err?: Error | null) => void): void {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
    callback?.(null);
  }
}

const noError = (error: Error): never => {
  throw error;
};

afterEach(() => clearHandOffs());

describe('pending waits in the node context', () => {
  const msg = () => ({ _msgid: 'm1', payload: 'go', ticket: 'REL-7', res: { close: () => undefined } });

  it('keeps each wait in the node context as JSON, with its latest token, and forgets it when it ends', () => {
    const context = new JsonContext();
    const waits = new WaitJournal('n1', contextStore(context, noError));
    waits.checkpoint('w1', 'kt1.a', msg(), { mode: 'wait', botId: 'st-1' });
    waits.checkpoint('w1', 'kt1.b', msg(), { mode: 'wait', botId: 'st-1' });
    expect(JSON.parse(context.data.get(CONTEXT_KEY)!)).toEqual({
      w1: { token: 'kt1.b', meta: { mode: 'wait', botId: 'st-1' }, context: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] },
    });
    waits.remove('w1');
    expect(context.data.has(CONTEXT_KEY)).toBe(false);
  });

  it('hands the live messages to the next instance with the same id, once', async () => {
    const context = new JsonContext();
    const live = msg();
    const first = new WaitJournal('n1', contextStore(context, noError));
    first.checkpoint('w1', 'kt1.a', live, { mode: 'train' });
    expect(first.handOver()).toBe(1);
    const other = await new WaitJournal('n2', contextStore(new JsonContext(), noError)).takeOver();
    expect(other).toEqual([]);
    // The context still has it too (a persistent store keeps it): taken once, not twice.
    const next = new WaitJournal('n1', contextStore(context, noError));
    const taken = await next.takeOver();
    expect(taken).toEqual([{ id: 'w1', token: 'kt1.a', meta: { mode: 'train' }, context: live, dropped: [] }]);
    expect(taken[0]!.context).toBe(live); // the live object: HTTP In's res still answers after a redeploy
    expect(await new WaitJournal('n1', contextStore(new JsonContext(), noError)).takeOver()).toEqual([]);
    expect(next.size).toBe(1);
  });

  it('after a restart (no hand-off), resumes from the context store with the stored part of the message', async () => {
    const context = new JsonContext();
    new WaitJournal('n1', contextStore(context, noError)).checkpoint('w1', 'kt1.a', msg(), { mode: 'wait' });
    clearHandOffs(); // a new process
    const taken = await new WaitJournal('n1', contextStore(context, noError)).takeOver();
    expect(taken).toEqual([{ id: 'w1', token: 'kt1.a', meta: { mode: 'wait' }, context: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] }]);
  });

  it('a removed node keeps nothing: neither hand-off nor context', async () => {
    const context = new JsonContext();
    const waits = new WaitJournal('n1', contextStore(context, noError));
    waits.checkpoint('w1', 'kt1.a', msg(), { mode: 'wait' });
    waits.forget();
    expect(context.data.size).toBe(0);
    expect(await new WaitJournal('n1', contextStore(context, noError)).takeOver()).toEqual([]);
  });

  it('ignores stored entries that are not waits, and reports store errors', async () => {
    const context = new JsonContext();
    context.set(CONTEXT_KEY, { w1: { token: 5 }, w2: 'x' });
    expect(await new WaitJournal('n1', contextStore(context, noError)).takeOver()).toEqual([]);
    const errors: string[] = [];
    const broken: ContextLike = { get: (_k, cb) => cb(new Error('disk gone'), undefined), set: (_k, _v, cb) => cb?.(new Error('disk full')) };
    const waits = new WaitJournal('n1', contextStore(broken, (e) => errors.push(e.message)));
    expect(await waits.takeOver()).toEqual([]);
    waits.checkpoint('w1', 'kt1.a', msg(), {});
    expect(errors).toEqual(['disk gone', 'disk full', 'disk full']);
  });
});

describe('status badge after a resume', () => {
  it('says how many waits were resumed while one of them runs, then the outcome', () => {
    const shown: Array<{ text?: string }> = [];
    const display = new WaitActivity((view) => shown.push(statusBadge(view, translate)), { now: () => 0 });
    const [a, b, fresh] = [{}, {}, {}];
    display.begin(a, 'waiting', true);
    expect(shown.at(-1)!.text).toBe('resumed 1 wait: waiting 0 ms');
    display.begin(b, 'waiting', true);
    display.progress(b, { trainingStatus: 'Finished' });
    expect(shown.at(-1)!.text).toBe('resumed 2 waits: waiting 0 ms (2 waits)');
    display.begin(fresh, 'waiting');
    display.end(a, { kind: 'finished' });
    display.end(b, { kind: 'failed' });
    expect(shown.at(-1)!.text).toBe('waiting 0 ms'); // only a wait that was not resumed is left
    display.end(fresh, { kind: 'finished' });
    expect(shown.at(-1)).toEqual({ fill: 'green', shape: 'dot', text: 'finished' });
    display.close();
  });
});
