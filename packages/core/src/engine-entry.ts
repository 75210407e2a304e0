// `@kore-train/core/engine`: the whole library minus what a strict host forbids (axios, node:http(s), timers).
// The host brings `transport` and `sleep`; n8n's node is built on this entry. `index.ts` adds the ready client.

// ── The client: operations on a bot's ML training ────────────────────────────────────────────────────────────
export { createKoreEngine } from './engine.js';
export type { KoreEngineOptions } from './engine.js';
export { DEFAULTS, MAX_TOKEN_TTL_SECONDS, secretKindOf } from './options.js';
export type { KoreClientOptions } from './options.js';
export type {
  KoreClient, KoreClientStats, BotTarget, StatusParams, StartTrainingParams, WaitParams, ResumeParams, TrainAndWaitParams, TrainAndWaitResult,
} from './types.js';
export { describeResumeToken } from './resume-token.js';
export type { ResumeTokenInfo } from './resume-token.js';

// ── Errors, with stable codes and advice ─────────────────────────────────────────────────────────────────────
export { KoreError, isKoreError, KORE_ERROR_CODES } from './errors.js';
export type { KoreErrorCode, KoreApiErrorDetail, KoreErrorOptions } from './errors.js';
export { REMEDIATION_HINTS } from './hints.js';
export { trainingFailedError } from './wait.js';

// ── Statuses, results and what to show of them ───────────────────────────────────────────────────────────────
export { SYNC_FLAGS, syncFlagLabel, trainingPhase, isTerminal, parseTrainingStatus, parseStartTraining, trainVersionOf } from './status.js';
export type { TrainingStatus, KnownTrainingStatus, TrainingPhase, SyncFlag, TrainDetails, StartTrainingResult } from './status.js';
export type { WaitResult, WaitOutcome, ProgressEvent, Transition } from './wait.js';
export { summarizeStatus, summarizeWait, summarizeProgress } from './summary.js';
export type { StatusSummary, WaitSummary, ProgressSummary } from './summary.js';
export { parseDuration, formatDuration } from './duration.js';

// ── Kore.ai's facts: hosts, states, algorithms, limits, schedule ─────────────────────────────────────────────
export {
  KORE_HOST_PRESETS, BOT_STATES, SIGNING_ALGORITHMS, normalizeHost, sameHost, validateBotId, validateLanguage, validateState, validateAlgorithm,
} from './validate.js';
export type { BotState, SigningAlgorithm } from './validate.js';
export { KORE_RATE_LIMIT } from './rate-limit.js';
export type { RateLimit } from './rate-limit.js';
export { DEFAULT_SCHEDULE, nextPollDelay, retryDelay } from './schedule.js';
export type { PollSchedule } from './schedule.js';

// ── Safety: server text made safe, secrets and JWTs kept out ─────────────────────────────────────────────────
export { redact, safeText, containsJwt, escapeControl, REDACTED } from './redact.js';

// ── Bringing your own HTTP client and clock ──────────────────────────────────────────────────────────────────
export type { Transport, HttpRequest, HttpResponse, ClosableTransport } from './transport.js';
export { readBodyCapped, DEFAULT_MAX_RESPONSE_BYTES } from './body.js';
export { fullResponseTransport, toHttpResponse, sanitizeHttpError, lowerCaseHeaders } from './http-response.js';
export { systemClock, MAX_TIMER_MS } from './time.js';
export type { Clock, Sleep, Timer } from './time.js';
export { abortableSleep } from './abortable-sleep.js';
export type { HostSleep } from './abortable-sleep.js';

// ── For host adapters (n8n, Node-RED, the CLI): forms in, operations run, results and errors out ───────────────
export { credentialOptions, parseClaims, normalizePem, readCredentialFields, withStoredSecrets, CREDENTIAL_FIELD_MAX_LENGTH } from './credentials-input.js';
export type { CredentialInput, CredentialField, CredentialFields, StoredCredential } from './credentials-input.js';
export { checkCredentials, CREDENTIALS_OK } from './check-credentials.js';
export type { CredentialCheck, CheckCredentialsOptions } from './check-credentials.js';
export { durationSetting } from './duration.js';
export type { DurationSettingRule } from './duration.js';
export { readBotTarget } from './target-input.js';
export type { TargetField } from './target-input.js';
export { runOperation, isKoreOperation, KORE_OPERATIONS } from './operations.js';
export type { KoreOperation, OperationInput, OperationResult } from './operations.js';
export { forEachBounded, settleBounded, concurrencySetting } from './bounded.js';
export type { Settled, SettleOptions } from './bounded.js';
export { labelInvalidInput } from './field-labels.js';
export type { FieldLabels, LabelledInput } from './field-labels.js';
export { reportError } from './error-report.js';
export type { ErrorReport, ReportWording } from './error-report.js';
export { TRIGGER_ON, triggerOnSetting, watchKey, seenOf, shouldFire, readSeen, writeSeen, watchTraining } from './training-watch.js';
export type { TriggerOn, Seen, WatchStep } from './training-watch.js';
export { WaitJobs } from './wait-jobs.js';
export type { JobSpec, JobIO, JobEnding } from './wait-jobs.js';
export { WaitJournal, HAND_OFF_TTL_MS, clearHandOffs } from './wait-journal.js';
export type { JournalStore, JournalEntry, PendingWait } from './wait-journal.js';
export { jsonExactParts, isJsonExact } from './json-exact.js';
export type { JsonExactParts } from './json-exact.js';
