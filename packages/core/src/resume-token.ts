import { invalidInput } from './errors.js';
import type { StaleGuard } from './stale-guard.js';
import type { StartTrainingResult } from './status.js';
import { validateBotId, validateLanguage, validateState, type BotState } from './validate.js';

/**
 * What a wait needs to go on in another client or process. It names the bot and the times, never a secret,
 * a key or a token: it is meant to be stored (a Node-RED context, an n8n error, a CI log).
 */
export interface ResumeState {
  /** The base URL the wait polls: a token is refused by a client for another host. */
  host: string;
  botId: string;
  language?: string;
  state?: BotState;
  /** The absolute deadline (clock ms, epoch-based with the default clock). */
  deadline: number;
  /** When the wait began, which is where its poll schedule starts. */
  startedAt: number;
  /** Status requests made so far. */
  requests: number;
  /** An Inprogress was seen: any terminal status after it is the awaited one. */
  inProgress: boolean;
  /** The poll interval bounds, when they were not the defaults. */
  intervals?: [number, number];
  /** For a train-and-wait: what tells the new training's end from the previous one's. */
  guard?: StaleGuard;
  /** For a train-and-wait: the training it started, so that a resumed wait still reports it. */
  training?: StartTrainingResult;
}

const PREFIX = 'kt1.';
const MAX_TOKEN_LENGTH = 2_048;
const FIELD = 'resumeToken';

export function encodeResumeToken(state: ResumeState): string {
  const compact = {
    v: 1, h: state.host, b: state.botId, l: state.language, s: state.state, d: state.deadline, t: state.startedAt, r: state.requests,
    p: state.inProgress ? 1 : undefined, i: state.intervals,
    g: state.guard ? { v: state.guard.baselineVersion, a: state.guard.postedAt, s: state.guard.settleMs } : undefined,
    x: state.training ? { i: state.training.trainingId, m: state.training.message } : undefined,
  };
  return PREFIX + Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** Reads a token; anything malformed is INVALID_INPUT naming `resumeToken`. */
export function decodeResumeToken(token: unknown): ResumeState {
  const bad = (what: string) => invalidInput(FIELD, `a resume token from kore-train (${what})`);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !token.startsWith(PREFIX)) throw bad('it starts with "kt1."');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw bad('this one is damaged');
  }
  if (raw === null || typeof raw !== 'object' || raw['v'] !== 1) throw bad('this one is of an unknown version');
  const time = (value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw bad('this one is damaged');
    return value;
  };
  if (typeof raw['h'] !== 'string') throw bad('this one is damaged');
  const intervals = raw['i'];
  if (intervals !== undefined && !(Array.isArray(intervals) && intervals.length === 2 && intervals.every((n) => typeof n === 'number' && n >= 1))) throw bad('this one is damaged');
  const guard = raw['g'] as Record<string, unknown> | undefined;
  if (guard !== undefined && (guard === null || typeof guard !== 'object')) throw bad('this one is damaged');
  const state: ResumeState = {
    host: raw['h'],
    botId: validateBotId(raw['b']),
    deadline: time(raw['d']),
    startedAt: time(raw['t']),
    requests: Math.floor(time(raw['r'])),
    inProgress: raw['p'] === 1,
  };
  const language = validateLanguage(raw['l']);
  const botState = validateState(raw['s']);
  if (language) state.language = language;
  if (botState) state.state = botState;
  if (intervals) state.intervals = intervals as [number, number];
  if (guard) {
    state.guard = { postedAt: time(guard['a']), settleMs: time(guard['s']) };
    if (guard['v'] !== undefined) state.guard.baselineVersion = time(guard['v']);
  }
  const training = raw['x'] as Record<string, unknown> | undefined;
  if (training !== undefined) {
    if (training === null || typeof training !== 'object' || typeof training['i'] !== 'string' || typeof training['m'] !== 'string') throw bad('this one is damaged');
    state.training = { trainingId: training['i'], message: training['m'] };
  }
  return state;
}

/** What a resume token is about, for hosts that show it or check it against their own settings. */
export interface ResumeTokenInfo {
  botId: string;
  language?: string;
  state?: BotState;
  /** The absolute deadline (clock ms; epoch-based with the default clock). */
  deadline: number;
  /** Whether it continues a train-and-wait. */
  trainAndWait: boolean;
}

/** Reads a token's bot target and deadline; a malformed token is INVALID_INPUT naming `resumeToken`. */
export function describeResumeToken(token: string): ResumeTokenInfo {
  const state = decodeResumeToken(token);
  const info: ResumeTokenInfo = { botId: state.botId, deadline: state.deadline, trainAndWait: state.guard !== undefined };
  if (state.language) info.language = state.language;
  if (state.state) info.state = state.state;
  return info;
}
