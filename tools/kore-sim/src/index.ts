export { startKoreSim, DEFAULT_CLIENT_ID } from './server.js';
export { signTestToken, type TestTokenOverrides, type TestTokenAlgorithm } from './test-token.js';
export { ALL_SYNC_FLAGS, BASE_SYNC_FLAGS, LEGACY_SYNC_FLAGS, NLP_VERSION, SpecError, UnknownBotError } from './model.js';
export { FAULT_KINDS, FaultError } from './faults.js';
export { MAX_IAT_SKEW_SECONDS } from './jwt.js';
export type {
  BotSpec,
  Fault,
  FaultKind,
  InitialStatus,
  KoreSim,
  KoreSimOptions,
  RecordedRequest,
  RequestFilter,
  RequestKind,
  TerminalStatus,
  TrainingOutcome,
} from './types.js';
