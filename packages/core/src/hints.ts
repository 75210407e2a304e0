import type { KoreErrorCode } from './errors.js';

/** What a user can do about each error, in words that fit every host (adapters say where to fix it). */
export const REMEDIATION_HINTS: Readonly<Partial<Record<KoreErrorCode, string>>> = Object.freeze({
  UNAUTHORIZED: 'Kore.ai did not accept the signed token: check the client id, the client secret (or private key), the algorithm and the host.',
  FORBIDDEN: 'Give the Kore.ai app the "Train ML" API scope (Bot Builder > API Scopes, or Admin Console > API Scopes) for this bot.',
  NOT_FOUND: 'Check the bot id (or stream id, "st-…") in the bot\'s General Settings, and that the host is the one the bot lives on.',
  BAD_REQUEST: 'Kore.ai refused the request itself: check the language (the bot must have it) and the state.',
  RATE_LIMITED: 'Kore.ai kept rate limiting the requests: run fewer waits at once or poll less often.',
  SERVER_ERROR: 'Kore.ai had a server error: try again later.',
  NETWORK: 'Check the host and that this machine can reach it (proxy and firewall settings).',
  BAD_RESPONSE: 'The host answered with something that is not the Kore.ai API: check the host.',
  TIMEOUT: 'The training did not end in time: raise the timeout, or look at the training in the Bot Builder.',
  BUDGET_EXHAUSTED: 'The wait used up its request budget: raise it, or poll less often.',
  TRAINING_FAILED: 'Kore.ai reported the ML training as "Failed": open the bot\'s training page in the Bot Builder for the reason.',
});

/** A TIMEOUT before any status arrived is a reachability problem, not a slow training. */
export const NO_STATUS_HINT = 'No status came back from Kore.ai before the timeout: every request failed or went unanswered. Check the host and whether Kore.ai is reachable, or raise the timeout.';
