/** The public shapes of the simulator: what tests, benchmarks and demos configure and read back. */

export type TrainingOutcome = 'finished' | 'failed';
export type TerminalStatus = 'Finished' | 'Failed';
export type InitialStatus = TerminalStatus | 'Inprogress';

/** One simulated bot. Every field but `botId` has a default. */
export interface BotSpec {
  botId: string;
  /** Enabled languages; the first is the default language. Default `['en']`. */
  languages?: string[];
  /** How long a started training stays `Inprogress`. Default 1000. */
  trainingMs?: number;
  /** How a started training ends. Default `'finished'`. */
  outcome?: TrainingOutcome;
  /**
   * Status at sim start (or when set through `updateBot`). Default `'Finished'`. `'Inprogress'` starts a
   * training at once (no stale window) that follows `trainingMs` / `outcome`.
   */
  initial?: InitialStatus;
  /**
   * After a POST to the train endpoint, keep reporting the previous terminal status (same trainVersion)
   * this long before `Inprogress`: the stale-Finished race. Default 300. (`startTraining()` has none.)
   */
  staleMs?: number;
  /** `trainDetails.trainVersion` of the current configured model; +1 on each finished training. Default 1. */
  trainVersion?: number;
  /** `trainDetails.trainVersion` reported for `state=published`. Default: `trainVersion`. (Addition to the brief.) */
  publishedTrainVersion?: number;
  /** Answer only the four old sync flags (and no `trainDetails`), like older platform versions. */
  legacyFlags?: boolean;
  /** Sync flags to report false on the configured state, e.g. `['isMlInSyncWithSynonyms']` or `['Synonyms']`. */
  outOfSync?: string[];
  /** `false`: the app lacks the Train ML scope for this bot, every call answers 403. Default true. */
  scope?: boolean;
}

interface FaultTarget {
  /** Only requests to this endpoint. Default: both (`unknown-status` only ever applies to status). */
  path?: 'status' | 'train';
  /** Only requests for this bot. */
  botId?: string;
  /** Let this many matching requests (counted from injection) through before the fault applies. */
  afterRequests?: number;
  /** How many requests the fault answers. Default 1; `Infinity` for every request (programmatic only). */
  times?: number;
}

export type Fault = FaultTarget &
  (
    | {
        kind: 'rate-limit';
        /** Default 1. */
        retryAfterSeconds?: number;
        /** Send `Retry-After` as an HTTP date (sim clock + retryAfterSeconds) instead of seconds. */
        retryAfterDate?: boolean;
        /** Send no `Retry-After` header at all. (Addition to the brief.) */
        noRetryAfter?: boolean;
      }
    | { kind: 'server-error'; /** Default 500. */ status?: number }
    | { kind: 'reset' }
    | { kind: 'hang' }
    | { kind: 'non-json'; /** Default 200. */ status?: number }
    | { kind: 'unknown-status'; /** Default `'Queued'`. */ value?: string }
    | { kind: 'unauthorized' }
  );

export type FaultKind = Fault['kind'];

export type RequestKind = 'status' | 'train' | 'other';

export interface RecordedRequest {
  /** Sim clock (`now()`) when the request arrived. */
  at: number;
  method: string;
  /** URL path without the query. */
  path: string;
  kind: RequestKind;
  botId?: string;
  query: Record<string, string>;
  /** The `bot-language` header, when sent. */
  botLanguage?: string;
  authOk: boolean;
  /** Why the token was refused, when it was. Never contains the token. (Addition to the brief.) */
  authError?: string;
  /** The verified JWT payload; never the token itself. */
  claims?: Record<string, unknown>;
  /** The HTTP status answered; absent for `reset` and `hang` (and while a request is in flight). */
  answeredStatus?: number;
  /** The fault kind that answered this request, if any. */
  fault?: FaultKind;
}

export interface RequestFilter {
  method?: 'GET' | 'POST';
  path?: 'status' | 'train';
  botId?: string;
}

export interface KoreSimOptions {
  /** 0 = a free port (default). The sim listens on 127.0.0.1 only. */
  port?: number;
  /** Default `'sim-client-id'`. */
  clientId?: string;
  /** Default: 32 random bytes as hex, new on every start. */
  clientSecret?: string;
  /** Also accept RS256/RS512 tokens verified with this public key (PEM). */
  publicKeyPem?: string;
  /** Reject a token whose `jti` was already used (or that has none) with 401. */
  enforceJti?: boolean;
  bots?: BotSpec[];
  /**
   * The sim clock: drives training progress, `RecordedRequest.at`, `Retry-After` dates and the JWT
   * `exp` / `iat` checks. Default `Date.now`.
   */
  now?: () => number;
}

export interface KoreSim {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The sim clock. (Addition to the brief: `signTestToken` reads it.) */
  readonly now: () => number;
  /** Adds a bot, or replaces one with the same id (fresh state). */
  addBot(spec: BotSpec): void;
  updateBot(botId: string, patch: Partial<Omit<BotSpec, 'botId'>>): void;
  /**
   * As if a person pressed Train in the Bot Builder; returns the Training_ID (the running one's, if a
   * training already runs). The training is Inprogress at once: the stale window (`staleMs`) belongs
   * to the client's own POST only.
   */
  startTraining(botId: string, language?: string): string;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Every request to a non-control path, in order (a live array, emptied by `reset()`). */
  readonly requests: RecordedRequest[];
  count(filter?: RequestFilter): number;
  /**
   * Resolves with the next matching request (arriving after this call) once the sim has decided its
   * answer: a fault taken or a status chosen. For a `hang` fault the request is then being held, so a
   * test can abort it knowing the fault was consumed. (Addition to the brief.)
   */
  nextRequest(filter?: RequestFilter): Promise<RecordedRequest>;
  /** Forgets recorded requests and queued faults (bots and their trainings stay). */
  reset(): void;
  /** Closes the server and destroys every open socket (keep-alive and hanging ones). */
  close(): Promise<void>;
}
