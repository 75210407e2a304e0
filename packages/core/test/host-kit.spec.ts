/**
 * The host kit for long-running hosts: `WaitJournal` (pending waits outlive their owner), `jsonExactParts`
 * (what of a host's object can be stored), `WaitActivity` (what a host shows) and `WaitJobs` (one ending per job).
 */
import { clearHandOffs, isJsonExact, jsonExactParts, WaitActivity, WaitJobs, WaitJournal, type ActivityView, type JournalStore } from '../src';

/** A store as a persistent one keeps it: JSON text. */
class JsonStore implements JournalStore {
  text: string | undefined;
  saves = 0;
  load(): Promise<unknown> {
    return Promise.resolve(this.text === undefined ? undefined : JSON.parse(this.text));
  }
  save(entries: object | undefined): void {
    this.saves++;
    this.text = entries === undefined ? undefined : JSON.stringify(entries);
  }
}

afterEach(() => clearHandOffs());

describe('jsonExactParts', () => {
  it('keeps JSON-exact properties whole and names the ones it drops', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular['self'] = circular;
    class Socket {}
    const msg = {
      _msgid: 'm1', payload: { botId: 'st-1', list: [1, 'two', null, { deep: true }] }, ticket: 'REL-42', n: 3.5, flag: false, none: null,
      req: { socket: new Socket() }, res: circular, fn: () => 1, when: new Date(0), buf: Buffer.from('x'), nan: Number.NaN,
      undef: undefined, big: BigInt(1), sparse: [1, , 3], // eslint-disable-line no-sparse-arrays -- a hole JSON turns into null
    };
    const { value, dropped } = jsonExactParts(msg);
    expect(value).toEqual({ _msgid: 'm1', payload: { botId: 'st-1', list: [1, 'two', null, { deep: true }] }, ticket: 'REL-42', n: 3.5, flag: false, none: null });
    expect(dropped).toEqual(['req', 'res', 'fn', 'when', 'buf', 'nan', 'undef', 'big', 'sparse']);
    msg.payload.botId = 'st-2'; // a copy: later changes do not reach it
    expect((value['payload'] as { botId: string }).botId).toBe('st-1');
  });

  it('judges values as JSON would give them back', () => {
    expect(isJsonExact({ a: [{ b: 'c' }] })).toBe(true);
    expect(isJsonExact(Object.create(null))).toBe(true);
    expect(isJsonExact({ a: Infinity })).toBe(false);
    expect(isJsonExact({ [Symbol('s')]: 1 })).toBe(false);
    expect(isJsonExact(new Map())).toBe(false);
  });
});

describe('WaitJournal', () => {
  const msg = () => ({ _msgid: 'm1', payload: 'go', ticket: 'REL-7', res: { close: () => undefined } });

  it('stores each wait as JSON with its latest token, and nothing once it ends', () => {
    const store = new JsonStore();
    const journal = new WaitJournal('n1', store);
    journal.checkpoint('w1', 'kt1.a', msg(), { mode: 'wait', botId: 'st-1' });
    journal.checkpoint('w1', 'kt1.b', msg(), { mode: 'changed later: not stored' });
    expect(JSON.parse(store.text!)).toEqual({
      w1: { token: 'kt1.b', meta: { mode: 'wait', botId: 'st-1' }, context: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] },
    });
    journal.remove('w1');
    expect(store.text).toBeUndefined();
    const saves = store.saves;
    journal.remove('w1'); // unknown: nothing written
    expect(store.saves).toBe(saves);
  });

  it('hands the live contexts to the next owner with the same id, once', async () => {
    const store = new JsonStore();
    const live = msg();
    const first = new WaitJournal('n1', store);
    first.checkpoint('w1', 'kt1.a', live, { mode: 'train' });
    expect(first.handOver()).toBe(1);
    expect(await new WaitJournal('n2', new JsonStore()).takeOver()).toEqual([]);
    const next = new WaitJournal('n1', store); // the store has it too: taken once, not twice
    const taken = await next.takeOver();
    expect(taken).toEqual([{ id: 'w1', token: 'kt1.a', meta: { mode: 'train' }, context: live, dropped: [] }]);
    expect(taken[0]!.context).toBe(live);
    expect(await new WaitJournal('n1', new JsonStore()).takeOver()).toEqual([]);
    expect(next.size).toBe(1);
  });

  it('after a restart (no hand-off) resumes from the store, with the stored part of the context', async () => {
    const store = new JsonStore();
    new WaitJournal('n1', store).checkpoint('w1', 'kt1.a', msg(), { mode: 'wait' });
    clearHandOffs(); // a new process
    expect(await new WaitJournal('n1', store).takeOver()).toEqual([
      { id: 'w1', token: 'kt1.a', meta: { mode: 'wait' }, context: { _msgid: 'm1', payload: 'go', ticket: 'REL-7' }, dropped: ['res'] },
    ]);
  });

  it('drops a hand-off nobody took within HAND_OFF_TTL_MS', async () => {
    let now = 0;
    const first = new WaitJournal('n1', new JsonStore(), () => now);
    first.checkpoint('w1', 'kt1.a', msg(), {});
    first.handOver();
    now = 10 * 60_000 + 1;
    expect(await new WaitJournal('n1', new JsonStore(), () => now).takeOver()).toEqual([]);
  });

  it('forgets everything for a removed owner, and skips stored entries that are not waits', async () => {
    const store = new JsonStore();
    const journal = new WaitJournal('n1', store);
    journal.checkpoint('w1', 'kt1.a', msg(), {});
    journal.forget();
    expect(store.text).toBeUndefined();
    expect(await new WaitJournal('n1', store).takeOver()).toEqual([]);
    store.save({ w1: { token: 5 }, w2: 'x' } as never);
    expect(await new WaitJournal('n1', store).takeOver()).toEqual([]);
  });
});

describe('WaitActivity', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('shows the oldest wait, the count, the time in whole seconds, then the last outcome; no ticker while idle or closed', () => {
    const views: ActivityView[] = [];
    const activity = new WaitActivity((view) => views.push(view), { tickMs: 5_000 });
    const [a, b] = [{}, {}];
    activity.begin(a, 'starting');
    expect(views.at(-1)).toEqual({ busy: true, phase: 'starting', elapsedMs: 0, count: 1, resumed: 0 });
    activity.progress(a, { trainingStatus: 'Inprogress' });
    expect(views.at(-1)).toMatchObject({ phase: 'training' });
    jest.advanceTimersByTime(45_600);
    expect(views.at(-1)).toMatchObject({ phase: 'training', elapsedMs: 45_000 });
    activity.begin(b, 'waiting');
    expect(views.at(-1)).toMatchObject({ phase: 'training', count: 2 });
    activity.end(a, { kind: 'finished' });
    expect(views.at(-1)).toEqual({ busy: true, phase: 'waiting', elapsedMs: 0, count: 1, resumed: 0 });
    activity.end(b); // no outcome to show: none yet
    expect(views.at(-1)).toEqual({ busy: false, last: { kind: 'finished' } });
    expect(jest.getTimerCount()).toBe(0);
    activity.begin(a, 'checking');
    activity.close();
    expect(jest.getTimerCount()).toBe(0);
    const count = views.length;
    activity.begin(b, 'waiting');
    activity.end(a, { kind: 'error', code: 'TIMEOUT' });
    expect(views).toHaveLength(count); // nothing after close
  });

  it('counts resumed waits while one of them runs', () => {
    const views: ActivityView[] = [];
    const activity = new WaitActivity((view) => views.push(view));
    const [a, b, fresh] = [{}, {}, {}];
    activity.begin(a, 'waiting', true);
    activity.begin(b, 'waiting', true);
    expect(views.at(-1)).toMatchObject({ count: 2, resumed: 2 });
    activity.begin(fresh, 'waiting');
    activity.end(a, { kind: 'finished' });
    activity.end(b, { kind: 'failed' });
    expect(views.at(-1)).toMatchObject({ count: 1, resumed: 0 });
    activity.close();
  });
});

describe('WaitJobs', () => {
  const deferred = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('ends each job once: its result, its error, or (on close) aborted and abandoned; the journal follows', async () => {
    const store = new JsonStore();
    const journal = new WaitJournal('n1', store);
    const jobs = new WaitJobs({ journal });
    const endings: string[] = [];
    const work = [deferred<string>(), deferred<string>(), deferred<string>()];
    const signals: AbortSignal[] = [];
    work.forEach((d, i) => jobs.start({
      id: `j${i}`, phase: 'waiting', context: { i }, meta: {},
      work: (io) => {
        signals.push(io.signal);
        io.onCheckpoint(`kt1.${i}`);
        return d.promise;
      },
      settle: (ending) => void endings.push(`${i}:${ending.kind === 'done' ? ending.value : ending.error.message}`),
      abandon: () => void endings.push(`${i}:abandoned`),
    }));
    expect(Object.keys(JSON.parse(store.text!))).toEqual(['j0', 'j1', 'j2']);
    work[0]!.resolve('finished');
    work[1]!.reject(new Error('TIMEOUT'));
    await new Promise(setImmediate);
    expect(endings).toEqual(['0:finished', '1:TIMEOUT']);
    expect(Object.keys(JSON.parse(store.text!))).toEqual(['j2']);
    const closing = jobs.close({ keep: true });
    expect(signals[2]!.aborted).toBe(true);
    work[2]!.resolve('too late');
    expect(await closing).toBe(1);
    expect(endings).toEqual(['0:finished', '1:TIMEOUT', '2:abandoned']);
    expect(Object.keys(JSON.parse(store.text!))).toEqual(['j2']); // kept for the next owner
    expect(await new WaitJobs({ journal: new WaitJournal('n1', store) }).takeOver()).toEqual([expect.objectContaining({ id: 'j2', context: { i: 2 } })]);
    jobs.start({ id: 'late', phase: 'waiting', context: {}, meta: {}, work: () => Promise.resolve('x'), settle: () => undefined, abandon: () => void endings.push('late:abandoned') });
    expect(endings.at(-1)).toBe('late:abandoned');
  });

  it('closing before the journal was read hands it on (redeploy) or forgets it (removal)', async () => {
    const store = new JsonStore();
    new WaitJournal('n1', store).checkpoint('w1', 'kt1.a', { ticket: 1 }, {});
    const jobs = new WaitJobs({ journal: new WaitJournal('n1', store) });
    const reading = jobs.takeOver();
    await jobs.close({ keep: true });
    expect(await reading).toEqual([]);
    const next = new WaitJobs({ journal: new WaitJournal('n1', store) });
    const taken = next.takeOver();
    await next.close();
    expect(await taken).toEqual([]);
    expect(store.text).toBeUndefined(); // removed: nothing kept
    expect(await new WaitJobs({ journal: new WaitJournal('n1', store) }).takeOver()).toEqual([]);
  });

  it('does not resume when resuming is off, and clears what was stored', async () => {
    const store = new JsonStore();
    new WaitJournal('n1', store).checkpoint('w1', 'kt1.a', {}, {});
    expect(await new WaitJobs({ journal: new WaitJournal('n1', store) }).takeOver(false)).toEqual([]);
    expect(store.text).toBeUndefined();
  });

  it('a result the host cannot deliver ends the job with that error, once', async () => {
    const jobs = new WaitJobs();
    const endings: string[] = [];
    const done = deferred<void>();
    jobs.start({
      id: 'j', phase: 'checking', context: {}, meta: {}, work: () => Promise.resolve('ok'),
      settle: (ending) => {
        endings.push(ending.kind);
        if (ending.kind === 'done') throw new Error('send failed');
        done.resolve();
        return undefined;
      },
      abandon: () => undefined,
    });
    await done.promise;
    expect(endings).toEqual(['done', 'error']);
    await jobs.close();
  });
});
