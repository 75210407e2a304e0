import {
  DEFAULTS, isKoreError, KoreError, parseDuration, type KoreClient, type ProgressEvent, type StartTrainingResult, type WaitResult,
} from '@kore-train/core';
import type { WaitOptions } from './command-options.js';
import { ProgressView, type Stream } from './progress.js';
import { checkResumeTarget, resumeTargetOf } from './resume-target.js';
import { safeText } from './safe-output.js';

export interface WaitContext {
  client: KoreClient;
  options: WaitOptions;
  stderr: Stream;
  signal?: AbortSignal;
  /** `--bot`, or `KORE_BOT_ID (--bot)` when the value came from the environment. */
  labelOf: (flag: string) => string;
}

export interface WaitDone {
  botId: string;
  result: WaitResult & { training?: StartTrainingResult };
  resumed: boolean;
}

/** A wait that ended in an error, with what the user can do about it. */
export class WaitFailed extends Error {
  override readonly name = 'WaitFailed';

  constructor(
    readonly error: KoreError,
    readonly hint?: string,
    readonly resume?: { token: string; command: string },
  ) {
    super(error.message);
  }
}

export function duration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new KoreError('INVALID_INPUT', `${flag} must be a duration such as 500ms, 30s, 5m or 2h (got ${JSON.stringify(text.slice(0, 40))})`, { field: flag });
  return ms;
}

export function requireBot(options: WaitOptions): { botId: string; language?: string; state?: 'configured' | 'published' } {
  if (!options.bot) throw new KoreError('INVALID_INPUT', '--bot is required (or set KORE_BOT_ID)', { field: '--bot' });
  return { botId: options.bot, language: options.language, state: options.state as 'configured' | undefined };
}

/** `kore-train train --wait` and `kore-train wait`: one new wait, with live progress on stderr. */
export async function waitForBot(ctx: WaitContext, train: boolean): Promise<WaitDone> {
  const { client, options } = ctx;
  const bot = requireBot(options);
  const params = {
    ...bot,
    timeoutMs: duration('--timeout', options.timeout),
    pollIntervalMs: duration('--interval', options.interval),
    maxPollIntervalMs: duration('--max-interval', options.maxInterval),
    signal: ctx.signal,
  };
  const result = await withProgress(ctx, train ? `Training ${bot.botId}…` : `Waiting for ${bot.botId}…`, (onProgress) =>
    train
      ? client.trainAndWait({ ...params, settleMs: duration('--settle', options.settle), onProgress })
      : client.waitForTraining({ ...params, onProgress }));
  return { botId: bot.botId, result, resumed: false };
}

/** `kore-train wait --resume TOKEN`: the core goes on with the wait the token describes. */
export async function resumeFromToken(ctx: WaitContext, token: string): Promise<WaitDone> {
  const { client, options } = ctx;
  for (const flag of ['interval', 'maxInterval'] as const) {
    if (options[flag] !== undefined) {
      const name = flag === 'interval' ? '--interval' : '--max-interval';
      throw new KoreError('INVALID_INPUT', `${name} cannot change a resumed wait: it keeps the poll schedule in --resume`, { field: name });
    }
  }
  const target = resumeTargetOf(token);
  if (target) checkResumeTarget(target, options, ctx.labelOf);
  const timeoutMs = duration('--timeout', options.timeout);
  let botId = target?.botId;
  try {
    const result = await withProgress(ctx, `Resuming the wait for ${target?.botId ?? 'the bot'}…`, (onProgress) =>
      client.resumeWait(token, {
        timeoutMs, signal: ctx.signal,
        onProgress: (event) => {
          botId = event.botId;
          onProgress(event);
        },
      }));
    return { botId: botId ?? 'the bot', result, resumed: true };
  } catch (error) {
    // The core refuses a token past its deadline before sending anything: say which flag gives a new one.
    if (isKoreError(error, 'TIMEOUT') && timeoutMs === undefined && client.stats().requests === 0) {
      const expired = new KoreError('TIMEOUT', `The wait in --resume${botId ? ` (bot ${botId})` : ''} passed its deadline before it was resumed`, {
        resumeToken: error.resumeToken ?? token,
      });
      const advice = adviceFor(expired, options);
      throw new WaitFailed(expired, "The token's deadline has passed: pass --timeout <duration> for a new deadline from now.", advice.resume);
    }
    throw error;
  }
}

/** The hint and the resume command for a wait that ended in an error. */
export function adviceFor(error: KoreError, options: WaitOptions): WaitFailed {
  const token = error.resumeToken;
  if (!token) return new WaitFailed(error);
  // A timed-out wait needs a new deadline to go on: the command carries one, the user's or the default.
  const timeout = error.code === 'TIMEOUT' ? ` --timeout ${options.timeout?.replace(/\s+/g, '') || `${DEFAULTS.timeoutMs}ms`}` : '';
  return new WaitFailed(error, undefined, { token, command: `kore-train wait --resume ${token}${timeout}` });
}

async function withProgress(ctx: WaitContext, label: string, run: (onProgress: (event: ProgressEvent) => void) => Promise<WaitDone['result']>): Promise<WaitDone['result']> {
  // Progress goes to stderr and only to a person: --json keeps stdout a single document.
  const view = ctx.options.json && !ctx.stderr.isTTY ? undefined : new ProgressView(ctx.stderr, safeText(label));
  view?.start();
  try {
    return await run((event) => view?.update(event));
  } finally {
    view?.stop();
  }
}
