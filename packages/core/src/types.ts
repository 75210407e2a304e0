import type { BotState } from './validate.js';
import type { StartTrainingResult, TrainingStatus } from './status.js';
import type { ProgressEvent, WaitResult } from './wait.js';

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
  /** First and shortest interval between polls. Default 1 s, which is also the floor against Kore.ai. */
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
  /**
   * Resolves when Kore.ai accepted the token (it answered 403 or 404 for a made-up bot); throws UNAUTHORIZED,
   * INVALID_INPUT for a key or secret that cannot sign, or the failure met.
   */
  verifyCredentials(params?: { signal?: AbortSignal }): Promise<void>;
  stats(): KoreClientStats;
  /** Releases keep-alive sockets of the default transport. */
  close(): void;
}
