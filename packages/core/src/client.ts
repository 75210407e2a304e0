import { callKoreApi, type ApiContext } from './api.js';
import { KoreError } from './errors.js';
import { PollHub, type SubscribeOptions } from './poll-hub.js';
import { DEFAULT_SCHEDULE, retryDelay, type PollSchedule } from './schedule.js';
import { isTerminal, parseStartTraining, parseTrainingStatus, trainVersionOf, type StartTrainingResult, type TrainingStatus } from './status.js';
import { systemClock, timerSleep, type Clock, type Sleep } from './time.js';
import { TokenSigner } from './token.js';
import { createAxiosTransport, type Transport } from './transport.js';
import {
  normalizeHost, requireSecretString, validateAlgorithm, validateBotId, validateLanguage, validateNumber, validateState,
  type BotState, type SigningAlgorithm,
} from './validate.js';
import { waitOnHub, type Acceptance, type ProgressEvent, type WaitResult } from './wait.js';

export interface KoreClientOptions {
  /** `https://bots.kore.ai`, `bots.kore.ai`, an on-premise URL; `http://` only on loopback. */
  host: string;
  clientId: string;
  /** Signs HS256/HS512 tokens. */
  clientSecret?: string;
  /** Default HS256, what Kore.ai's API-scope apps use. */
  algorithm?: SigningAlgorithm;
  /** PEM private key for RS256/RS512. */
  privateKey?: string;
  /** Mint a token with a unique `jti` for every request (apps with "Enforce JTI"). */
  uniqueJti?: boolean;
  subject?: string;
  /** Added to (or overriding) the token's claims. */
  claims?: Record<string, unknown>;
  /** Token lifetime; default 300 s. */
  tokenTtlSeconds?: number;
  /** Allow plain http to a non-loopback host (never do this with real credentials). */
  allowInsecureHttp?: boolean;
  /** Per-request timeout; default 30 s, and never past a wait's deadline. */
  requestTimeoutMs?: number;
  /** Sends requests; default: axios with keep-alive. */
  transport?: Transport;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  /** Called after each request with what is safe to log (no headers, no token). */
  onRequest?: ApiContext['onRequest'];
  userAgent?: string;
}

export interface BotTarget {
  botId: string;
  /** Language code such as `en`; the bot's default when absent. */
  language?: string;
  /** `configured` (default) or `published`. */
  state?: BotState;
}

export interface StatusParams extends BotTarget {
  signal?: AbortSignal;
}

export interface StartTrainingParams {
  botId: string;
  language?: string;
  signal?: AbortSignal;
}

export interface WaitParams extends StatusParams {
  /** Give up after this long (TIMEOUT); 0 checks once. Default 1 h. */
  timeoutMs?: number;
  /** First and shortest interval between polls. Default 1 s. */
  pollIntervalMs?: number;
  /** Longest interval between polls. Default 30 s, or pollIntervalMs if that is longer. */
  maxPollIntervalMs?: number;
  /** Give up after this many status requests (BUDGET_EXHAUSTED). Default unlimited. */
  maxRequests?: number;
  /** Called once per status change. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface TrainAndWaitParams extends WaitParams {
  /**
   * How long after the POST a terminal status is trusted without proof that it belongs to the new
   * training (a newer trainVersion, or an Inprogress seen first). Default 10 s.
   */
  settleMs?: number;
}

export interface TrainAndWaitResult extends WaitResult {
  training: StartTrainingResult;
}

export interface KoreClientStats {
  requests: number;
  tokensSigned: number;
  activeWaits: number;
  activePollLoops: number;
}

export interface KoreClient {
  readonly host: string;
  getTrainingStatus(params: StatusParams): Promise<TrainingStatus>;
  startTraining(params: StartTrainingParams): Promise<StartTrainingResult>;
  waitForTraining(params: WaitParams): Promise<WaitResult>;
  trainAndWait(params: TrainAndWaitParams): Promise<TrainAndWaitResult>;
  /** Resolves when Kore.ai accepts the credentials; throws UNAUTHORIZED (or the failure met) otherwise. */
  verifyCredentials(params?: { signal?: AbortSignal }): Promise<void>;
  stats(): KoreClientStats;
  /** Releases keep-alive sockets of the default transport. */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 3_600_000;
const DEFAULT_SETTLE_MS = 10_000;
const MAX_POST_ATTEMPTS = 3;
/** A bot id no real bot has, for the credential check: an accepted token then meets a 404. */
/** A bot target after validation. */
interface ValidTarget {
  botId: string;
  language?: string;
  state?: BotState;
}

const ACCEPT_ANY: Acceptance = () => true;
const SHARED: SubscribeOptions = {};
const FRESH: SubscribeOptions = { fresh: true, restartSchedule: true };
const PROBE_BOT_ID = 'st-00000000-0000-0000-0000-000000000000';

export function createKoreClient(options: KoreClientOptions): KoreClient {
  if (options === null || typeof options !== 'object') throw new KoreError('INVALID_INPUT', 'options must be an object', { field: 'options' });
  const baseUrl = normalizeHost(options.host, options.allowInsecureHttp === true);
  const algorithm = validateAlgorithm(options.algorithm);
  const clientId = requireSecretString('clientId', options.clientId, 'client id');
  const clientSecret = algorithm.startsWith('HS') ? requireSecretString('clientSecret', options.clientSecret, 'client secret') : undefined;
  const privateKey = algorithm.startsWith('RS') ? requireSecretString('privateKey', options.privateKey, 'PEM private key') : undefined;
  const requestTimeoutMs = validateNumber('requestTimeoutMs', options.requestTimeoutMs, 30_000, { min: 1 });
  const tokenTtlSeconds = validateNumber('tokenTtlSeconds', options.tokenTtlSeconds, 300, { min: 10, integer: true });
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timerSleep;
  const random = options.random ?? Math.random;
  const ownTransport = options.transport ? undefined : createAxiosTransport();
  const signer = new TokenSigner({
    clientId, algorithm, clientSecret, privateKey, subject: options.subject, claims: options.claims,
    uniqueJti: options.uniqueJti === true, ttlSeconds: tokenTtlSeconds, clock,
  });
  const ctx: ApiContext = {
    baseUrl,
    signer,
    transport: options.transport ?? ownTransport!.send,
    clock,
    userAgent: options.userAgent ?? 'kore-train (+https://www.npmjs.com/package/@kore-train/core)',
    secrets: [clientSecret, privateKey].filter((s): s is string => s !== undefined),
    onRequest: options.onRequest,
  };
  const counter = { requests: 0 };

  const botPath = (botId: string): string => `/api/public/bot/${encodeURIComponent(botId)}/ml/train`;

  const fetchStatus = async (target: ValidTarget, signal: AbortSignal | undefined, timeoutMs: number): Promise<TrainingStatus> => {
    const body = await callKoreApi(ctx, {
      method: 'GET', path: `${botPath(target.botId)}/status`, query: { language: target.language, state: target.state }, timeoutMs, signal,
    }, counter);
    return parseTrainingStatus(body);
  };

  const hub = new PollHub<ValidTarget>(fetchStatus, clock, sleep, random, requestTimeoutMs);

  const target = (params: BotTarget): ValidTarget => {
    if (params === null || typeof params !== 'object') throw new KoreError('INVALID_INPUT', 'params must be an object with a botId', { field: 'params' });
    return { botId: validateBotId(params.botId), language: validateLanguage(params.language), state: validateState(params.state) };
  };

  const waitOptions = (params: WaitParams) => {
    const timeoutMs = validateNumber('timeoutMs', params.timeoutMs, DEFAULT_TIMEOUT_MS, { min: 0 });
    const minIntervalMs = validateNumber('pollIntervalMs', params.pollIntervalMs, DEFAULT_SCHEDULE.minIntervalMs, { min: 1 });
    const maxIntervalMs = validateNumber('maxPollIntervalMs', params.maxPollIntervalMs, Math.max(DEFAULT_SCHEDULE.maxIntervalMs, minIntervalMs), { min: 1 });
    if (maxIntervalMs < minIntervalMs) throw new KoreError('INVALID_INPUT', `maxPollIntervalMs must be >= pollIntervalMs (${minIntervalMs})`, { field: 'maxPollIntervalMs' });
    const maxRequests = validateNumber('maxRequests', params.maxRequests, Number.POSITIVE_INFINITY, { min: 1, integer: params.maxRequests !== undefined });
    if (params.onProgress !== undefined && typeof params.onProgress !== 'function') throw new KoreError('INVALID_INPUT', 'onProgress must be a function', { field: 'onProgress' });
    // The shared default object when nothing is overridden: one less allocation per wait.
    const schedule: PollSchedule = minIntervalMs === DEFAULT_SCHEDULE.minIntervalMs && maxIntervalMs === DEFAULT_SCHEDULE.maxIntervalMs
      ? DEFAULT_SCHEDULE
      : { ...DEFAULT_SCHEDULE, minIntervalMs, maxIntervalMs };
    return { timeoutMs, schedule, maxRequests };
  };

  /** Validates synchronously (a throw becomes the caller's rejection), then waits on the hub. */
  const wait = (params: WaitParams, accept: Acceptance, fresh: boolean): Promise<WaitResult> => {
    const bot = target(params);
    const { timeoutMs, schedule, maxRequests } = waitOptions(params);
    if (timeoutMs === 0) return checkOnce(bot, params, accept);
    return waitOnHub(hub, clock, {
      key: `${bot.botId}|${bot.language ?? ''}|${bot.state ?? 'configured'}`,
      target: bot, botId: bot.botId, schedule, timeoutMs, maxRequests, signal: params.signal, onProgress: params.onProgress, accept,
      subscribe: fresh ? FRESH : SHARED,
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
      const outcome = status.trainingStatus.toLowerCase().startsWith('fail') ? 'failed' : 'finished';
      return { outcome, status, requests: 1, elapsedMs, transitions: [{ status: status.trainingStatus, atMs: elapsedMs }] };
    }
    throw new KoreError('TIMEOUT', `Training of bot ${bot.botId} is not done (checked once, timeoutMs 0); the status is "${status.trainingStatus}"`, { lastStatus: status });
  };

  /** A refused POST (429) was not carried out, so it is safe to send again; anything else is not retried. */
  const postTraining = async (bot: BotTarget, signal: AbortSignal | undefined, deadline: number): Promise<StartTrainingResult> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const body = await callKoreApi(ctx, {
          method: 'POST', path: botPath(bot.botId), headers: { 'bot-language': bot.language }, timeoutMs: requestTimeoutMs, signal,
        }, counter);
        return parseStartTraining(body);
      } catch (error) {
        if (!(error instanceof KoreError) || error.code !== 'RATE_LIMITED' || attempt >= MAX_POST_ATTEMPTS) throw error;
        const delay = retryDelay(attempt, error.retryAfterMs, DEFAULT_SCHEDULE, random);
        if (clock.now() + delay >= deadline) throw error;
        await sleep(delay, signal);
      }
    }
  };

  return {
    host: baseUrl,

    getTrainingStatus(params) {
      return (async () => {
        const bot = target(params);
        return fetchStatus(bot, params.signal, requestTimeoutMs);
      })();
    },

    startTraining(params) {
      return (async () => postTraining(target(params), params.signal, clock.now() + requestTimeoutMs))();
    },

    waitForTraining(params) {
      try {
        return wait(params, ACCEPT_ANY, false);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    trainAndWait(params) {
      return (async () => {
        const bot = target(params);
        const { timeoutMs } = waitOptions(params); // refuse bad options before training starts
        const settleMs = validateNumber('settleMs', params.settleMs, DEFAULT_SETTLE_MS, { min: 0 });
        const started = clock.now();
        // The version before the POST tells the new model from the previous one. Without it (a
        // passing failure), an Inprogress seen or the settle window still guard against a stale answer.
        const before = await fetchStatus(bot, params.signal, requestTimeoutMs).catch((error: unknown) => {
          if (error instanceof KoreError && error.retryable) return undefined;
          throw error;
        });
        const baselineVersion = trainVersionOf(before);
        const training = await postTraining(bot, params.signal, started + timeoutMs);
        const postedAt = clock.now();
        const accept: Acceptance = (status, seen) => {
          if (seen.inProgress) return true;
          const version = trainVersionOf(status);
          if (version !== undefined && baselineVersion !== undefined && version > baselineVersion) return true;
          return clock.now() - postedAt >= settleMs;
        };
        // One deadline for the whole call: the status read and the POST come out of the timeout.
        const remaining = timeoutMs === 0 ? 0 : Math.max(1, timeoutMs - (clock.now() - started));
        const result = await wait({ ...params, timeoutMs: remaining }, accept, true);
        return { ...result, training };
      })();
    },

    verifyCredentials(params = {}) {
      return (async () => {
        try {
          await fetchStatus({ botId: PROBE_BOT_ID }, params.signal, requestTimeoutMs);
        } catch (error) {
          // The token was accepted if Kore.ai got as far as looking the (made-up) bot up.
          if (error instanceof KoreError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN' || error.code === 'INVALID_INPUT')) return;
          throw error;
        }
      })();
    },

    stats() {
      return { requests: counter.requests, tokensSigned: signer.signed, activeWaits: hub.activeSubscribers, activePollLoops: hub.activeStreams };
    },

    close() {
      ownTransport?.close();
    },
  };
}

