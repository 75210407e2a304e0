import { callKoreApi, type ApiContext } from './api.js';
import { KoreError } from './errors.js';
import { DEFAULT_SCHEDULE, retryDelay } from './schedule.js';
import { parseStartTraining, type StartTrainingResult } from './status.js';
import { sleepSafely } from './time.js';

const MAX_POST_ATTEMPTS = 3;

export const trainPath = (botId: string): string => `/api/public/bot/${encodeURIComponent(botId)}/ml/train`;

/**
 * Starts a training. A refused POST (429) was not carried out, so it is safe to send again, within the
 * deadline; anything else is not retried, since a second POST could queue a second training.
 */
export async function postTraining(
  ctx: ApiContext & { random: () => number },
  bot: { botId: string; language?: string },
  signal: AbortSignal | undefined,
  deadline: number,
  requestTimeoutMs: number,
  counter: { requests: number },
): Promise<StartTrainingResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const timeoutMs = Math.max(1, Math.min(requestTimeoutMs, deadline - ctx.clock.now()));
      const body = await callKoreApi(ctx, {
        method: 'POST', botId: bot.botId, path: trainPath(bot.botId), headers: { 'bot-language': bot.language }, timeoutMs, signal,
      }, counter);
      return parseStartTraining(body);
    } catch (error) {
      if (!(error instanceof KoreError) || error.code !== 'RATE_LIMITED' || attempt >= MAX_POST_ATTEMPTS) throw error;
      const delay = retryDelay(attempt, error.retryAfterMs, DEFAULT_SCHEDULE, ctx.random);
      if (ctx.clock.now() + delay >= deadline) throw error;
      await sleepSafely(ctx.sleep, delay, signal);
    }
  }
}
