/** What a pending wait keeps (the storable part of a message), and how it passes to the next node instance. */
import { CONTEXT_KEY, clearHandOffs, PendingWaits, type ContextLike } from '../src/pending-waits';
import { StatusDisplay } from '../src/status-display';
import { isJsonExact, storableMessage } from '../src/storable-message';
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

describe('storableMessage', () => {
  it('keeps JSON-exact properties whole and names the ones it drops', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular['self'] = circular;
    class Socket {}
    const msg = {
      _msgid: 'm1', payload: { botId: 'st-1', list: [1, 'two', null, { deep: true }] }, ticket: 'REL-42', n: 3.5, flag: false, none: null,
      req: { socket: new Socket() }, res: circular, fn: () => 1, when: new Date(0), buf: Buffer.from('x'), nan: Number.NaN,
      undef: undefined, big: BigInt(1), sparse: [1, , 3], // eslint-disable-line no-sparse-arrays -- a hole JSON turns into null
    };
    const { msg: kept, dropped } = storableMessage(msg);
    expect(kept).toEqual({ _msgid: 'm1', payload: { botId: 'st-1', list: [1, 'two', null, { deep: true }] }, ticket: 'REL-42', n: 3.5, flag: false, none: null });
    expect(dropped).toEqual(['req', 'res', 'fn', 'when', 'buf', 'nan', 'undef', 'big', 'sparse']);
    // A copy: changing the live message later does not change what was stored.
    msg.payload.botId = 'st-2';
    expect((kept['payload'] as { botId: string }).botId).toBe('st-1');
  });

  it('judges values as JSON would give them back', () => {
    expect(isJsonExact({ a: [{ b: 'c' }] })).toBe(true);
    expect(isJsonExact(Object.create(null))).toBe(true);
    expect(isJsonExact({ a: Infinity })).toBe(false);
    expect(isJsonExact({ [Symbol('s')]: 1 })).toBe(false);
    expect(isJsonExact(new Map())).toBe(false);
  });
});

describe('PendingWaits', () => {
  const msg = () => ({ _msgid: 'm1', payload: 'go', ticket: 'REL-7', res: { close: () => undefined } });

  it('keeps each wait in the node context as JSON, with its latest token, and forgets it when it ends', () => {
    const context = new JsonContext();
    const waits = new PendingWaits('n1', context, noError);
    waits.checkpoint('w1', 'kt1.a', msg(), { mode: 'wait', botId: 'st-1' });
    waits.checkpoint('w1', 'kt1.b', msg(), { mode: 'wait', botId: 'st-1' });
    expect(JSON.parse(context.data.get(CONTEXT_KEY)!)).toEqual({
      w1: { token: 'kt1.b', kore: { mode: 'wait', botId: 'st-1' }, msg: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] },
    });
    waits.remove('w1');
    expect(context.data.has(CONTEXT_KEY)).toBe(false);
  });

  it('hands the live messages to the next instance with the same id, once', async () => {
    const context = new JsonContext();
    const live = msg();
    const first = new PendingWaits('n1', context, noError);
    first.checkpoint('w1', 'kt1.a', live, { mode: 'train' });
    expect(first.handOver()).toBe(1);
    const other = await new PendingWaits('n2', new JsonContext(), noError).takeOver();
    expect(other).toEqual([]);
    // The context still has it too (a persistent store keeps it): taken once, not twice.
    const next = new PendingWaits('n1', context, noError);
    const taken = await next.takeOver();
    expect(taken).toEqual([{ id: 'w1', token: 'kt1.a', kore: { mode: 'train' }, msg: live, dropped: [] }]);
    expect(taken[0]!.msg).toBe(live); // the live object: HTTP In's res still answers after a redeploy
    expect(await new PendingWaits('n1', new JsonContext(), noError).takeOver()).toEqual([]);
    expect(next.size).toBe(1);
  });

  it('after a restart (no hand-off), resumes from the context store with the stored part of the message', async () => {
    const context = new JsonContext();
    new PendingWaits('n1', context, noError).checkpoint('w1', 'kt1.a', msg(), { mode: 'wait' });
    clearHandOffs(); // a new process
    const taken = await new PendingWaits('n1', context, noError).takeOver();
    expect(taken).toEqual([{ id: 'w1', token: 'kt1.a', kore: { mode: 'wait' }, msg: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] }]);
  });

  it('a removed node keeps nothing: neither hand-off nor context', async () => {
    const context = new JsonContext();
    const waits = new PendingWaits('n1', context, noError);
    waits.checkpoint('w1', 'kt1.a', msg(), { mode: 'wait' });
    waits.forget();
    expect(context.data.size).toBe(0);
    expect(await new PendingWaits('n1', context, noError).takeOver()).toEqual([]);
  });

  it('ignores stored entries that are not waits, and reports store errors', async () => {
    const context = new JsonContext();
    context.set(CONTEXT_KEY, { w1: { token: 5 }, w2: 'x' });
    expect(await new PendingWaits('n1', context, noError).takeOver()).toEqual([]);
    const errors: string[] = [];
    const broken: ContextLike = { get: (_k, cb) => cb(new Error('disk gone'), undefined), set: (_k, _v, cb) => cb?.(new Error('disk full')) };
    const waits = new PendingWaits('n1', broken, (e) => errors.push(e.message));
    expect(await waits.takeOver()).toEqual([]);
    waits.checkpoint('w1', 'kt1.a', msg(), {});
    expect(errors).toEqual(['disk gone', 'disk full', 'disk full']);
  });
});

describe('status badge after a resume', () => {
  it('says how many waits were resumed while one of them runs, then the outcome', () => {
    const shown: Array<{ text?: string }> = [];
    const display = new StatusDisplay((s) => shown.push(s), translate, () => 0);
    const [a, b, fresh] = [{}, {}, {}];
    display.begin(a, 'waiting', true);
    expect(shown.at(-1)!.text).toBe('resumed 1 wait: waiting 0 ms');
    display.begin(b, 'waiting', true);
    display.progress(b, true);
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
