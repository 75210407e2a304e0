export { createKoreClient } from './client.js';
export type {
  KoreClient, KoreClientOptions, KoreClientStats, BotTarget, StatusParams, StartTrainingParams, WaitParams,
  TrainAndWaitParams, TrainAndWaitResult,
} from './client.js';
export { KoreError, isKoreError, KORE_ERROR_CODES } from './errors.js';
export type { KoreErrorCode, KoreApiErrorDetail, KoreErrorOptions } from './errors.js';
export { SYNC_FLAGS, trainingPhase, isTerminal, parseTrainingStatus, parseStartTraining, trainVersionOf } from './status.js';
export type { TrainingStatus, KnownTrainingStatus, TrainingPhase, SyncFlag, TrainDetails, StartTrainingResult } from './status.js';
export type { WaitResult, WaitOutcome, ProgressEvent, Transition } from './wait.js';
export { formatMs } from './wait.js';
export { DEFAULT_SCHEDULE, nextPollDelay, retryDelay } from './schedule.js';
export type { PollSchedule } from './schedule.js';
export { createAxiosTransport } from './transport.js';
export type { Transport, HttpRequest, HttpResponse, ClosableTransport } from './transport.js';
export { systemClock, timerSleep } from './time.js';
export type { Clock, Sleep } from './time.js';
export { redact, JWT_PATTERN, REDACTED } from './redact.js';
export {
  KORE_HOST_PRESETS, BOT_STATES, SIGNING_ALGORITHMS, normalizeHost, validateBotId, validateLanguage, validateState, validateAlgorithm,
} from './validate.js';
export type { BotState, SigningAlgorithm } from './validate.js';
