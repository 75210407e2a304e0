import type { HttpRequest, HttpResponse, Transport } from '../src/transport.js';

export const SECRET = 'unit-test-client-secret-0123456789';

export interface Recorded extends HttpRequest {
  at: number;
}

type Reply = HttpResponse | Error | ((req: HttpRequest) => HttpResponse | Error | Promise<HttpResponse>);

/** A transport for unit tests: answers from a queue, then from a fallback; records every request. */
export function fakeTransport(fallback: Reply = json(200, { trainingStatus: 'Finished' })) {
  const queue: Reply[] = [];
  const requests: Recorded[] = [];
  const state = { priming: false };
  const transport: Transport = async (req) => {
    if (state.priming) return json(200, { trainingStatus: 'Finished' });
    requests.push({ ...req, at: Date.now() });
    const reply = queue.length ? queue.shift()! : fallback;
    const value = typeof reply === 'function' ? await reply(req) : reply;
    if (value instanceof Error) throw value;
    return value;
  };
  return {
    transport,
    requests,
    state,
    reply(...replies: Reply[]) {
      queue.push(...replies);
    },
    statusRequests: () => requests.filter((r) => r.method === 'GET'),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export const finished = (trainVersion = 2) => json(200, {
  trainingStatus: 'Finished', isMlInSyncWithSentences: true, isMlInSyncWithSynonyms: true, trainDetails: { nlpVersion: 3, trainVersion },
});
export const inProgress = () => json(200, { trainingStatus: 'Inprogress', isMlInSyncWithSentences: false, isMlInSyncWithSynonyms: true });
export const failed = () => json(200, { trainingStatus: 'Failed', isMlInSyncWithSentences: true });

/** A bot whose training ends `durationMs` after `startedAt` (by Date.now, which jest fakes). */
export function timeline(durationMs: number, outcome: 'finished' | 'failed' = 'finished', startedAt = Date.now()) {
  return (): HttpResponse => (Date.now() - startedAt >= durationMs ? (outcome === 'finished' ? finished() : failed()) : inProgress());
}

export function networkError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}
