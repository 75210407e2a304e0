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
  /**
   * Called with a resume token when the wait starts and after each status change: store it, and a later
   * `resumeWait` (in this process or another) goes on with the same deadline and guard. It holds no secret.
   */
  onCheckpoint?: (resumeToken: string) => void;
}

export interface ResumeParams {
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onCheckpoint?: (resumeToken: string) => void;
  /** A new deadline, this long from now; by default the token's own deadline holds. */
  timeoutMs?: number;
  maxRequests?: number;
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
   * Goes on with a wait from its resume token (from `onCheckpoint`, or a TIMEOUT or ABORTED error's
   * `resumeToken`): the same bot, deadline and stale-Finished guard. A malformed token or one made for another
   * host is INVALID_INPUT (field `resumeToken`); one whose deadline has passed is TIMEOUT. A resumed
   * train-and-wait's result has its `training` again.
   */
  resumeWait(resumeToken: string, params?: ResumeParams): Promise<WaitResult & { training?: StartTrainingResult }>;
  /**
   * Resolves when Kore.ai accepted the token (it answered 403 or 404 for a made-up bot); throws UNAUTHORIZED,
   * INVALID_INPUT for a key or secret that cannot sign, or the failure met.
   */
  verifyCredentials(params?: { signal?: AbortSignal }): Promise<void>;
  stats(): KoreClientStats;
  /** Releases keep-alive sockets of the default transport. */
  close(): void;
}
