import { describeResumeToken, KoreError } from '@kore-train/core';

/** The bot a resume token names: what --bot, --language and --state would have said. */
export interface ResumeTarget {
  botId: string;
  language?: string;
  state?: string;
}

/**
 * The bot a token names, so that a --bot (or KORE_BOT_ID), --language or --state that disagrees with it is
 * refused before any request. An unreadable token is left to resumeWait, which refuses it naming --resume.
 */
export function resumeTargetOf(token: string): ResumeTarget | undefined {
  try {
    return describeResumeToken(token);
  } catch {
    return undefined;
  }
}

/** Which of --bot, --language and --state disagree with the token; the token's default state is configured. */
export function checkResumeTarget(
  target: ResumeTarget,
  given: { bot?: string; language?: string; state?: string },
  /** How the user set a flag: `--bot`, or `KORE_BOT_ID (--bot)` when it came from the environment. */
  labelOf: (flag: string) => string = (flag) => flag,
): void {
  const clash = (flag: string, tokenValue: string) =>
    new KoreError('INVALID_INPUT', `${labelOf(flag)} differs from the wait in --resume, which is for ${tokenValue}: leave ${flag} out (the token names the bot)`, { field: flag });
  if (given.bot !== undefined && given.bot !== target.botId) throw clash('--bot', `bot ${target.botId}`);
  if (given.language !== undefined && given.language !== target.language) {
    throw clash('--language', target.language ? `language ${target.language}` : "the bot's default language");
  }
  if (given.state !== undefined && given.state !== (target.state ?? 'configured')) throw clash('--state', `state ${target.state ?? 'configured'}`);
}
