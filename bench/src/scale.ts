/**
 * Part 3, scale: 10,000 concurrent waits in one process (this one, started with --expose-gc) against
 * the simulator on a worker thread, trainings finishing at staggered times, the core's default poll
 * schedule. Two passes over the same plan, so that neither measurement disturbs the other:
 *   1. heap: create the waits, let every poll stream get its first answer, collect garbage, read
 *      the heap; then abort every wait.
 *   2. run: create them again on a fresh client and let every training finish; event-loop delay is
 *      sampled from the moment the waits exist until the last one ends. The requests the simulator
 *      saw for the bot with 1,000 waits and for a bot with 1 wait (same training) show the sharing.
 *
 * Run as a child of main.ts: `node --expose-gc dist/scale.js` prints one JSON line.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { BotSpec } from '@kore-train/kore-sim';
import { createKoreClient, type KoreClient, type WaitResult } from '@kore-train/core';
import { SimThread } from './sim-thread.js';
import { median } from './stats.js';
import { turn } from './virtual-time.js';

export interface DelaySummary {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
}

export interface ScaleReport {
  waits: number;
  bots: number;
  hotBotWaits: number;
  heapBeforeBytes: number;
  heapActiveBytes: number;
  /** Median of the readings below. */
  heapPerWaitBytes: number;
  heapPerWaitSamples: number[];
  activeWaitsAtHeap: number;
  activePollLoopsAtHeap: number;
  /** Event-loop delay (ms) while the 10,000 waits run, from the moment they all exist to the end. */
  eventLoopDelayMs: DelaySummary;
  /** The same while the waits are being created (100 per macrotask turn), for information. */
  creationDelayMs: DelaySummary;
  /** The same process idle before the run: what the machine itself adds. */
  idleDelayMs: DelaySummary;
  createMs: number;
  /** Status requests the sim saw for the bot with 1,000 waits, and for a bot with 1 wait (same training). */
  hotBotRequests: number;
  singleWaitBotRequests: number;
  /** Poll streams while every wait was active: one per bot. */
  maxPollLoops: number;
  totalStatusRequests: number;
  tokensSigned: number;
  finished: number;
  runMs: number;
  loadAverage: number[];
}

const WAITS = 10_000;
const HOT_WAITS = 1_000;
const PER_BOT = 10;
const MIN_TRAINING_MS = 10_000;
const MAX_TRAINING_MS = 40_000;
const HOT_TRAINING_MS = 25_000;
/** Waits created per macrotask turn: they arrive over time, as in a server, not in one blocking loop. */
const BATCH = 100;
/** monitorEventLoopDelay records whole sampling intervals: a delay is a sample minus this. */
const RESOLUTION_MS = 10;

function summarize(h: IntervalHistogram): DelaySummary {
  const ms = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), samples: h.count };
}

async function heapUsed(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('scale bench: run node with --expose-gc');
  await turn();
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every 10th wait on the hot bot (1,000), one on the single-wait bot, the rest 10 per bot. */
function planWaits(): { plan: string[]; bots: BotSpec[] } {
  const plan: string[] = ['st-single'];
  let hot = 0;
  let spread = 0;
  for (let i = 0; plan.length < WAITS; i++) {
    if (i % 10 === 0 && hot < HOT_WAITS) {
      plan.push('st-hot');
      hot++;
    } else {
      plan.push(`st-s-${String(Math.floor(spread++ / PER_BOT)).padStart(4, '0')}`);
    }
  }
  const spreadBots = [...new Set(plan.filter((id) => id.startsWith('st-s-')))];
  const bots: BotSpec[] = [
    { botId: 'st-hot', initial: 'Inprogress', trainingMs: HOT_TRAINING_MS },
    { botId: 'st-single', initial: 'Inprogress', trainingMs: HOT_TRAINING_MS },
    ...spreadBots.map((botId, i) => ({
      botId,
      initial: 'Inprogress' as const,
      trainingMs: Math.round(MIN_TRAINING_MS + ((MAX_TRAINING_MS - MIN_TRAINING_MS) * i) / Math.max(1, spreadBots.length - 1)),
    })),
  ];
  return { plan, bots };
}

async function createWaits(client: KoreClient, plan: string[]): Promise<Promise<WaitResult>[]> {
  const waits: Promise<WaitResult>[] = [];
  for (let i = 0; i < plan.length; i += BATCH) {
    for (const botId of plan.slice(i, i + BATCH)) waits.push(client.waitForTraining({ botId, timeoutMs: 300_000 }));
    await turn();
  }
  return waits;
}

async function firstAnswers(client: KoreClient, streams: number): Promise<void> {
  while (client.stats().requests < streams + 1) await sleep(20);
  await sleep(200);
}

export async function runScaleBench(): Promise<ScaleReport> {
  const started = performance.now();
  const loadAverage = (await import('node:os')).loadavg();
  const { plan, bots } = planWaits();
  const sim = await SimThread.start([{ botId: 'st-warmup' }]);
  const { url, clientId, clientSecret } = sim.info;
  try {
    // Pass 1: heap per active wait.
    const heapClient = createKoreClient({ host: url, clientId, clientSecret });
    await heapClient.getTrainingStatus({ botId: 'st-warmup' }); // loads every code path, signs the token
    const heapBefore = await heapUsed();
    await sim.addBots(bots);
    const heapWaits = await createWaits(heapClient, plan);
    let early = 0;
    const settled = heapWaits.map((p) => p.then(() => early++));
    await firstAnswers(heapClient, bots.length);
    // Requests in flight at the moment of a reading add to it: take three, 400 ms apart, and the median.
    const heapSamples: number[] = [];
    let atHeap = heapClient.stats();
    for (let i = 0; i < 3; i++) {
      if (i > 0) await sleep(400);
      heapSamples.push(await heapUsed());
      atHeap = heapClient.stats();
      if (atHeap.activeWaits !== WAITS) break;
    }
    const heapActive = median(heapSamples);
    if (early > 0) throw new Error(`scale bench: ${early} waits finished before the heap was measured`);
    await sim.send({ type: 'finish', botIds: bots.map((b) => b.botId) }); // end pass 1 at its next polls
    await Promise.all(settled);
    heapClient.close();
    if (atHeap.activeWaits !== WAITS) throw new Error(`scale bench: ${atHeap.activeWaits} waits active at the heap measurement, not ${WAITS}`);

    // Baseline: the same process idle (sim thread up, nothing polling) for a couple of seconds.
    await heapUsed();
    const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    idle.enable();
    await sleep(2_000);
    idle.disable();

    // Pass 2: the full run, on fresh bots and a fresh client.
    await sim.send({ type: 'reset' });
    const client = createKoreClient({ host: url, clientId, clientSecret });
    await client.getTrainingStatus({ botId: 'st-warmup' });
    await sim.addBots(bots);
    const creation = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    creation.enable();
    const creating = performance.now();
    const waits = await createWaits(client, plan);
    const createMs = performance.now() - creating;
    creation.disable();
    const running = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    running.enable();
    let maxPollLoops = 0;
    const watch = setInterval(() => (maxPollLoops = Math.max(maxPollLoops, client.stats().activePollLoops)), 100);
    let finished = 0;
    try {
      await Promise.all(waits.map((p) => p.then((r) => (r.outcome === 'finished' && finished++, r))));
    } finally {
      clearInterval(watch);
      running.disable();
      client.close();
    }
    const { counts, total } = await sim.count(['st-hot', 'st-single']);
    return {
      waits: plan.length,
      bots: bots.length,
      hotBotWaits: plan.filter((id) => id === 'st-hot').length,
      heapBeforeBytes: heapBefore,
      heapActiveBytes: heapActive,
      heapPerWaitSamples: heapSamples.map((h) => (h - heapBefore) / WAITS),
      heapPerWaitBytes: (heapActive - heapBefore) / atHeap.activeWaits,
      activeWaitsAtHeap: atHeap.activeWaits,
      activePollLoopsAtHeap: atHeap.activePollLoops,
      eventLoopDelayMs: summarize(running),
      creationDelayMs: summarize(creation),
      idleDelayMs: summarize(idle),
      createMs,
      hotBotRequests: counts['st-hot'] ?? 0,
      singleWaitBotRequests: counts['st-single'] ?? 0,
      maxPollLoops,
      totalStatusRequests: total,
      tokensSigned: client.stats().tokensSigned,
      finished,
      runMs: performance.now() - started,
      loadAverage,
    };
  } finally {
    await sim.close();
  }
}

if (require.main === module) {
  runScaleBench().then(
    (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
    (error: unknown) => {
      process.stderr.write(`scale bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1); // waits may still be pending: do not linger until their timeouts
    },
  );
}
