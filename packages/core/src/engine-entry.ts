// `@kore-train/core/engine`: the whole library minus what a strict host forbids (axios, node:http(s), timers).
// The host brings `transport` and `sleep`; n8n's node is built on this entry.
export { createKoreEngine } from './engine.js';
export type { KoreEngineOptions } from './engine.js';
export { DEFAULTS, MAX_TOKEN_TTL_SECONDS, secretKindOf } from './options.js';
export type { KoreClientOptions } from './options.js';
export type {
  KoreClient, KoreClientStats, BotTarget, StatusParams, StartTrainingParams, WaitParams, ResumeParams, TrainAndWaitParams, TrainAndWaitResult,
} from './types.js';
export { KoreError, isKoreError, KORE_ERROR_CODES } from './errors.js';
export type { KoreErrorCode, KoreApiErrorDetail, KoreErrorOptions } from './errors.js';
export { SYNC_FLAGS, syncFlagLabel, trainingPhase, isTerminal, parseTrainingStatus, parseStartTraining, trainVersionOf } from './status.js';
export type { TrainingStatus, KnownTrainingStatus, TrainingPhase, SyncFlag, TrainDetails, StartTrainingResult } from './status.js';
export type { WaitResult, WaitOutcome, ProgressEvent, Transition } from './wait.js';
export { trainingFailedError } from './wait.js';
export { parseDuration, formatDuration } from './duration.js';
export { credentialOptions, parseClaims, normalizePem } from './credentials-input.js';
export type { CredentialInput } from './credentials-input.js';
export { REMEDIATION_HINTS } from './hints.js';
export { describeResumeToken } from './resume-token.js';
export type { ResumeTokenInfo } from './resume-token.js';
export { DEFAULT_SCHEDULE, nextPollDelay, retryDelay } from './schedule.js';
export type { PollSchedule } from './schedule.js';
export { KORE_RATE_LIMIT } from './rate-limit.js';
export type { RateLimit } from './rate-limit.js';
export type { Transport, HttpRequest, HttpResponse, ClosableTransport } from './transport.js';
export { readBodyCapped, DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
export { systemClock, MAX_TIMER_MS } from './time.js';
export type { Clock, Sleep, Timer } from './time.js';
export { redact, safeText, containsJwt, escapeControl, REDACTED } from './redact.js';
export {
  KORE_HOST_PRESETS, BOT_STATES, SIGNING_ALGORITHMS, normalizeHost, validateBotId, validateLanguage, validateState, validateAlgorithm,
} from './validate.js';
export type { BotState, SigningAlgorithm } from './validate.js';
