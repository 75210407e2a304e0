import {
  NodeApiError, NodeOperationError, type ICredentialDataDecryptedObject, type ICredentialTestFunctions, type IDataObject, type INodeExecutionData, type INodeProperties,
} from 'n8n-workflow';
import { DEFAULT_SCHEDULE, DEFAULTS, KORE_HOST_PRESETS, SIGNING_ALGORITHMS, secretKindOf } from '@kore-train/core/engine';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { JWT_SHAPE as JWT } from '@kore-train/testkit';
import { KoreAiApi } from '../credentials/KoreAiApi.credentials';
import { KoreAiMlTraining } from '../nodes/KoreAiMlTraining/KoreAiMlTraining.node';
import { outputsExpression } from '../nodes/KoreAiMlTraining/v1/actions/versionDescription';
import { n8nSleep } from '../nodes/KoreAiMlTraining/v1/helpers/transport';
import { credentialsFor, fetchHttpRequest, newLog, nextRequestOrEnd, runNode, type Params } from './harness';

const FAST = { pollInterval: 0.05, maxPollInterval: 0.2 };

let sim: KoreSim;

beforeAll(async () => {
  sim = await startKoreSim({
    bots: [
      { botId: 'st-done' },
      { botId: 'st-ok', trainingMs: 400, outcome: 'finished', staleMs: 100 },
      { botId: 'st-fail', trainingMs: 400, outcome: 'failed', staleMs: 100 },
      { botId: 'st-long', trainingMs: 600_000 },
      { botId: 'st-noscope', scope: false },
      { botId: 'st-de', languages: ['en', 'de'] },
    ],
  });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clearFaults();
});

/** Everything the node produced, as a user could see it, must hold neither the secret nor a JWT. */
function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { ...v, message: v.message, description: (v as NodeOperationError).description } : v));
  expect(text).not.toContain(sim.clientSecret);
  expect(text).not.toMatch(JWT);
}

async function runError(params: Params, extra: { credentials?: ICredentialDataDecryptedObject } = {}): Promise<NodeApiError | NodeOperationError> {
  const error = await runNode({ params, credentials: { ...credentialsFor(sim), ...extra.credentials } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  expectNoSecrets(error);
  return error as NodeApiError | NodeOperationError;
}

describe('description', () => {
  const node = new KoreAiMlTraining();
  const credential = new KoreAiApi();

  it('is a usable-as-tool node with four operations, each with an action', () => {
    expect(node.description.usableAsTool).toBe(true);
    const operation = node.description.properties.find((p) => p.name === 'operation');
    const values = (operation?.options as Array<{ value: string; action: string }>).map((o) => o.value);
    expect(values.sort()).toEqual(['getStatus', 'startTraining', 'trainAndWait', 'waitForTraining']);
    for (const option of operation?.options as Array<{ action?: string }>) expect(option.action).toBeTruthy();
  });

  it('tests its credential with a method the node has', () => {
    const [entry] = node.description.credentials ?? [];
    expect(entry).toMatchObject({ name: credential.name, required: true });
    expect(node.methods.credentialTest[entry!.testedBy as 'koreAiApiCredentialTest']).toBeInstanceOf(Function);
  });

  it('keeps the client secret and private key in password fields, and offers the public hosts plus a custom URL', () => {
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
    expect(byName.clientSecret?.typeOptions?.password).toBe(true);
    expect(byName.privateKey?.typeOptions?.password).toBe(true);
    const hosts = (byName.host?.options as Array<{ value: string }>).map((o) => o.value);
    expect(hosts).toEqual(expect.arrayContaining(['https://bots.kore.ai', 'https://platform.kore.ai', 'custom']));
  });

  // n8n's lint wants literal defaults and display conditions: these keep the literals equal to core's facts.
  const waitOptionsOf = (operation: string) => {
    const collections = node.description.properties.filter((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes(operation));
    expect(collections).toHaveLength(1);
    return Object.fromEntries((collections[0]!.options as INodeProperties[]).map((o) => [o.name, o]));
  };

  it('shows core\'s defaults (poll schedule, timeout) as the defaults of the wait options', () => {
    for (const operation of ['waitForTraining', 'trainAndWait']) {
      const options = waitOptionsOf(operation);
      expect(options.pollInterval?.default).toBe(DEFAULT_SCHEDULE.minIntervalMs / 1000);
      expect(options.maxPollInterval?.default).toBe(DEFAULT_SCHEDULE.maxIntervalMs / 1000);
      expect(options.timeout?.default).toBe(DEFAULTS.timeoutMs / 60_000);
    }
  });

  it('offers a Resume Token option on Wait for Training only, with the options in alphabetical order', () => {
    expect(waitOptionsOf('waitForTraining').resumeFrom).toMatchObject({ type: 'string', default: '' });
    expect(waitOptionsOf('trainAndWait').resumeFrom).toBeUndefined();
    const names = Object.values(waitOptionsOf('waitForTraining')).map((o) => o.displayName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('offers core\'s algorithms and host presets, with core\'s defaults', () => {
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
    expect((byName.algorithm?.options as Array<{ value: string }>).map((o) => o.value)).toEqual([...SIGNING_ALGORITHMS]);
    expect(byName.algorithm?.default).toBe(DEFAULTS.algorithm);
    expect(byName.host?.default).toBe(KORE_HOST_PRESETS[0].host);
  });

  it('shows the secret that core says each algorithm signs with', () => {
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
    for (const kind of ['clientSecret', 'privateKey'] as const) {
      expect(byName[kind]?.displayOptions?.show?.algorithm).toEqual(SIGNING_ALGORITHMS.filter((algorithm) => secretKindOf(algorithm) === kind));
    }
  });

  it('has a "Failed" output only when a wait operation sends Failed trainings there', () => {
    const outputs = (parameter: Record<string, unknown>) =>
      new Function('$parameter', `return (${outputsExpression.slice(3, -2)});`)(parameter) as Array<{ displayName?: string }>;
    expect(outputs({ operation: 'trainAndWait', options: { onFailed: 'output' } }).map((o) => o.displayName)).toEqual(['Finished', 'Failed']);
    expect(outputs({ operation: 'waitForTraining', options: { onFailed: 'output' } })).toHaveLength(2);
    expect(outputs({ operation: 'waitForTraining', options: {} })).toHaveLength(1);
    expect(outputs({ operation: 'waitForTraining' })).toHaveLength(1);
    expect(outputs({ operation: 'getStatus', options: { onFailed: 'output' } })).toHaveLength(1);
  });
});

describe('credential test', () => {
  const test = new KoreAiMlTraining().methods.credentialTest.koreAiApiCredentialTest;
  // A credential test only has n8n's legacy `request` helper: emulate it over fetch.
  const context = (): ICredentialTestFunctions => {
    const log = newLog();
    const httpRequest = fetchHttpRequest(log);
    return {
      helpers: {
        request: async (options: Record<string, unknown>) =>
          httpRequest({
            url: options.uri as string,
            method: options.method as 'GET',
            headers: options.headers as Record<string, string>,
            timeout: options.timeout as number,
            returnFullResponse: options.resolveWithFullResponse === true,
            ignoreHttpStatusErrors: options.simple === false,
            disableFollowRedirect: options.followRedirect === false,
          }),
      },
    } as unknown as ICredentialTestFunctions;
  };

  it('accepts a good secret', async () => {
    const result = await test.call(context(), { id: '1', name: 'k', type: 'koreAiApi', data: credentialsFor(sim) });
    expect(result.status).toBe('OK');
  });

  it('tells a bad secret from a good one, without showing it', async () => {
    const result = await test.call(context(), { id: '1', name: 'k', type: 'koreAiApi', data: credentialsFor(sim, { clientSecret: 'not-the-secret-at-all' }) });
    expect(result.status).toBe('Error');
    expect(result.message).toMatch(/rejected the JWT/);
    expect(result.message).not.toContain('not-the-secret-at-all');
  });

  it('names the field of an incomplete credential', async () => {
    const result = await test.call(context(), { id: '1', name: 'k', type: 'koreAiApi', data: credentialsFor(sim, { clientId: '' }) });
    expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/clientId/) });
  });

  it('refuses plain http to a host that is not local', async () => {
    const result = await test.call(context(), { id: '1', name: 'k', type: 'koreAiApi', data: credentialsFor(sim, { customHost: 'http://kore.example.com' }) });
    expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/https/) });
  });
});

describe('operations', () => {
  it('Get Status returns the status of each item, paired with it', async () => {
    const items: INodeExecutionData[] = [{ json: { bot: 'st-done' } }, { json: { bot: 'st-de' } }];
    const [out] = await runNode({
      items,
      params: (i) => ({ operation: 'getStatus', botId: items[i]!.json.bot, language: i === 1 ? 'de' : '', state: 'configured', options: {} }),
      credentials: credentialsFor(sim),
    });
    expect(out).toHaveLength(2);
    expect(out![0]).toMatchObject({ json: { botId: 'st-done', state: 'configured', trainingStatus: 'Finished', allInSync: true }, pairedItem: { item: 0 } });
    expect(out![1]).toMatchObject({ json: { botId: 'st-de', language: 'de', trainingStatus: 'Finished' }, pairedItem: { item: 1 } });
    expectNoSecrets(out);
  });

  it('Start Training queues a training with the language in the bot-language header', async () => {
    sim.addBot({ botId: 'st-start', languages: ['en', 'de'], trainingMs: 200 });
    const [out] = await runNode({ params: { operation: 'startTraining', botId: 'st-start', language: 'de', options: {} }, credentials: credentialsFor(sim) });
    expect(out![0]!.json).toMatchObject({ botId: 'st-start', language: 'de', trainingId: expect.any(String), message: expect.any(String) });
    const post = sim.requests.find((r) => r.method === 'POST' && r.botId === 'st-start');
    expect(post).toMatchObject({ botLanguage: 'de', authOk: true });
  });

  it('Wait for Training waits for a running training to finish', async () => {
    sim.addBot({ botId: 'st-wait', trainingMs: 400 });
    sim.startTraining('st-wait');
    const [out] = await runNode({ params: { operation: 'waitForTraining', botId: 'st-wait', language: '', state: 'configured', options: FAST }, credentials: credentialsFor(sim) });
    expect(out![0]!.json).toMatchObject({ botId: 'st-wait', outcome: 'finished', trainingStatus: 'Finished', status: { trainingStatus: 'Finished' } });
    expect((out![0]!.json.transitions as Array<{ status: string }>).map((t) => t.status)).toContain('Inprogress');
  });

  it('Train and Wait sends a Finished training to the first output and a Failed one to "Failed"', async () => {
    sim.addBot({ botId: 'st-ok', trainingMs: 400, outcome: 'finished', staleMs: 100 });
    sim.addBot({ botId: 'st-fail', trainingMs: 400, outcome: 'failed', staleMs: 100 });
    const bots = ['st-ok', 'st-fail'];
    const outputs = await runNode({
      items: bots.map((bot) => ({ json: { bot } })),
      params: (i) => ({ operation: 'trainAndWait', botId: bots[i], language: '', state: 'configured', options: { ...FAST, onFailed: 'output' } }),
      credentials: credentialsFor(sim),
    });
    expect(outputs).toHaveLength(2);
    expect(outputs[0]).toEqual([expect.objectContaining({ json: expect.objectContaining({ botId: 'st-ok', outcome: 'finished', trainingId: expect.any(String) }), pairedItem: { item: 0 } })]);
    expect(outputs[1]).toEqual([expect.objectContaining({ json: expect.objectContaining({ botId: 'st-fail', outcome: 'failed', trainingStatus: 'Failed' }), pairedItem: { item: 1 } })]);
    expectNoSecrets(outputs);
  });

  it('Train and Wait stops with an error on a Failed training by default', async () => {
    sim.addBot({ botId: 'st-fail2', trainingMs: 300, outcome: 'failed', staleMs: 50 });
    const error = await runError({ operation: 'trainAndWait', botId: 'st-fail2', language: '', state: 'configured', options: FAST });
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toMatch(/ML training of bot st-fail2 as "Failed"/);
    expect(error.description).toMatch(/Bot Builder for the reason/); // core's hint
    expect(error.description).toMatch(/On Failed Training/);
    expect(error.context.itemIndex).toBe(0);
  });
});

describe('errors', () => {
  const status = (botId: unknown, options: Record<string, unknown> = {}): Params => ({ operation: 'getStatus', botId, language: '', state: 'configured', options });

  it('an unknown bot is a NodeApiError 404 that says to check the bot id', async () => {
    const error = await runError(status('st-nope'));
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('404');
    expect(error.message).toMatch(/does not know this bot/);
    expect(error.context.itemIndex).toBe(0);
  });

  it('a bad secret is a NodeApiError 401 that points at the credential', async () => {
    const error = await runError(status('st-done'), { credentials: { clientSecret: 'wrong-secret-value' } });
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).httpCode).toBe('401');
    expect(error.description).toMatch(/Client Secret/);
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
  });

  it('a missing API scope is a NodeApiError 403', async () => {
    const error = await runError(status('st-noscope'));
    expect((error as NodeApiError).httpCode).toBe('403');
    expect(error.description).toMatch(/Train ML/);
  });

  it('a malformed bot id names the Bot ID parameter', async () => {
    const error = await runError(status('st-1/../../admin'));
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toMatch(/^Bot ID must be/);
    expect(error.description).toMatch(/"Bot ID" parameter/);
    expect(sim.count({ botId: 'st-1/../../admin' })).toBe(0);
  });

  it('a bad language or state names the parameter', async () => {
    expect((await runError({ ...status('st-done'), language: 'english!' })).message).toMatch(/^Language must be/);
    expect((await runError({ ...status('st-done'), state: 'draft' })).message).toMatch(/^State must be/);
  });

  it('a bad option names the option', async () => {
    const error = await runError({ operation: 'waitForTraining', botId: 'st-done', language: '', state: 'configured', options: { pollInterval: -1 } });
    expect(error.message).toMatch(/^Poll Interval must be a number of seconds/);
  });

  it('a bad credential field is named as a credential field', async () => {
    const error = await runError(status('st-done'), { credentials: { customHost: 'http://kore.example.com' } });
    expect(error.message).toMatch(/^"Kore.ai API" credential: Host \/ Custom URL must be https/);
    const claims = await runError(status('st-done'), { credentials: { claims: '{not json' } });
    expect(claims.message).toMatch(/Extra JWT Claims must be a JSON object/);
  });

  it('a training that outlasts the timeout is a TIMEOUT error with the last status', async () => {
    sim.addBot({ botId: 'st-slow', trainingMs: 600_000 });
    sim.startTraining('st-slow');
    const started = Date.now();
    const error = await runError({ operation: 'waitForTraining', botId: 'st-slow', language: '', state: 'configured', options: { ...FAST, timeout: 0.01 } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toMatch(/Inprogress/);
    expect(error.description).toMatch(/"Timeout" option/);
    expect(error.description).toMatch(/Resume Token option .*: kt1\./);
  });

  it('a server that keeps failing ends the wait at its timeout, with a hint about reachability', async () => {
    sim.injectFault({ kind: 'server-error', status: 503, times: Infinity, botId: 'st-done' });
    const error = await runError({ operation: 'waitForTraining', botId: 'st-done', language: '', state: 'configured', options: { ...FAST, timeout: 0.01 } });
    expect(error.message).toMatch(/not done within 600 ms; no status was received/);
    expect(error.description).toMatch(/No status came back from Kore.ai/);
    expect(sim.requests.filter((r) => r.botId === 'st-done' && r.fault === 'server-error').length).toBeGreaterThan(1); // it retried the 503s meanwhile
  });
});

describe('continueOnFail', () => {
  it('turns each failing item into an item with `error`, keeping order and pairing', async () => {
    const bots = ['st-done', 'st-nope', 'bad id!', 'st-noscope', 'st-done'];
    const [out] = await runNode({
      items: bots.map((bot) => ({ json: { bot } })),
      params: (i) => ({ operation: 'getStatus', botId: bots[i], language: '', state: 'configured', options: { concurrency: 3 } }),
      credentials: credentialsFor(sim),
      continueOnFail: true,
    });
    expect(out).toHaveLength(bots.length);
    expect(out!.map((item) => item.pairedItem)).toEqual(bots.map((_b, item) => ({ item })));
    expect(out![0]!.json).toMatchObject({ trainingStatus: 'Finished' });
    expect(out![1]!.json).toMatchObject({ error: expect.stringMatching(/does not know this bot/), errorCode: 'NOT_FOUND', httpStatus: 404 });
    expect(out![2]!.json).toMatchObject({ error: expect.stringMatching(/^Bot ID must be/), errorCode: 'INVALID_INPUT', errorField: 'botId' });
    expect(out![3]!.json).toMatchObject({ errorCode: 'FORBIDDEN', httpStatus: 403 });
    expect(out![4]!.json).toMatchObject({ trainingStatus: 'Finished' });
    expectNoSecrets(out);
  });

  it('a Failed training under "Stop With an Error" becomes an error item too', async () => {
    sim.addBot({ botId: 'st-fail3', trainingMs: 300, outcome: 'failed', staleMs: 50 });
    const [out] = await runNode({
      params: { operation: 'trainAndWait', botId: 'st-fail3', language: '', state: 'configured', options: FAST },
      credentials: credentialsFor(sim),
      continueOnFail: true,
    });
    expect(out![0]).toMatchObject({ json: { errorCode: 'TRAINING_FAILED', error: expect.stringMatching(/as "Failed"/) }, pairedItem: { item: 0 } });
  });

  it('an unusable credential fails every item alike', async () => {
    const [out] = await runNode({
      items: [{ json: {} }, { json: {} }],
      params: { operation: 'getStatus', botId: 'st-done', language: '', state: 'configured', options: {} },
      credentials: credentialsFor(sim, { clientSecret: '' }),
      continueOnFail: true,
    });
    expect(out).toHaveLength(2);
    for (const item of out!) expect(item.json).toMatchObject({ errorCode: 'INVALID_INPUT', errorField: 'clientSecret', error: expect.stringMatching(/Client Secret/) });
  });
});

describe('concurrency and cancellation', () => {
  it('processes items concurrently, never more at once than the Concurrency option', async () => {
    const log = newLog();
    const count = 9;
    const [out] = await runNode({
      items: Array.from({ length: count }, () => ({ json: {} })),
      params: { operation: 'getStatus', botId: 'st-done', language: '', state: 'configured', options: { concurrency: 3 } },
      credentials: credentialsFor(sim),
      log,
    });
    expect(out).toHaveLength(count);
    expect(log.maxInFlight).toBeGreaterThan(1);
    expect(log.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('sends every request with the abort signal, a timeout, no redirects and no status errors', async () => {
    const log = newLog();
    await runNode({ params: { operation: 'getStatus', botId: 'st-done', language: '', state: 'configured', options: {} }, credentials: credentialsFor(sim), log });
    expect(log.calls[0]).toMatchObject({
      method: 'GET', returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: true, abortSignal: expect.any(AbortSignal), timeout: expect.any(Number),
    });
    expect(log.calls[0]!.headers).toHaveProperty('auth');
  });

  it('stops waiting at once when the execution is cancelled, and polls no more', async () => {
    sim.addBot({ botId: 'st-cancel', trainingMs: 600_000 });
    sim.startTraining('st-cancel');
    const cancel = new AbortController();
    const started = Date.now();
    const pending = runNode({
      params: { operation: 'waitForTraining', botId: 'st-cancel', language: '', state: 'configured', options: { pollInterval: 0.1, maxPollInterval: 0.1 } },
      credentials: credentialsFor(sim),
      cancelSignal: cancel.signal,
    });
    // Two polls, so the wait is under way between polls, then stop it.
    for (let poll = 0; poll < 2; poll++) expect(await nextRequestOrEnd(sim, pending, { botId: 'st-cancel' })).toBe('request');
    cancel.abort();
    const abortedAt = Date.now();
    const error = (await pending.catch((e: unknown) => e)) as NodeOperationError;
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toMatch(/cancelled/);
    expect(Date.now() - abortedAt).toBeLessThan(200);
    // The error n8n shows carries the wait's resume token, in its description and its context.
    expect(error.description).toMatch(/Resume Token option .*: kt1\.[A-Za-z0-9_-]+$/);
    expect(error.context).toMatchObject({ itemIndex: 0, resumeToken: expect.stringMatching(/^kt1\./) });
    expect(error.description).toContain(error.context.resumeToken as string);
    expectNoSecrets(error);
    const seen = sim.count({ botId: 'st-cancel' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sim.count({ botId: 'st-cancel' })).toBe(seen);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a failing item (without Continue On Fail) stops the other items\' waits', async () => {
    sim.addBot({ botId: 'st-long2', trainingMs: 600_000 });
    sim.startTraining('st-long2');
    const bots = ['st-long2', 'st-nope'];
    const started = Date.now();
    const error = await runNode({
      items: bots.map(() => ({ json: {} })),
      params: (i) => ({ operation: 'waitForTraining', botId: bots[i], language: '', state: 'configured', options: FAST }),
      credentials: credentialsFor(sim),
    }).catch((e: unknown) => e as NodeApiError);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).context.itemIndex).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('sleep', () => {
  it('resolves after the delay, and rejects at once with an ABORTED error when the signal aborts', async () => {
    const started = Date.now();
    await n8nSleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const controller = new AbortController();
    const pending = n8nSleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'KoreError', code: 'ABORTED' });
    await expect(n8nSleep(10, controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('RS256 credentials', () => {
  it('signs with the private key, and names the Private Key field when it is not a key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsaSim = await startKoreSim({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), bots: [{ botId: 'st-rsa' }] });
    try {
      const credentials = { ...credentialsFor(rsaSim), algorithm: 'RS256', clientSecret: '', privateKey: pem };
      const [out] = await runNode({ params: { operation: 'getStatus', botId: 'st-rsa', language: '', state: 'configured', options: {} }, credentials });
      expect(out![0]!.json).toMatchObject({ botId: 'st-rsa', trainingStatus: 'Finished' });
      expect(rsaSim.requests[0]).toMatchObject({ authOk: true });

      // A key pasted into n8n's field on one line (its line breaks lost, or turned into spaces) signs too.
      for (const oneLine of [pem.replace(/\n/g, ''), pem.replace(/\n/g, ' ')]) {
        const [again] = await runNode({ params: { operation: 'getStatus', botId: 'st-rsa', language: '', state: 'configured', options: {} }, credentials: { ...credentials, privateKey: oneLine } });
        expect(again![0]!.json).toMatchObject({ trainingStatus: 'Finished' });
      }
      expect(rsaSim.requests.map((r) => r.authOk)).toEqual([true, true, true]);

      const error = await runNode({
        params: { operation: 'getStatus', botId: 'st-rsa', language: '', state: 'configured', options: {} },
        credentials: { ...credentials, privateKey: 'not a key at all, but secret-ish' },
      }).catch((e: unknown) => e as NodeOperationError);
      expect(error).toBeInstanceOf(NodeOperationError);
      expect((error as NodeOperationError).message).toMatch(/^"Kore.ai API" credential: Private Key must be a PEM-encoded RSA private key/);
      expect(JSON.stringify(error)).not.toContain('secret-ish');
    } finally {
      await rsaSim.close();
    }
  });
});

describe('Extra JWT Claims', () => {
  const claimsSent = async (claims: string | IDataObject | undefined): Promise<Record<string, unknown>> => {
    const seen = sim.nextRequest({ botId: 'st-done' });
    await runNode({ params: { operation: 'getStatus', botId: 'st-done', language: '', state: 'configured', options: {} }, credentials: credentialsFor(sim, { claims }) });
    return (await seen).claims ?? {};
  };

  it('adds the claims given, and none for {} or an empty field', async () => {
    expect(await claimsSent('{"sub": "n8n-test"}')).toMatchObject({ sub: 'n8n-test', appId: sim.clientId });
    for (const none of ['{}', '', { }]) expect(Object.keys(await claimsSent(none)).sort()).toEqual(Object.keys(await claimsSent(undefined)).sort());
    expect(await claimsSent('{}')).not.toHaveProperty('sub');
  });
});

describe('Resume Token', () => {
  const wait = (options: Record<string, unknown>): Params => ({ operation: 'waitForTraining', botId: 'st-ignored', language: '', state: 'configured', options });

  it('goes on, in a new execution, with a Train and Wait that n8n stopped, not fooled by the previous training\'s Finished', async () => {
    // The sim's clock is ours: it stays inside the stale window (the old "Finished" still reported after
    // the POST) until the test moves it, whatever the machine's speed.
    let simNow = Date.now();
    const clockSim = await startKoreSim({ now: () => simNow, bots: [{ botId: 'st-resume', trainingMs: 1_000, staleMs: 500 }] });
    try {
      const credentials = credentialsFor(clockSim);
      const cancel = new AbortController();
      const first = runNode({
        params: { operation: 'trainAndWait', botId: 'st-resume', language: '', state: 'configured', options: { pollInterval: 0.02, maxPollInterval: 0.02 } },
        credentials,
        cancelSignal: cancel.signal,
      }).then(
        () => undefined,
        (e: unknown) => e as NodeOperationError,
      );
      expect(await nextRequestOrEnd(clockSim, first, { method: 'POST' })).toBe('request');
      // Answered with the stale Finished, which the wait refused.
      expect(await nextRequestOrEnd(clockSim, first, { method: 'GET' })).toBe('request');
      cancel.abort();
      const stopped = await first;
      expect(stopped).toBeInstanceOf(NodeOperationError);
      const token = stopped!.context.resumeToken as string;
      expect(token).toMatch(/^kt1\./);
      expectNoSecrets(stopped);

      const resumed = runNode({ params: wait({ resumeFrom: token }), credentials });
      resumed.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
      // Three stale answers in a row, and the wait asks again after each: it was not fooled by them.
      for (let poll = 0; poll < 3; poll++) expect(await nextRequestOrEnd(clockSim, resumed, { method: 'GET' })).toBe('request');

      simNow += 2_000; // past the stale window and the training: the new model, trainVersion 2
      const [out] = await resumed;
      expect(out![0]!.json).toMatchObject({ botId: 'st-resume', resumed: true, outcome: 'finished', status: { trainDetails: { trainVersion: 2 } } });
      expect(clockSim.count({ method: 'POST' })).toBe(1); // resuming never starts another training
      expect(clockSim.requests.every((r) => r.authOk)).toBe(true);
    } finally {
      await clockSim.close();
    }
  });

  it('under Continue On Fail, a stopped wait becomes an item with its resume token', async () => {
    sim.addBot({ botId: 'st-stop-cof', trainingMs: 600_000 });
    sim.startTraining('st-stop-cof');
    const cancel = new AbortController();
    const pending = runNode({ params: { ...wait({ pollInterval: 0.05 }), botId: 'st-stop-cof' }, credentials: credentialsFor(sim), cancelSignal: cancel.signal, continueOnFail: true });
    expect(await nextRequestOrEnd(sim, pending, { botId: 'st-stop-cof' })).toBe('request');
    cancel.abort();
    const [out] = await pending;
    expect(out).toEqual([
      { json: { error: expect.stringMatching(/cancelled/), errorCode: 'ABORTED', errorDescription: expect.any(String), resumeToken: expect.stringMatching(/^kt1\./) }, pairedItem: { item: 0 } },
    ]);
  });

  it('a damaged token is an error that names the Resume Token option, and nothing is sent', async () => {
    const before = sim.requests.length;
    const error = await runError(wait({ resumeFrom: 'kt1.not-a-token' }));
    expect(error).toBeInstanceOf(NodeOperationError);
    expect(error.message).toMatch(/^Resume Token must be a resume token/);
    expect(error.description).toBe('Fix the "Resume Token" option of this node.');
    expect(sim.requests.length).toBe(before);
  });
});
