import { KoreError } from './errors.js';

/** The statuses the API documents; others may appear and are kept as they come. */
export type KnownTrainingStatus = 'Finished' | 'Inprogress' | 'Failed';

/** What a status means for a waiter. Unknown statuses keep it waiting. */
export type TrainingPhase = 'finished' | 'failed' | 'inprogress' | 'unknown';

/** Every sync flag Kore.ai documents; older platforms send only the first four. */
export const SYNC_FLAGS = [
  'isMlInSyncWithSentences',
  'isMlInSyncWithSynonyms',
  'isMlInSyncWithMlparams',
  'isMlInSyncWithTraits',
  'isMlInSyncWithSmallTalk',
  'isMlInSyncWithUBTraining',
  'isMlInSyncWithEntityNode',
  'isMlInSyncWithIntentNode',
  'isMlInSyncWithPatterns',
  'isMlInSyncWithBTUtterances',
] as const;

export type SyncFlag = (typeof SYNC_FLAGS)[number];

export interface TrainDetails {
  nlpVersion?: number;
  trainVersion?: number;
  [key: string]: unknown;
}

/** The train status answer, typed; fields the API adds later are kept as they come. */
export type TrainingStatus = {
  trainingStatus: KnownTrainingStatus | (string & {});
  trainDetails?: TrainDetails;
  /** True when every sync flag present is true (and at least one is present). */
  allInSync: boolean;
  /** Names of the sync flags that are false, e.g. `['isMlInSyncWithSynonyms']`. */
  outOfSync: string[];
  [key: string]: unknown;
} & Partial<Record<SyncFlag, boolean>>;

const SYNC_PREFIX = 'isMlInSyncWith';

/** `isMlInSyncWithSynonyms` as a person reads it: `Synonyms`. */
export function syncFlagLabel(flag: string): string {
  return flag.startsWith(SYNC_PREFIX) ? flag.slice(SYNC_PREFIX.length) : flag;
}

export function trainingPhase(status: Pick<TrainingStatus, 'trainingStatus'>): TrainingPhase {
  // Compared without case: the platform has spelled "Inprogress" more than one way.
  switch (status.trainingStatus.toLowerCase().replace(/[\s_-]/g, '')) {
    case 'finished':
      return 'finished';
    case 'failed':
      return 'failed';
    case 'inprogress':
      return 'inprogress';
    default:
      return 'unknown';
  }
}

export function isTerminal(status: Pick<TrainingStatus, 'trainingStatus'>): boolean {
  const phase = trainingPhase(status);
  return phase === 'finished' || phase === 'failed';
}

/** Turns the parsed JSON body into a TrainingStatus, or throws BAD_RESPONSE. */
export function parseTrainingStatus(body: unknown): TrainingStatus {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new KoreError('BAD_RESPONSE', 'Kore.ai answered the train status request with something other than a JSON object');
  }
  const raw = body as Record<string, unknown>;
  if (typeof raw['trainingStatus'] !== 'string' || raw['trainingStatus'] === '') {
    throw new KoreError('BAD_RESPONSE', 'Kore.ai answered the train status request without a "trainingStatus" string');
  }
  const outOfSync: string[] = [];
  let flags = 0;
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(SYNC_PREFIX) && typeof value === 'boolean') {
      flags++;
      if (!value) outOfSync.push(key);
    }
  }
  const status: TrainingStatus = {
    ...raw,
    trainingStatus: raw['trainingStatus'],
    allInSync: flags > 0 && outOfSync.length === 0,
    outOfSync,
  };
  const details = raw['trainDetails'];
  if (details !== undefined && (details === null || typeof details !== 'object' || Array.isArray(details))) {
    delete status.trainDetails; // a malformed optional block is dropped, not fatal
  }
  return status;
}

export function trainVersionOf(status: TrainingStatus | undefined): number | undefined {
  const version = status?.trainDetails?.trainVersion;
  return typeof version === 'number' && Number.isFinite(version) ? version : undefined;
}

export interface StartTrainingResult {
  trainingId: string;
  message: string;
}

/** The POST answers `[{ "message": "Training Queued.", "Training_ID": "…" }]`; a bare object is accepted too. */
export function parseStartTraining(body: unknown): StartTrainingResult {
  const entry = Array.isArray(body) ? body[0] : body;
  if (entry !== null && typeof entry === 'object') {
    const record = entry as Record<string, unknown>;
    const id = record['Training_ID'] ?? record['trainingId'] ?? record['_id'];
    if (typeof id === 'string' && id !== '') {
      const message = typeof record['message'] === 'string' ? record['message'] : '';
      return { trainingId: id, message };
    }
  }
  throw new KoreError('BAD_RESPONSE', 'Kore.ai answered the train request without a "Training_ID"');
}
