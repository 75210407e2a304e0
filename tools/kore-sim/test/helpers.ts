import { jsonOrUndefined } from '@kore-train/testkit';
import { signTestToken, type KoreSim, type TestTokenOverrides } from '../src/index.js';

/** A hand-driven clock for `now`: tests move time instead of sleeping. */
export function manualClock(start = 1_767_225_600_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  sim: KoreSim,
  path: string,
  init: { method?: string; token?: string | null; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.token !== null) headers.auth = init.token ?? (await signTestToken(sim));
  const response = await fetch(sim.url + path, { method: init.method ?? 'GET', headers, body: init.body, signal: init.signal });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: jsonOrUndefined(text) };
}

export function statusPath(botId: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `/api/public/bot/${encodeURIComponent(botId)}/ml/train/status${search ? `?${search}` : ''}`;
}

export function trainPath(botId: string): string {
  return `/api/public/bot/${encodeURIComponent(botId)}/ml/train`;
}

export async function getStatus(sim: KoreSim, botId: string, query: Record<string, string> = {}, token?: string): Promise<Answer> {
  return call(sim, statusPath(botId, query), { token });
}

export async function postTrain(sim: KoreSim, botId: string, language?: string, token?: string): Promise<Answer> {
  return call(sim, trainPath(botId), { method: 'POST', token, headers: language ? { 'bot-language': language } : {} });
}

export function tokenFor(sim: KoreSim, overrides?: TestTokenOverrides): Promise<string> {
  return signTestToken(sim, overrides);
}
