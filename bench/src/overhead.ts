/**
 * Part 2, per-poll overhead: status polls per second through the core (JWT reuse, axios over a
 * keep-alive agent, a whole-request deadline, the size cap, JSON parsing, validation, escaping) against
 * `fetch` (undici, keep-alive by default) with a token signed once beforehand: once with the same guarantee
 * the core gives, a deadline over the whole request (`AbortSignal.timeout`, which covers the body too), and
 * once bare. Same simulator (on its own thread), same bot, same process; rounds interleaved, the sides
 * taking turns to go first, and the median of the per-round ratios reported.
 */
import { createKoreClient } from '@kore-train/core';
import { signTestToken } from '@kore-train/kore-sim';
import { median } from './stats.js';
import { SimThread } from './sim-thread.js';

const BOT = 'st-bench-overhead';

export interface OverheadRow {
  concurrency: number;
  pollsPerRound: number;
  rounds: number;
  coreRate: number;
  /** fetch with a 30 s deadline over the whole request: the like-for-like baseline. */
  fetchRate: number;
  /** Median over the rounds of core / fetch with a deadline (each round's sides run back to back). */
  ratio: number;
  ratios: number[];
  /** fetch with no deadline at all, for reference. */
  bareFetchRate: number;
  bareRatio: number;
}

export interface OverheadReport {
  rows: OverheadRow[];
  /** Signings by the client that made every core poll above (default token lifetime 300 s). */
  tokensSigned: number;
  corePolls: number;
  coreSeconds: number;
  tokenTtlSeconds: number;
  /** A client with uniqueJti (apps that enforce JTI): one signing per request expected. */
  uniqueJti: { polls: number; tokensSigned: number };
  wallMs: number;
}

/** Runs `count` calls of `poll` with `concurrency` in flight; returns polls per second. */
async function rate(poll: () => Promise<void>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++;
      await poll();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

export async function runOverheadBench(options: { rounds?: number; polls?: number } = {}): Promise<OverheadReport> {
  const wallStarted = performance.now();
  const rounds = options.rounds ?? 6;
  const polls = options.polls ?? 600;
  const sim = await SimThread.start([{ botId: BOT, initial: 'Finished' }]);
  const { url, clientId, clientSecret } = sim.info;
  const tokenTtlSeconds = 300;
  const client = createKoreClient({ host: url, clientId, clientSecret, tokenTtlSeconds });
  const token = await signTestToken({ clientId, clientSecret }, { expiresInSeconds: 3_600, jti: false });
  const statusUrl = `${url}/api/public/bot/${BOT}/ml/train/status`;

  const viaCore = async (): Promise<void> => {
    const status = await client.getTrainingStatus({ botId: BOT });
    if (status.trainingStatus !== 'Finished') throw new Error(`core: unexpected status ${status.trainingStatus}`);
  };
  const viaFetch = (deadline: boolean) => async (): Promise<void> => {
    const response = await fetch(statusUrl, { headers: { auth: token, accept: 'application/json' }, ...(deadline ? { signal: AbortSignal.timeout(30_000) } : {}) });
    if (response.status !== 200) throw new Error(`fetch: HTTP ${response.status}`);
    const body = (await response.json()) as { trainingStatus?: unknown };
    if (body.trainingStatus !== 'Finished') throw new Error(`fetch: unexpected status ${String(body.trainingStatus)}`);
  };

  const rows: OverheadRow[] = [];
  let corePolls = 0;
  const coreStarted = performance.now();
  try {
    const sides = { core: viaCore, fetch: viaFetch(true), bare: viaFetch(false) };
    type Side = keyof typeof sides;
    const orders: Side[][] = [['core', 'fetch', 'bare'], ['fetch', 'bare', 'core'], ['bare', 'core', 'fetch']];
    for (const concurrency of [1, 8]) {
      // Warm every path (JIT, sockets) before measuring.
      for (const side of Object.values(sides)) await rate(side, 300, concurrency);
      corePolls += 300;
      const rates: Record<Side, number[]> = { core: [], fetch: [], bare: [] };
      const ratios: number[] = [];
      const bareRatios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // Each side goes first, second and third in turn.
        const got = {} as Record<Side, number>;
        for (const side of orders[round % orders.length]!) got[side] = await rate(sides[side], polls, concurrency);
        corePolls += polls;
        for (const side of Object.keys(sides) as Side[]) rates[side].push(got[side]);
        ratios.push(got.core / got.fetch);
        bareRatios.push(got.core / got.bare);
      }
      rows.push({
        concurrency, pollsPerRound: polls, rounds, coreRate: median(rates.core), fetchRate: median(rates.fetch), ratio: median(ratios), ratios,
        bareFetchRate: median(rates.bare), bareRatio: median(bareRatios),
      });
    }
    const coreSeconds = (performance.now() - coreStarted) / 1000;
    const tokensSigned = client.stats().tokensSigned;

    const jtiClient = createKoreClient({ host: url, clientId, clientSecret, uniqueJti: true });
    const jtiPolls = 200;
    try {
      for (let i = 0; i < jtiPolls; i++) await jtiClient.getTrainingStatus({ botId: BOT });
    } finally {
      jtiClient.close();
    }
    return {
      rows, tokensSigned, corePolls, coreSeconds, tokenTtlSeconds,
      uniqueJti: { polls: jtiPolls, tokensSigned: jtiClient.stats().tokensSigned },
      wallMs: performance.now() - wallStarted,
    };
  } finally {
    client.close();
    await sim.close();
  }
}
