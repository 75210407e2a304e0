/**
 * Shared set-up for the Node-RED tests: which runtime (Node-RED 4 by default, `KORE_NODE_RED=nr5` for
 * Node-RED 5 under Node 24), a translating `RED._` fed from the package's own en-US catalogs, flow
 * builders, and waiting helpers that never sleep a fixed time when an event can be awaited.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helper from 'node-red-node-test-helper';
import type { NodeAPI } from 'node-red';
import { containsJwt } from '@kore-train/core';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import koreTrainNode = require('../src/kore-train');
import koreAiAppNode = require('../src/kore-ai-app');
import { clearHandOffs } from '@kore-train/core';

export const RUNTIME = process.env.KORE_NODE_RED === 'nr5' ? 'nr5' : 'nr4';
helper.init(require.resolve(RUNTIME));

export { helper };

type Catalog = Record<string, unknown>;
const catalogs: Catalog = {};
for (const file of ['kore-train', 'kore-ai-app']) {
  Object.assign(catalogs, JSON.parse(readFileSync(join(__dirname, '..', 'src', 'locales', 'en-US', `${file}.json`), 'utf8')) as Catalog);
}

/** i18next as Node-RED sets it up: `__name__` placeholders. Unknown keys come back unchanged, as in Node-RED. */
export function translate(key: string, vars: Record<string, unknown> = {}): string {
  const value = key.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Catalog)[part] : undefined), catalogs);
  if (typeof value !== 'string') return key;
  return value.replace(/__([A-Za-z0-9_]+)__/g, (_m, name: string) => (vars[name] === undefined ? `__${name}__` : String(vars[name])));
}

/** The package's two node modules, with the helper's `RED._` (which returns keys) replaced by a real lookup. */
export const nodes = [
  (RED: NodeAPI) => {
    (RED as unknown as { _: typeof translate })._ = translate;
    return koreAiAppNode(RED);
  },
  (RED: NodeAPI) => koreTrainNode(RED),
];

export interface FlowOptions {
  mode?: 'status' | 'wait' | 'train';
  botId?: string;
  botIdType?: string;
  language?: string;
  languageType?: string;
  state?: string;
  stateType?: string;
  pollInterval?: number | string;
  timeout?: number | string;
  progress?: boolean;
  host?: string;
  algorithm?: string;
  uniqueJti?: boolean;
  claims?: string;
  /** Extra nodes (e.g. a second kore-train node). */
  extra?: FlowNode[];
}

/**
 * app (config) -> train (kore-train) with helper nodes on every output (out1, out2, out3) and a Catch
 * node scoped to `train` wired to `caught`.
 */
export type FlowNode = { id: string; type: string; wires?: string[][] } & Record<string, unknown>;

export function flow(url: string, o: FlowOptions = {}): FlowNode[] {
  const mode = o.mode ?? 'wait';
  const outputs = mode === 'status' || o.progress ? 3 : 2;
  const wires = [['out1'], ['out2'], ['out3']].slice(0, outputs);
  // Flow nodes need x/y: Node-RED takes a node without a position for a config node.
  const at = { x: 100, y: 100 };
  return [
    { id: 'tab', type: 'tab', label: 'test' },
    { id: 'app', type: 'kore-ai-app', name: 'sim', host: o.host ?? url, algorithm: o.algorithm ?? 'HS256', uniqueJti: o.uniqueJti ?? false, claims: o.claims ?? '' },
    {
      id: 'train', type: 'kore-train', z: 'tab', name: '', app: 'app', mode,
      botId: o.botId ?? 'st-bot', botIdType: o.botIdType ?? 'str',
      language: o.language ?? '', languageType: o.languageType ?? 'str',
      state: o.state ?? 'configured', stateType: o.stateType ?? 'state',
      pollInterval: o.pollInterval ?? 0.02, timeout: o.timeout ?? 10, progress: o.progress ?? false, outputs, wires, ...at,
    },
    { id: 'out1', type: 'helper', z: 'tab', ...at },
    { id: 'out2', type: 'helper', z: 'tab', ...at },
    { id: 'out3', type: 'helper', z: 'tab', ...at },
    { id: 'catch', type: 'catch', z: 'tab', scope: ['train'], uncaught: false, wires: [['caught']], ...at },
    { id: 'caught', type: 'helper', z: 'tab', ...at },
    ...(o.extra ?? []),
  ];
}

export interface Received {
  node: string;
  msg: Record<string, unknown> & { payload?: Record<string, unknown>; kore?: Record<string, unknown>; error?: Record<string, unknown> };
}

/** Records what every helper node receives, and lets a test await the n-th message of a node. */
export class Recorder {
  readonly all: Received[] = [];
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  constructor(ids: string[] = ['out1', 'out2', 'out3', 'caught']) {
    for (const id of ids) {
      const node = helper.getNode(id) as unknown as { on(event: 'input', fn: (msg: Received['msg']) => void): void };
      node.on('input', (msg) => {
        this.all.push({ node: id, msg });
        this.waiters = this.waiters.filter((w) => {
          if (!w.test()) return true;
          w.resolve();
          return false;
        });
      });
    }
  }

  of(node: string): Received['msg'][] {
    return this.all.filter((r) => r.node === node).map((r) => r.msg);
  }

  /** Resolves once `count` messages in all arrived on the given nodes (any of them). */
  waitFor(nodes: string[], count = 1, timeoutMs = 8_000): Promise<Received[]> {
    const matching = (): Received[] => this.all.filter((r) => nodes.includes(r.node));
    return new Promise((resolve, reject) => {
      if (matching().length >= count) {
        resolve(matching());
        return;
      }
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} message(s) on ${nodes.join(', ')}; got ${JSON.stringify(this.all.map((r) => r.node))}`)), timeoutMs);
      this.waiters.push({
        test: () => matching().length >= count,
        resolve: () => {
          clearTimeout(timer);
          resolve(matching());
        },
      });
    });
  }
}

/** The node's status calls so far (the helper makes `status` a sinon spy). */
export function statusCalls(id = 'train'): Array<{ fill?: string; shape?: string; text?: string }> {
  const node = helper.getNode(id) as unknown as { status: { args: unknown[][] } };
  return node.status.args.map((args) => args[0] as { fill?: string; shape?: string; text?: string });
}

/** Resolves when `test` holds, checking on every event-loop turn (for state with no event to wait on). */
export async function until(test: () => boolean, what: string, timeoutMs = 8_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Fails if a text holds the secret or anything shaped like a JWT. */
export function expectNoSecrets(text: string, secret: string): void {
  expect(text.includes(secret)).toBe(false);
  expect(containsJwt(text)).toBe(false);
}

/**
 * What every spec file sets up: a simulator and the Node-RED test server for the file, the flow
 * unloaded after each test. `onStarted` receives the simulator once it listens.
 */
export function useSimAndRuntime(onStarted: (sim: KoreSim) => void): void {
  let sim: KoreSim;
  beforeAll(async () => {
    sim = await startKoreSim({ port: 0 });
    onStarted(sim);
    await helper.startServer();
  });
  afterAll(async () => {
    await helper.stopServer();
    await sim.close();
  });
  afterEach(async () => {
    await helper.unload();
    // Unloading stops the flows as a restart does: waits left pending would resume in the next test's node.
    clearHandOffs();
  });
}
