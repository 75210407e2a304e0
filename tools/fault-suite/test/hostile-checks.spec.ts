// The hostile suite's instruments must be able to fail: each checker is run against a deliberately
// broken subject and must report it, and against a sound one and must stay quiet.
import { get, type IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { jwtShaped, SecretScanner } from '@kore-train/testkit';
import { runMeasuredChild } from '../src/hostile/child-process.js';
import { FORGED_MARKER, findRawControls } from '../src/hostile/checks/control-chars.js';
import { checkDeadline, timed } from '../src/hostile/checks/deadline.js';
import { CHILD_PEAK_RSS_BOUND_MB, checkMemory, MemoryMeter } from '../src/hostile/checks/memory.js';
import { checkOutcome } from '../src/hostile/checks/outcome.js';
import { checkWarnings, WarningWatcher, warningsInStderr } from '../src/hostile/checks/warnings.js';
import { deepJson, HOSTILE_TEXT } from '../src/hostile/payloads.js';
import { gzipBomb, PROBES, type HostileProbe } from '../src/hostile/probes.js';
import { runHostileProbe } from '../src/hostile/runner.js';
import type { HostileSurface } from '../src/hostile/surface.js';

const probe = (name: string): HostileProbe => PROBES.find((p) => p.name === name)!;
const A_JWT = jwtShaped({ appId: 'cs-x' });
const never = new AbortController().signal;

describe('deadline check', () => {
  it('reports a subject that ends late, measured on the same clock the suite uses', async () => {
    let now = 0;
    const late = await timed(async () => {
      now += 2_000 + 1_500; // a fake surface that ends 1.5 s after its 2 s deadline
    }, () => now);
    expect(checkDeadline(late.elapsedMs, 2_000)).toEqual(['ended after 3500 ms, past its deadline of 2000 ms + 1000 ms']);
    const onTime = await timed(async () => {
      now += 2_900;
    }, () => now);
    expect(checkDeadline(onTime.elapsedMs, 2_000)).toEqual([]);
    expect(checkDeadline(Number.POSITIVE_INFINITY, 2_000)).toEqual(['never ended (deadline 2000 ms)']);
  });
});

describe('memory checks', () => {
  it('in-process: a transport without a cap, reading the gzip bomb, breaks the bound; a capped reader does not', async () => {
    const bomb = await gzipBomb();
    expect(bomb.body.length).toBeLessThan(1024 * 1024);
    expect(bomb.inflatedBytes).toBeGreaterThan(200 * 1024 * 1024);
    const server = await probe('gzip bomb').start();
    try {
      const uncapped = new MemoryMeter();
      const body = await (await fetch(server.url)).arrayBuffer(); // fetch inflates gzip, no limit at all
      const uncappedFigure = uncapped.stop();
      expect(body.byteLength).toBe(bomb.inflatedBytes);
      expect(checkMemory(uncappedFigure)).toEqual([expect.stringMatching(/^heap\+external growth \d+(\.\d)? MB, bound 64 MB$/)]);

      // On a connection of its own, not fetch's pool: the capped read is measured alone.
      const capped = new MemoryMeter();
      const response = await new Promise<IncomingMessage>((resolve, reject) => get(server.url, { agent: false }, resolve).on('error', reject));
      let read = 0;
      for await (const chunk of response.pipe(createGunzip()) as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (read > 1024 * 1024) break; // leaving the loop destroys the inflating stream
      }
      response.destroy();
      expect(read).toBeGreaterThan(1024 * 1024);
      expect(checkMemory(capped.stop())).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('child process: the peak RSS of a child that holds the inflated bomb breaks the bound; an idle child does not', async () => {
    const server = await probe('gzip bomb').start();
    try {
      const greedy = await runMeasuredChild(['-e', `fetch(${JSON.stringify(server.url)}).then((r) => r.arrayBuffer()).then((b) => console.log(b.byteLength))`], { env: {}, cwd: __dirname, stop: never });
      expect(greedy.code).toBe(0);
      expect(checkMemory({ kind: 'peak RSS', mb: greedy.peakRssMb, boundMb: CHILD_PEAK_RSS_BOUND_MB })).toEqual([expect.stringMatching(/^peak RSS \d+(\.\d)? MB, bound 200 MB$/)]);
      const idle = await runMeasuredChild(['-e', ''], { env: {}, cwd: __dirname, stop: never });
      expect(idle.peakRssMb).toBeGreaterThan(10);
      expect(checkMemory({ kind: 'peak RSS', mb: idle.peakRssMb, boundMb: CHILD_PEAK_RSS_BOUND_MB })).toEqual([]);
      expect(checkMemory({ kind: 'peak RSS', mb: NaN, boundMb: CHILD_PEAK_RSS_BOUND_MB })).toEqual(['peak RSS was not measured']);
    } finally {
      await server.close();
    }
  });
});

describe('outcome check', () => {
  it('wants exactly one ending, with the expected KoreError code', () => {
    expect(checkOutcome([{ error: 'TIMEOUT' }], 'TIMEOUT')).toEqual([]);
    expect(checkOutcome([], 'TIMEOUT')).toEqual(['expected exactly one outcome (TIMEOUT), got 0: none']);
    expect(checkOutcome([{ error: 'TIMEOUT' }, { error: 'NETWORK' }], 'TIMEOUT')).toEqual(['expected exactly one outcome (TIMEOUT), got 2: TIMEOUT + NETWORK']);
    expect(checkOutcome([{ error: 'NETWORK' }], 'BAD_RESPONSE')).toEqual(['expected BAD_RESPONSE, got NETWORK']);
    expect(checkOutcome([{ outcome: 'finished' }], 'BAD_RESPONSE')).toEqual(['expected BAD_RESPONSE, got finished']);
    expect(checkOutcome([{ untyped: 'RangeError: Maximum call stack size exceeded' }], 'BAD_RESPONSE')).toEqual([
      'expected BAD_RESPONSE, got untyped: RangeError: Maximum call stack size exceeded',
    ]);
  });
});

describe('leak checks', () => {
  it('the secret scanner reports a capture with a JWT or the secret; a redacted one is clean', () => {
    const scanner = new SecretScanner();
    scanner.add('status text', { trainingStatus: `Inprogress ${A_JWT}` });
    scanner.add('stderr', 'kore-train: token [REDACTED] is not valid [TIMEOUT]\n');
    scanner.add('error', new Error('signed with s3cr3t-value'));
    expect(scanner.leaks(['s3cr3t-value'])).toEqual(['status text: a JWT', 'error: a secret']);
  });

  it('the control-character check reports raw ESC, C1, bidi, separators and forged lines, in values and keys', () => {
    expect(findRawControls('status', `Inprogress\u001b[2J`)).toEqual(['status: raw U+001B at 10']);
    expect(findRawControls('event', { status: { trainingStatus: 'x\u0085' } })).toEqual(['event.status.trainingStatus: raw U+0085 at 1']);
    expect(findRawControls('details', [{ 'msg\u202e': 'ok' }])).toEqual(['details.0[key "msg\u202e"]: raw U+202E at 3']);
    expect(findRawControls('line', 'a\u2028b')).toEqual(['line: raw U+2028 at 1']);
    expect(findRawControls('stderr', `Waiting…\n${FORGED_MARKER} kore-train: training Finished\n`)).toEqual(['stderr: a server newline starts a forged line']);
    expect(findRawControls('error', Object.assign(new Error('failed'), { lastStatus: 'x\u009b2J' }))).toEqual(['error.lastStatus: raw U+009B at 1']);
    expect(findRawControls('server text', HOSTILE_TEXT).length).toBeGreaterThan(0);
    // A capture nested 100,000 deep (what an unguarded client returns) is still checked, without a RangeError.
    let deep: unknown = { trainingStatus: `x\u001b ${A_JWT}` };
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(findRawControls('deep', deep)).toEqual([`deep${'.0'.repeat(100_000)}.trainingStatus: raw U+001B at 1`]);
    const scanner = new SecretScanner();
    scanner.add('deep', deep);
    expect(scanner.leaks([])).toEqual(['deep: a JWT']);
    // Escaped text, and the newlines and tabs of ordinary multi-line output, are fine.
    expect(findRawControls('escaped', { trainingStatus: 'Inprogress\\u001b[2J\\u000a' + FORGED_MARKER, stderr: 'one\n\ttwo\n' })).toEqual([]);
  });
});

describe('warning checks', () => {
  it('in-process: a timer past Node\'s limit is seen as a TimeoutOverflowWarning', async () => {
    const watcher = new WarningWatcher();
    const timer = setTimeout(() => undefined, 2 ** 31);
    clearTimeout(timer);
    await new Promise((resolve) => setImmediate(resolve));
    expect(checkWarnings(watcher.stop())).toEqual(['emitted TimeoutOverflowWarning x1']);
    expect(checkWarnings([])).toEqual([]);
  });

  it('child process: the same warning is found on its stderr', async () => {
    const child = await runMeasuredChild(['-e', 'clearTimeout(setTimeout(() => {}, 2 ** 31))'], { env: {}, cwd: __dirname, stop: never });
    expect(checkWarnings(warningsInStderr(child.stderr))).toEqual(['emitted TimeoutOverflowWarning x1']);
  });
});

describe('the probes are hostile, and their own checks can fail', () => {
  it('a redirect that a client follows is reported, with the token; one not followed is not', async () => {
    for (const name of ['redirect 302', 'redirect 307']) {
      const followed = await probe(name).start();
      const answer = await fetch(`${followed.url}/api/public/bot/st-x/ml/train/status`, { headers: { auth: A_JWT } });
      expect(answer.status).toBe(200);
      await followed.close();
      expect(followed.verify()).toEqual([expect.stringMatching(/^the 30[27] was followed: 1 request\(s\) reached the second server, with the token$/)]);

      const refused = await probe(name).start();
      expect((await fetch(refused.url, { redirect: 'manual' })).status).toBe(name === 'redirect 302' ? 302 : 307);
      await refused.close();
      expect(refused.verify()).toEqual([]);
    }
  });

  it('a probe whose server was never asked is reported (a surface failing before it sends proves nothing)', async () => {
    const idle = await probe('endless body').start();
    await idle.close();
    expect(idle.verify()).toEqual(['the hostile server was never asked']);
  });

  it('the deep JSON parses but cannot be serialised back: what broke the CLI', () => {
    const parsed: unknown = JSON.parse(deepJson());
    expect(() => JSON.stringify(parsed)).toThrow(RangeError);
  });

  it('the JWT echo really echoes the request token into the status and into an error body', async () => {
    const echo = await probe('JWT echo').start();
    try {
      const first = await (await fetch(echo.url, { headers: { auth: A_JWT } })).text();
      const second = await fetch(echo.url, { headers: { auth: A_JWT } });
      expect(first).toContain(A_JWT);
      expect(second.status).toBe(503);
      expect(await second.text()).toContain(A_JWT);
    } finally {
      await echo.close();
    }
  });
});

describe('the runner applies every check', () => {
  it('a surface broken in every way gets one failure of each kind', async () => {
    const broken: HostileSurface = {
      name: 'broken',
      modes: ['wait'],
      requestTimeout: false,
      reportsLastStatus: true,
      run: async () => ({
        endings: [{ error: 'NETWORK' }, { error: 'TIMEOUT' }],
        elapsedMs: 9_000,
        memory: { kind: 'heap+external growth', mb: 300, boundMb: 64 },
        captures: [{ label: 'stderr', value: `kore-train: Inprogress\u001b[2J ${A_JWT} [TIMEOUT]\n` }],
        warnings: ['TimeoutOverflowWarning'],
        failures: ['exit 5, but TIMEOUT means exit 2'],
      }),
    };
    const row = await runHostileProbe(broken, probe('JWT echo'), 'wait');
    expect(row.failures.map((failure) => failure.slice(0, failure.indexOf(':')))).toEqual([
      'deadline', 'memory', 'outcome', 'leak', 'control character', 'warning', 'safe text', 'server', 'broken',
    ]);
  });
});
