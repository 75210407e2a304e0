import type {
  ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData,
} from 'n8n-workflow';
import { KoreAiMlTraining } from '../nodes/KoreAiMlTraining/KoreAiMlTraining.node';
import { streamingHttpRequest } from './n8n-http';

/** What the node asked of n8n's `httpRequest` helper, and how many requests were in flight at once. */
export interface HttpLog {
  calls: IHttpRequestOptions[];
  inFlight: number;
  maxInFlight: number;
}

/** n8n's `httpRequest` helper over fetch (streaming the body when asked to, as n8n does), logging each call. */
export function fetchHttpRequest(log: HttpLog) {
  return async (options: IHttpRequestOptions): Promise<unknown> => {
    log.calls.push(options);
    log.inFlight++;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    try {
      return await streamingHttpRequest(options);
    } finally {
      log.inFlight--;
    }
  };
}

export type Params = Record<string, unknown>;

export interface RunOptions {
  /** Parameters of every item; a function gives per-item values (as expressions would). */
  params: Params | ((itemIndex: number) => Params);
  items?: INodeExecutionData[];
  credentials: ICredentialDataDecryptedObject;
  continueOnFail?: boolean;
  cancelSignal?: AbortSignal;
  log?: HttpLog;
}

export const NODE: INode = {
  id: 'kore-node-1',
  name: 'Kore.ai ML Training',
  type: '@kore-train/n8n-nodes-kore-train.koreAiMlTraining',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

export function newLog(): HttpLog {
  return { calls: [], inFlight: 0, maxInFlight: 0 };
}

/** A parameter as n8n's `getNodeParameter` gives it: the value, else the fallback, else an error naming it. */
export function parameterOf(params: Params, name: string, fallback?: unknown): unknown {
  if (name in params) return params[name];
  if (fallback !== undefined) return fallback;
  throw new Error(`test: no parameter "${name}"`);
}

/** What every node context here has: the one credential, n8n's `httpRequest` over fetch, a silent logger. */
export function sharedContext(credentials: ICredentialDataDecryptedObject, log: HttpLog) {
  return {
    getCredentials: async (type: string) => {
      if (type !== 'koreAiApi') throw new Error(`test: unexpected credential type ${type}`);
      return credentials;
    },
    helpers: { httpRequest: fetchHttpRequest(log) },
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  };
}

/** A minimal IExecuteFunctions: what the node uses, nothing more. */
export function executeContext(options: RunOptions): IExecuteFunctions {
  const items = options.items ?? [{ json: {} }];
  const paramsOf = (itemIndex: number): Params => (typeof options.params === 'function' ? options.params(itemIndex) : options.params);
  const context = {
    ...sharedContext(options.credentials, options.log ?? newLog()),
    getInputData: () => items,
    getNode: () => NODE,
    getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => parameterOf(paramsOf(itemIndex), name, fallback),
    continueOnFail: () => options.continueOnFail === true,
    getExecutionCancelSignal: () => options.cancelSignal,
  };
  return context as unknown as IExecuteFunctions;
}

export async function runNode(options: RunOptions): Promise<INodeExecutionData[][]> {
  const node = new KoreAiMlTraining();
  return node.execute.call(executeContext(options));
}

export function credentialsFor(sim: { url: string; clientId: string; clientSecret: string }, extra: IDataObject = {}): ICredentialDataDecryptedObject {
  return { host: 'custom', customHost: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, algorithm: 'HS256', uniqueJti: false, claims: '{}', ...extra };
}

/**
 * The sim's next request matching `filter`, or 'ended' when `run` settles first: a test that awaits a
 * request fails at once, instead of hanging, when the node stopped polling early.
 */
export function nextRequestOrEnd(
  sim: { nextRequest(filter?: { method?: 'GET' | 'POST'; path?: 'status' | 'train'; botId?: string }): Promise<unknown> },
  run: Promise<unknown>,
  filter: { method?: 'GET' | 'POST'; path?: 'status' | 'train'; botId?: string } = {},
): Promise<'request' | 'ended'> {
  const ended = (): 'ended' => 'ended';
  return Promise.race([sim.nextRequest(filter).then(() => 'request' as const), run.then(ended, ended)]);
}
