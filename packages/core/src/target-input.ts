/**
 * A bot target typed into a host's form, or read from a message or an expression: each field read and validated
 * in turn, a refusal naming the field and, when the host says, where it was read (e.g. `msg.payload.botId`).
 */
import { isKoreError, KoreError } from './errors.js';
import { safeText } from './redact.js';
import type { BotTarget } from './types.js';
import { validateBotId, validateLanguage, validateState } from './validate.js';

export type TargetField = 'botId' | 'language' | 'state';

const VALIDATORS = { botId: validateBotId, language: validateLanguage, state: validateState } as const;

/**
 * `read` gives a field's raw value (it may be asynchronous, and may throw); `where` says where the host read it,
 * for the error. A blank language or state is left out (the bot's default language, the configured state).
 */
export async function readBotTarget(read: (field: TargetField) => unknown, where: (field: TargetField) => string | undefined = () => undefined): Promise<BotTarget> {
  const target: Partial<BotTarget> = {};
  for (const field of ['botId', 'language', 'state'] as const) {
    const from = where(field);
    let raw: unknown;
    try {
      raw = await read(field);
    } catch (error) {
      const reason = safeText(error instanceof Error ? error.message : String(error));
      throw new KoreError('INVALID_INPUT', `${field} could not be read${from ? ` from ${from}` : ''}: ${reason}`, { field });
    }
    try {
      const value = VALIDATORS[field](raw);
      if (value !== undefined) Object.assign(target, { [field]: value });
    } catch (error) {
      if (from && isKoreError(error, 'INVALID_INPUT')) throw new KoreError('INVALID_INPUT', `${error.message} (read from ${from})`, { field });
      throw error;
    }
  }
  return target as BotTarget;
}
