import { isKoreOperation, KORE_OPERATIONS, runOperation } from '../src/operations.js';
import { parseTrainingStatus } from '../src/status.js';
import type { KoreClient } from '../src/types.js';
import type { WaitResult } from '../src/wait.js';

const finished = parseTrainingStatus({ trainingStatus: 'Finished', trainDetails: { trainVersion: 4 } });
const failed = parseTrainingStatus({ trainingStatus: 'Failed' });
const waitOf = (status = finished): WaitResult => ({ outcome: status === failed ? 'failed' : 'finished', status, elapsedMs: 1200, requests: 3, transitions: [] }) as unknown as WaitResult;

/** A client that records each call and answers from what the test gives it: only the methods operations use. */
function client(answers: { status?: typeof finished; wait?: WaitResult } = {}): { client: KoreClient; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const record = (name: string, value: unknown): void => void calls.push([name, value]);
  const training = { trainingId: 't-1', message: 'queued' };
  const client = {
    getTrainingStatus: async (params: unknown) => (record('getTrainingStatus', params), answers.status ?? finished),
    startTraining: async (params: unknown) => (record('startTraining', params), training),
    waitForTraining: async (params: unknown) => (record('waitForTraining', params), answers.wait ?? waitOf()),
    trainAndWait: async (params: unknown) => (record('trainAndWait', params), { ...(answers.wait ?? waitOf()), training }),
    resumeWait: async (token: string, params: unknown) => (record('resumeWait', { token, params }), answers.wait ?? waitOf()),
  } as unknown as KoreClient;
  return { client, calls };
}

describe('runOperation', () => {
  it('knows its four operations', () => {
    expect(KORE_OPERATIONS).toEqual(['getStatus', 'startTraining', 'waitForTraining', 'trainAndWait']);
    expect(isKoreOperation('getStatus')).toBe(true);
    expect(isKoreOperation('toString')).toBe(false);
  });

  it('getStatus: the target, Kore.ai\'s answer and core\'s summary', async () => {
    const { client: c, calls } = client();
    const { record, failed } = await runOperation(c, 'getStatus', { botId: 'st-1', state: 'published' });
    expect(calls).toEqual([['getTrainingStatus', { botId: 'st-1', state: 'published' }]]);
    expect(record).toEqual({ botId: 'st-1', state: 'published', ...finished, outcome: 'finished', trainVersion: 4 });
    expect(failed).toBeUndefined();
  });

  it('startTraining: the bot and language (no state), and the POST\'s answer', async () => {
    const { client: c, calls } = client();
    const signal = new AbortController().signal;
    const { record } = await runOperation(c, 'startTraining', { botId: 'st-1', language: 'de', state: 'configured', signal });
    expect(calls).toEqual([['startTraining', { botId: 'st-1', language: 'de', signal }]]);
    expect(record).toEqual({ botId: 'st-1', language: 'de', trainingId: 't-1', message: 'queued' });
  });

  it('waitForTraining: the wait settings go to the client; a Failed training is flagged, not thrown', async () => {
    const { client: c, calls } = client({ wait: waitOf(failed) });
    const result = await runOperation(c, 'waitForTraining', { botId: 'st-1', timeoutMs: 60_000, pollIntervalMs: 2_000 });
    expect(calls[0]![1]).toMatchObject({ botId: 'st-1', timeoutMs: 60_000, pollIntervalMs: 2_000 });
    expect(result.record).toMatchObject({ botId: 'st-1', outcome: 'failed', trainingStatus: 'Failed', requests: 3, elapsedMs: 1200, status: { ...failed } });
    expect(result.failed).toBeDefined();
  });

  it('trainAndWait: the training id beside the wait summary', async () => {
    const { client: c } = client();
    const { record } = await runOperation(c, 'trainAndWait', { botId: 'st-1', state: 'configured' });
    expect(record).toMatchObject({ botId: 'st-1', state: 'configured', trainingId: 't-1', message: 'queued', outcome: 'finished', training: { trainingId: 't-1' } });
  });

  it('waitForTraining with a resume token: refuses a bad token before any call', async () => {
    const { client: c, calls } = client();
    await expect(runOperation(c, 'waitForTraining', { botId: 'st-1', resumeToken: 'not-a-token' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'resumeToken' });
    expect(calls).toEqual([]);
  });
});
