import { callKoreApi, type ApiContext } from './api.js';
import { invalidInput, isKoreError, KoreError } from './errors.js';
import { DEFAULTS, resolveOptions, type KoreClientOptions } from './options.js';
import { PollHub, type SubscribeOptions } from './poll-hub.js';
import { postTraining, trainPath } from './post-training.js';
import { RateLimiter } from './rate-limit.js';
import { DEFAULT_SCHEDULE, type PollSchedule } from './schedule.js';
import { decodeResumeToken } from './resume-token.js';
import { acceptNewTraining, guardFrom, type StaleGuard } from './stale-guard.js';
import { isTerminal, parseTrainingStatus, trainingPhase, type StartTrainingResult, type TrainingStatus } from './status.js';
import { timerFromSleep, type Sleep, type Timer } from './time.js';
import { TokenSigner } from './token.js';
import type { Transport } from './transport.js';
import type { BotTarget, KoreClient, WaitParams } from './types.js';
import { validateBotId, validateLanguage, validateNumber, validateState, type BotState } from './validate.js';
import { waitOnHub, type Acceptance, type ResumeContext, type WaitResult } from './wait.js';

/** The client's options, with the two things a host must bring itself. */
export interface KoreEngineOptions extends KoreClientOptions {
  transport: Transport;
  sleep: Sleep;
  /** Runs each request's deadline; default: built on `sleep`. */
  timer?: Timer;
}

/** A bot target after validation. */
interface ValidTarget {
  botId: string;
  language?: string;
  state?: BotState;
}

const ACCEPT_ANY: Acceptance = () => true;
const SHARED: SubscribeOptions = {};
/** A train-and-wait needs a status asked for after its POST, and its schedule starts with the new training. */
const FRESH: SubscribeOptions = { fresh: true, restartSchedule: true };
/** A bot id no real bot has, for the credential check: an accepted token then meets a 404 (or a 403). */
const PROBE_BOT_ID = 'st-00000000-0000-0000-0000-000000000000';

/**
 * The whole client on a transport and a sleep that the host brings: it loads neither an HTTP client nor
 * timers, so hosts that forbid them (n8n) can use it. `createKoreClient` adds axios and Node's timers.
 */
export function createKoreEngine(options: KoreEngineOptions): KoreClient {
  const config = resolveOptions(options);
  if (typeof options.transport !== 'function') throw invalidInput('transport', 'a function that sends one request');
  if (typeof options.sleep !== 'function') throw invalidInput('sleep', 'a function (ms, signal) => Promise<void>');
  if (options.timer !== undefined && typeof options.timer !== 'function') throw invalidInput('timer', 'a function (ms, onTimeout) => cancel');
  const { clock, requestTimeoutMs } = config;
  const signer = new TokenSigner({
    clientId: config.clientId, algorithm: config.algorithm, clientSecret: config.clientSecret, privateKey: config.privateKey,
    subject: options.subject, claims: options.claims, uniqueJti: options.uniqueJti === true, ttlSeconds: config.tokenTtlSeconds, clock,
  });
  const limiter = new RateLimiter(config.rateLimit, clock);
  const ctx: ApiContext & { random: () => number } = {
    baseUrl: config.baseUrl, signer, transport: options.transport, clock, sleep: options.sleep, timer: options.timer ?? timerFromSleep(options.sleep), limiter,
    maxResponseBytes: config.maxResponseBytes, userAgent: config.userAgent, random: config.random,
    secrets: [config.clientSecret, config.privateKey].filter((s): s is string => s !== undefined),
    onRequest: options.onRequest,
  };
  const counter = { requests: 0 };

  const fetchStatus = async (target: ValidTarget, signal: AbortSignal | undefined, timeoutMs: number): Promise<TrainingStatus> => {
    const body = await callKoreApi(ctx, {
      method: 'GET', botId: target.botId, path: `${trainPath(target.botId)}/status`, query: { language: target.language, state: target.state }, timeoutMs, signal,
    }, counter);
    return parseTrainingStatus(body);
  };

  const hub = new PollHub<ValidTarget>(fetchStatus, clock, options.sleep, config.random, requestTimeoutMs, (target) => limiter.delayMs(target.botId));

  const target = (params: BotTarget): ValidTarget => {
    if (params === null || typeof params !== 'object') throw new KoreError('INVALID_INPUT', 'params must be an object with a botId', { field: 'params' });
    return { botId: validateBotId(params.botId), language: validateLanguage(params.language), state: validateState(params.state) };
  };

  const floor = config.rateLimit.minPollIntervalMs;
  const interval = (field: string, value: unknown, fallback: number): number => {
    const ms = validateNumber(field, value, fallback, { min: 1 });
    if (ms < floor) throw invalidInput(field, `at least ${floor} ms: Kore.ai allows ${config.rateLimit.perMinute} requests a minute per bot`, value);
    return ms;
  };

  const waitOptions = (params: WaitParams) => {
    const timeoutMs = validateNumber('timeoutMs', params.timeoutMs, DEFAULTS.timeoutMs, { min: 0 });
    const minIntervalMs = interval('pollIntervalMs', params.pollIntervalMs, DEFAULT_SCHEDULE.minIntervalMs);
    const maxIntervalMs = interval('maxPollIntervalMs', params.maxPollIntervalMs, Math.max(DEFAULT_SCHEDULE.maxIntervalMs, minIntervalMs));
    if (maxIntervalMs < minIntervalMs) throw new KoreError('INVALID_INPUT', `maxPollIntervalMs must be >= pollIntervalMs (${minIntervalMs})`, { field: 'maxPollIntervalMs' });
    const maxRequests = validateNumber('maxRequests', params.maxRequests, Number.POSITIVE_INFINITY, { min: 1, integer: params.maxRequests !== undefined });
    if (params.onProgress !== undefined && typeof params.onProgress !== 'function') throw new KoreError('INVALID_INPUT', 'onProgress must be a function', { field: 'onProgress' });
    // The shared default object when nothing is overridden: one less allocation per wait.
    const schedule: PollSchedule = minIntervalMs === DEFAULT_SCHEDULE.minIntervalMs && maxIntervalMs === DEFAULT_SCHEDULE.maxIntervalMs
      ? DEFAULT_SCHEDULE
      : { ...DEFAULT_SCHEDULE, minIntervalMs, maxIntervalMs };
    return { timeoutMs, schedule, maxRequests };
  };

  const keyOf = (bot: ValidTarget): string => `${bot.botId}|${bot.language ?? ''}|${bot.state ?? 'configured'}`;

  /** What a resume token records beyond the wait's target and schedule: shared by every plain wait. */
  const plainResume: ResumeContext = { host: config.baseUrl };
  const resumeContext = (guard?: StaleGuard, training?: StartTrainingResult): ResumeContext =>
    guard || training ? { host: config.baseUrl, ...(guard ? { guard } : {}), ...(training ? { training } : {}) } : plainResume;

  /** Validates synchronously (a throw becomes the caller's rejection), then waits on the hub. */
  const wait = (params: WaitParams, guard?: StaleGuard, training?: StartTrainingResult): Promise<WaitResult> => {
    const bot = target(params);
    const { timeoutMs, schedule, maxRequests } = waitOptions(params);
    if (params.onCheckpoint !== undefined && typeof params.onCheckpoint !== 'function') throw invalidInput('onCheckpoint', 'a function');
    const accept = guard ? acceptNewTraining(guard, clock) : ACCEPT_ANY;
    if (timeoutMs === 0) return checkOnce(bot, params, accept);
    return waitOnHub(hub, clock, {
      key: keyOf(bot), target: bot, botId: bot.botId, schedule, timeoutMs, maxRequests, signal: params.signal, onProgress: params.onProgress, accept,
      subscribe: guard ? FRESH : SHARED, resume: resumeContext(guard, training), onCheckpoint: params.onCheckpoint,
    });
  };

  const checkOnce = async (bot: ValidTarget, params: WaitParams, accept: Acceptance): Promise<WaitResult> => {
    const started = clock.now();
    const status = await fetchStatus(bot, params.signal, requestTimeoutMs);
    const elapsedMs = clock.now() - started;
    try {
      params.onProgress?.({ botId: bot.botId, status, elapsedMs, requests: 1 });
    } catch {
      // a listener's bug must not change the answer
    }
    if (isTerminal(status) && accept(status, { inProgress: false, elapsedMs })) {
      const outcome = trainingPhase(status) === 'failed' ? 'failed' : 'finished';
      return { outcome, status, requests: 1, elapsedMs, transitions: [{ status: status.trainingStatus, atMs: elapsedMs }] };
    }
    throw new KoreError('TIMEOUT', `Training of bot ${bot.botId} is not done (checked once, timeoutMs 0); the status is "${status.trainingStatus}"`, { lastStatus: status });
  };

  return {
    host: config.baseUrl,

    getTrainingStatus(params) {
      return (async () => fetchStatus(target(params), params.signal, requestTimeoutMs))();
    },

    startTraining(params) {
      return (async () => postTraining(ctx, target(params), params.signal, clock.now() + requestTimeoutMs, requestTimeoutMs, counter))();
    },

    waitForTraining(params) {
      try {
        return wait(params);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    resumeWait(resumeToken, params = {}) {
      return (async () => {
        const saved = decodeResumeToken(resumeToken);
        if (saved.host !== config.baseUrl) throw invalidInput('resumeToken', `a token made by a client for ${config.baseUrl} (this one is for another host)`);
        const bot: ValidTarget = { botId: saved.botId, language: saved.language, state: saved.state };
        const [min, max] = saved.intervals ?? [DEFAULT_SCHEDULE.minIntervalMs, DEFAULT_SCHEDULE.maxIntervalMs];
        const { schedule, maxRequests } = waitOptions({ ...bot, pollIntervalMs: min, maxPollIntervalMs: max, maxRequests: params.maxRequests, onProgress: params.onProgress });
        const now = clock.now();
        const deadline = params.timeoutMs === undefined ? saved.deadline : now + validateNumber('timeoutMs', params.timeoutMs, 0, { min: 1 });
        if (deadline <= now) {
          throw new KoreError('TIMEOUT', `The wait for bot ${saved.botId} passed its deadline before it was resumed; resume it with a new timeoutMs`, { resumeToken });
        }
        const result = await waitOnHub(hub, clock, {
          key: keyOf(bot), target: bot, botId: bot.botId, schedule, timeoutMs: deadline - now, maxRequests, signal: params.signal, onProgress: params.onProgress,
          accept: saved.guard ? acceptNewTraining(saved.guard, clock) : ACCEPT_ANY, subscribe: { since: saved.startedAt },
          from: { ...saved, deadline }, resume: resumeContext(saved.guard, saved.training), onCheckpoint: params.onCheckpoint,
        });
        return saved.training ? { ...result, training: saved.training } : result;
      })();
    },

    trainAndWait(params) {
      return (async () => {
        const bot = target(params);
        const { timeoutMs } = waitOptions(params); // refuse bad options before training starts
        const settleMs = validateNumber('settleMs', params.settleMs, DEFAULTS.settleMs, { min: 0 });
        const started = clock.now();
        // One deadline for the whole call: the status read and the POST come out of the timeout.
        const deadline = started + timeoutMs;
        const budget = (): number => Math.max(1, Math.min(requestTimeoutMs, deadline - clock.now()));
        // The version before the POST tells the new model from the previous one. Without it (a
        // passing failure), an Inprogress seen or the settle window still guard against a stale answer.
        const before = await fetchStatus(bot, params.signal, budget()).catch((error: unknown) => {
          if (error instanceof KoreError && error.retryable) return undefined;
          throw error;
        });
        const training = await postTraining(ctx, bot, params.signal, deadline, requestTimeoutMs, counter);
        const remaining = timeoutMs === 0 ? 0 : Math.max(1, deadline - clock.now());
        const result = await wait({ ...params, timeoutMs: remaining }, guardFrom(before, clock.now(), settleMs), training);
        return { ...result, training };
      })();
    },

    verifyCredentials(params = {}) {
      return (async () => {
        try {
          await fetchStatus({ botId: PROBE_BOT_ID }, params.signal, requestTimeoutMs);
        } catch (error) {
          // Only Kore.ai's own answer about the made-up bot proves that it accepted the token.
          if (isKoreError(error) && error.httpStatus !== undefined && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) return;
          throw error;
        }
      })();
    },

    stats() {
      return { requests: counter.requests, tokensSigned: signer.signed, activeWaits: hub.activeSubscribers, activePollLoops: hub.activeStreams };
    },

    close() {
      // The transport is the host's to close.
    },
  };
}
