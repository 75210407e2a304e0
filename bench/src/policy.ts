/**
 * Part 1, polling policy: 200 simulated trainings (durations log-uniform 5 s .. 2 h) waited for by
 * the real core (`waitForTraining`) on virtual time, against two hand-written baselines that also
 * poll through the real core (`getTrainingStatus`): a fixed 5 s poll and the AWS SDK waiter schedule.
 * Deterministic: virtual clock, in-memory transport, seeded PRNGs.
 */
import { createKoreClient, type HttpRequest, type HttpResponse, type KoreClient, type Transport } from '@kore-train/core';
import { logUniform, mulberry32 } from './prng.js';
import { mean, percentile } from './stats.js';
import { VirtualTime } from './virtual-time.js';

export const TRAININGS = 200;
export const MIN_TRAINING_MS = 5_000;
export const MAX_TRAINING_MS = 2 * 3_600_000;
const DURATION_SEED = 20_251_129;

export type PolicyName = 'core default' | 'fixed 5 s' | 'AWS waiter';

export interface PolicyResult {
  policy: PolicyName | string;
  requests: number;
  meanLagMs: number;
  p95LagMs: number;
  maxLagMs: number;
  /** The virtual time the whole run took. */
  virtualMs: number;
  tokensSigned: number;
}

/** The durations every policy is measured on. */
export function trainingDurations(count = TRAININGS, seed = DURATION_SEED): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => Math.round(logUniform(random, MIN_TRAINING_MS, MAX_TRAINING_MS)));
}

const botIdOf = (i: number): string => `st-sim-${String(i).padStart(4, '0')}`;

/**
 * An in-memory Kore.ai: training `i` (bot st-sim-i) is Inprogress from virtual 0 until its duration,
 * then Finished. Answers at once (no virtual time passes), as raw JSON text like the real transport.
 */
function timelineTransport(durations: readonly number[], time: VirtualTime, counts: number[]): Transport {
  const flags = (finished: boolean): Record<string, boolean> => ({
    isMlInSyncWithSentences: finished, isMlInSyncWithSynonyms: true, isMlInSyncWithMlparams: true, isMlInSyncWithTraits: true,
    isMlInSyncWithSmallTalk: true, isMlInSyncWithUBTraining: true,
  });
  return async (request: HttpRequest): Promise<HttpResponse> => {
    const match = /\/bot\/st-sim-(\d+)\/ml\/train\/status/.exec(request.url);
    const i = match ? Number(match[1]) : -1;
    const duration = durations[i];
    if (duration === undefined) return { status: 404, headers: {}, body: '{"errors":[{"msg":"Bot not found","code":404}]}' };
    counts[i] = (counts[i] ?? 0) + 1;
    time.touch();
    const finished = time.now >= duration;
    const body = finished
      ? { trainingStatus: 'Finished', ...flags(true), trainDetails: { nlpVersion: 3, trainVersion: 2 } }
      : { trainingStatus: 'Inprogress', ...flags(false) };
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  };
}

interface Harness {
  time: VirtualTime;
  client: KoreClient;
  counts: number[];
  /** For VirtualTime.run's afterJump: renews the token, tracked, once its refresh time has come. */
  renewDueToken: () => void;
}


/** The longest token lifetime the core allows: a renewal is due about once per virtual hour. */
const TOKEN_TTL_SECONDS = 3_600;
/** The core renews a token 30 s before it expires. */
const RENEW_AFTER_MS = (TOKEN_TTL_SECONDS - 30) * 1000;

/**
 * A client on virtual time whose first token is signed before the clock starts. Signing is real async work
 * (WebCrypto): the renewal due every token lifetime is started by `renewDueToken` at the exact virtual moment
 * it falls due and tracked, so that no poll waits on it while virtual time moves on (same numbers every run).
 */
async function harness(durations: readonly number[], seed: number): Promise<Harness> {
  const time = new VirtualTime(0);
  const counts: number[] = durations.map(() => 0);
  const client = createKoreClient({
    host: 'https://bots.kore.ai',
    clientId: 'cs-bench',
    clientSecret: 'bench-secret-bench-secret-bench-secret',
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    transport: timelineTransport(durations, time, counts),
    clock: time.clock,
    sleep: time.sleep,
    random: mulberry32(seed),
  });
  // JWT signing is real async work (WebCrypto on the thread pool): do it before virtual time runs,
  // on a bot outside the timeline (404), so that no request is counted.
  await client.getTrainingStatus({ botId: 'st-warmup' }).catch(() => undefined);
  let renewAt = RENEW_AFTER_MS;
  const renewDueToken = (): void => {
    if (time.now < renewAt) return;
    renewAt = Math.floor(time.now / 1000) * 1000 + RENEW_AFTER_MS;
    time.track(client.getTrainingStatus({ botId: 'st-warmup' }).catch(() => undefined));
  };
  return { time, client, counts, renewDueToken };
}

export interface ScheduleOverride {
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** The core's own waitForTraining, every training waited for concurrently (one poll stream each). */
export async function runCoreDefault(durations: readonly number[], options: ScheduleOverride & { name?: string; seed?: number } = {}): Promise<PolicyResult> {
  const { time, client, counts, renewDueToken } = await harness(durations, options.seed ?? 7);
  const lags: number[] = new Array(durations.length);
  let open = durations.length;
  durations.forEach((duration, i) => {
    client
      .waitForTraining({
        botId: botIdOf(i),
        timeoutMs: MAX_TRAINING_MS + 3_600_000,
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.maxPollIntervalMs !== undefined ? { maxPollIntervalMs: options.maxPollIntervalMs } : {}),
      })
      .then(
        (result) => {
          if (result.outcome !== 'finished') throw new Error(`training ${i}: ${result.outcome}`);
          lags[i] = result.elapsedMs - duration;
          open--;
        },
        (error: unknown) => {
          throw error;
        },
      );
  });
  await time.run(() => open === 0, { afterJump: renewDueToken });
  return summarize(options.name ?? 'core default', lags, counts, time, client);
}

/** A hand-written loop: poll through the core, then sleep `delay(n)` (n = polls so far) until Finished. */
async function runLoop(durations: readonly number[], name: PolicyName, delay: (attempt: number, random: () => number) => number, seed: number): Promise<PolicyResult> {
  const { time, client, counts, renewDueToken } = await harness(durations, seed);
  const random = mulberry32(seed);
  const lags: number[] = new Array(durations.length);
  let open = durations.length;
  const loop = async (i: number, duration: number): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const status = await client.getTrainingStatus({ botId: botIdOf(i) });
      if (status.trainingStatus === 'Finished') {
        lags[i] = time.now - duration;
        open--;
        return;
      }
      await time.sleep(delay(attempt, random));
    }
  };
  durations.forEach((duration, i) => void loop(i, duration));
  await time.run(() => open === 0, { afterJump: renewDueToken });
  return summarize(name, lags, counts, time, client);
}

export const FIXED_INTERVAL_MS = 5_000;

/** What users build by hand: poll, wait 5 s, poll again. */
export function runFixed(durations: readonly number[]): Promise<PolicyResult> {
  return runLoop(durations, 'fixed 5 s', () => FIXED_INTERVAL_MS, 11);
}

export const AWS_MIN_DELAY_MS = 2_000;
export const AWS_MAX_DELAY_MS = 120_000;

/**
 * The AWS SDK (JS v3 `@smithy/util-waiter`) schedule: first poll at once; before retry n a random
 * delay in [minDelay, minDelay * 2^(n-1)]; once that exceeds maxDelay (attempt > attemptCeiling), maxDelay flat.
 */
export function awsWaiterDelay(attempt: number, random: () => number): number {
  const ceiling = Math.log(AWS_MAX_DELAY_MS / AWS_MIN_DELAY_MS) / Math.log(2) + 1;
  if (attempt > ceiling) return AWS_MAX_DELAY_MS;
  const upper = AWS_MIN_DELAY_MS * 2 ** (attempt - 1);
  return Math.round(AWS_MIN_DELAY_MS + random() * (upper - AWS_MIN_DELAY_MS));
}

export function runAws(durations: readonly number[]): Promise<PolicyResult> {
  return runLoop(durations, 'AWS waiter', awsWaiterDelay, 13);
}

function summarize(policy: string, lags: number[], counts: number[], time: VirtualTime, client: KoreClient): PolicyResult {
  const stats = client.stats();
  // One signing before virtual time ran, then a renewal per token lifetime (the core allows an hour at most).
  const allowed = 1 + Math.floor(time.now / ((TOKEN_TTL_SECONDS - 30) * 1000));
  if (stats.tokensSigned < 1 || stats.tokensSigned > allowed) throw new Error(`${policy}: expected 1 to ${allowed} token signings, got ${stats.tokensSigned}`);
  if (lags.some((lag) => lag === undefined || lag < 0)) throw new Error(`${policy}: a training was detected before it finished`);
  return {
    policy,
    requests: counts.reduce((sum, c) => sum + c, 0),
    meanLagMs: mean(lags),
    p95LagMs: percentile(lags, 95),
    maxLagMs: Math.max(...lags),
    virtualMs: time.now,
    tokensSigned: stats.tokensSigned,
  };
}

export interface PolicyReport {
  trainings: number;
  durations: { minMs: number; medianMs: number; maxMs: number };
  results: PolicyResult[];
  /** Same numbers on a second run of the core policy. */
  deterministic: boolean;
  wallMs: number;
}

export async function runPolicyBench(): Promise<PolicyReport> {
  const started = performance.now();
  const durations = trainingDurations();
  const core = await runCoreDefault(durations);
  const fixed = await runFixed(durations);
  const aws = await runAws(durations);
  const again = await runCoreDefault(durations);
  const deterministic = JSON.stringify(again) === JSON.stringify(core);
  return {
    trainings: durations.length,
    durations: { minMs: Math.min(...durations), medianMs: percentile(durations, 50), maxMs: Math.max(...durations) },
    results: [core, fixed, aws],
    deterministic,
    wallMs: performance.now() - started,
  };
}
