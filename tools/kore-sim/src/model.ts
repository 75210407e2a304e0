import { randomBytes } from 'node:crypto';
import type { BotSpec, InitialStatus, TerminalStatus, TrainingOutcome } from './types.js';

/** The four flags older platform versions document. */
export const LEGACY_SYNC_FLAGS = [
  'isMlInSyncWithSentences',
  'isMlInSyncWithSynonyms',
  'isMlInSyncWithMlparams',
  'isMlInSyncWithTraits',
] as const;

/** The six flags every answer carries (Inprogress and Failed carry only these). */
export const BASE_SYNC_FLAGS = [...LEGACY_SYNC_FLAGS, 'isMlInSyncWithSmallTalk', 'isMlInSyncWithUBTraining'] as const;

/** All ten flags of a Finished answer. */
export const ALL_SYNC_FLAGS = [
  ...BASE_SYNC_FLAGS,
  'isMlInSyncWithEntityNode',
  'isMlInSyncWithIntentNode',
  'isMlInSyncWithPatterns',
  'isMlInSyncWithBTUtterances',
] as const;

/** `trainDetails.nlpVersion`: the NLP engine version, fixed in the sim. */
export const NLP_VERSION = 3;

const SYNC_PREFIX = 'isMlInSyncWith';

export type BotState = 'configured' | 'published';

/** A spec with every default filled in. */
export type ResolvedBotSpec = Required<Omit<BotSpec, 'publishedTrainVersion'>> & { publishedTrainVersion?: number };

/** A BotSpec that does not make sense (bad type, unknown value). Control API answers it with 400. */
export class SpecError extends Error {
  override readonly name: string = 'SpecError';
}

/** A bot id the sim does not know. Control API answers it with 404. */
export class UnknownBotError extends SpecError {
  override readonly name = 'UnknownBotError';
}

interface Training {
  id: string;
  postedAt: number;
  /** True for a training started by the client's POST; false for one started by a person or at sim start. */
  stale: boolean;
}

interface LanguageState {
  /** trainVersion of the configured model (the last finished training). */
  trainVersion: number;
  publishedVersion: number;
  /** The status reported when no training runs, and during a training's stale window. */
  lastTerminal: TerminalStatus;
  training?: Training;
}

export type StatusBody = Record<string, unknown> & { trainingStatus: string };

export function newTrainingId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * One bot: its spec and, per language, the configured model's version, the published version and
 * the training in flight. Progress is computed from the clock on each call, so no timers run.
 */
export class SimBot {
  private spec: ResolvedBotSpec;
  private readonly languages = new Map<string, LanguageState>();

  constructor(spec: BotSpec, now: number) {
    this.spec = resolveSpec(spec);
    for (const language of this.spec.languages) this.languages.set(language, this.initialState(now));
  }

  get botId(): string {
    return this.spec.botId;
  }

  get defaultLanguage(): string {
    return this.spec.languages[0] as string;
  }

  get hasScope(): boolean {
    return this.spec.scope;
  }

  hasLanguage(language: string): boolean {
    return this.languages.has(language);
  }

  update(patch: Partial<BotSpec>, now: number): void {
    if (patch.botId !== undefined && patch.botId !== this.spec.botId) throw new SpecError('botId cannot be changed');
    const next = resolveSpec({ ...this.spec, ...definedOnly(patch), botId: this.spec.botId });
    this.spec = next;
    for (const language of [...this.languages.keys()]) {
      if (!next.languages.includes(language)) this.languages.delete(language);
    }
    for (const language of next.languages) {
      const state = this.languages.get(language);
      if (!state) {
        this.languages.set(language, this.initialState(now));
        continue;
      }
      if (patch.trainVersion !== undefined) state.trainVersion = next.trainVersion;
      if (patch.publishedTrainVersion !== undefined) state.publishedVersion = patch.publishedTrainVersion;
      if (patch.initial !== undefined) applyInitial(state, patch.initial, now);
    }
  }

  /**
   * Starts a training, or returns the id of the one already running for this language. `stale`: the
   * client's own POST, after which the previous status shows for `staleMs`; a training started by
   * someone else (a person pressing Train) is simply Inprogress for whoever looks next.
   */
  startTraining(language: string, now: number, stale: boolean): string {
    const state = this.stateOf(language);
    this.settle(state, now);
    if (state.training) return state.training.id;
    const training: Training = { id: newTrainingId(), postedAt: now, stale };
    state.training = training;
    return training.id;
  }

  /** The status answer, shaped like the documented samples. */
  status(language: string, botState: BotState, now: number): StatusBody {
    const state = this.stateOf(language);
    if (botState === 'published') {
      return this.body('Finished', { nlpVersion: NLP_VERSION, trainVersion: state.publishedVersion }, new Set());
    }
    this.settle(state, now);
    const training = state.training;
    const inStaleWindow = training !== undefined && training.stale && now < training.postedAt + this.spec.staleMs;
    const status = training && !inStaleWindow ? 'Inprogress' : state.lastTerminal;
    const details = status === 'Finished' ? { nlpVersion: NLP_VERSION, trainVersion: state.trainVersion } : undefined;
    return this.body(status, details, this.outOfSync());
  }

  /** The answer for a status value the client does not know (shaped like Inprogress). */
  unknownStatus(value: string): StatusBody {
    return this.body(value, undefined, this.outOfSync());
  }

  private body(status: string, details: { nlpVersion: number; trainVersion: number } | undefined, outOfSync: Set<string>): StatusBody {
    const flags = this.spec.legacyFlags ? LEGACY_SYNC_FLAGS : details ? ALL_SYNC_FLAGS : BASE_SYNC_FLAGS;
    const body: StatusBody = { trainingStatus: status };
    for (const flag of flags) body[flag] = !outOfSync.has(flag);
    if (details && !this.spec.legacyFlags) body.trainDetails = details;
    return body;
  }

  private outOfSync(): Set<string> {
    return new Set(this.spec.outOfSync.map((flag) => (flag.startsWith(SYNC_PREFIX) ? flag : SYNC_PREFIX + flag)));
  }

  private settle(state: LanguageState, now: number): void {
    const training = state.training;
    if (!training) return;
    const endsAt = training.postedAt + (training.stale ? this.spec.staleMs : 0) + this.spec.trainingMs;
    if (now < endsAt) return;
    state.training = undefined;
    if (this.spec.outcome === 'finished') {
      state.trainVersion += 1;
      state.lastTerminal = 'Finished';
    } else {
      state.lastTerminal = 'Failed';
    }
  }

  private stateOf(language: string): LanguageState {
    const state = this.languages.get(language);
    if (!state) throw new SpecError(`language ${language} is not enabled for bot ${this.spec.botId}`);
    return state;
  }

  private initialState(now: number): LanguageState {
    const state: LanguageState = {
      trainVersion: this.spec.trainVersion,
      publishedVersion: this.spec.publishedTrainVersion ?? this.spec.trainVersion,
      lastTerminal: 'Finished',
    };
    applyInitial(state, this.spec.initial, now);
    return state;
  }
}

function applyInitial(state: LanguageState, initial: InitialStatus, now: number): void {
  if (initial === 'Inprogress') {
    state.training = { id: newTrainingId(), postedAt: now, stale: false };
    return;
  }
  state.training = undefined;
  state.lastTerminal = initial;
}

/** Every bot of a sim, by id. */
export class BotRegistry {
  private readonly bots = new Map<string, SimBot>();

  /** Adds a bot, or replaces one with the same id (fresh state). */
  add(spec: BotSpec, now: number): SimBot {
    const bot = new SimBot(spec, now);
    this.bots.set(bot.botId, bot);
    return bot;
  }

  get(botId: string): SimBot | undefined {
    return this.bots.get(botId);
  }

  require(botId: string): SimBot {
    const bot = this.bots.get(botId);
    if (!bot) throw new UnknownBotError(`unknown bot ${botId}`);
    return bot;
  }

  ids(): string[] {
    return [...this.bots.keys()];
  }
}

const OUTCOMES: readonly TrainingOutcome[] = ['finished', 'failed'];
const INITIALS: readonly InitialStatus[] = ['Finished', 'Failed', 'Inprogress'];

/** Fills defaults and refuses what makes no sense; specs also arrive as JSON over the control API. */
export function resolveSpec(input: unknown): ResolvedBotSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SpecError('a bot spec must be an object');
  const spec = input as Record<string, unknown>;
  const botId = spec.botId;
  if (typeof botId !== 'string' || botId.trim() === '' || /[/?#\s]/.test(botId)) {
    throw new SpecError('botId must be a non-empty string without /, ?, # or spaces');
  }
  const languages = spec.languages ?? ['en'];
  if (!Array.isArray(languages) || languages.length === 0 || !languages.every((l) => typeof l === 'string' && l !== '')) {
    throw new SpecError('languages must be a non-empty array of language codes');
  }
  const outOfSync = spec.outOfSync ?? [];
  if (!Array.isArray(outOfSync) || !outOfSync.every((f) => typeof f === 'string')) {
    throw new SpecError('outOfSync must be an array of sync flag names');
  }
  const resolved: ResolvedBotSpec = {
    botId,
    languages: [...new Set(languages as string[])],
    trainingMs: duration(spec.trainingMs, 1000, 'trainingMs'),
    outcome: oneOf(spec.outcome, OUTCOMES, 'finished', 'outcome'),
    initial: oneOf(spec.initial, INITIALS, 'Finished', 'initial'),
    staleMs: duration(spec.staleMs, 300, 'staleMs'),
    trainVersion: version(spec.trainVersion, 1, 'trainVersion'),
    legacyFlags: flag(spec.legacyFlags, false, 'legacyFlags'),
    outOfSync: [...(outOfSync as string[])],
    scope: flag(spec.scope, true, 'scope'),
  };
  if (spec.publishedTrainVersion !== undefined) {
    resolved.publishedTrainVersion = version(spec.publishedTrainVersion, 1, 'publishedTrainVersion');
  }
  return resolved;
}

function duration(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new SpecError(`${name} must be a number of ms >= 0`);
  return value;
}

function version(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new SpecError(`${name} must be an integer >= 0`);
  return value;
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new SpecError(`${name} must be true or false`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SpecError(`${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
