/** The pure parts (options, status badge, client options), and the files Node-RED reads: editor HTML, locales, examples, package.json. */
import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, KORE_HOST_PRESETS, SIGNING_ALGORITHMS } from '@kore-train/core';
import { clientOptions } from '../src/client-options';
import { APP_EDITOR_SETTINGS, TRAIN_EDITOR_SETTINGS } from '../src/editor-settings';
import { parseNodeOptions } from '../src/node-options';
import { WaitActivity, type ActivityView } from '@kore-train/core';
import type { NodeStatus } from 'node-red';
import { statusBadge } from '../src/status-badge';
import { translate } from './helpers';

const root = join(__dirname, '..');
const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');

describe('parseNodeOptions', () => {
  it('has defaults for a bare node, leaving the poll interval to the core', () => {
    expect(parseNodeOptions({ mode: '', pollInterval: '', timeout: '', progress: false })).toEqual({
      mode: 'wait', timeoutMs: 3_600_000, progress: false, outputs: 2, resume: true,
    });
  });
  it('reads numbers given as strings, fractions of seconds, and the progress output', () => {
    expect(parseNodeOptions({ mode: 'train', pollInterval: '0.25', timeout: '90', progress: true })).toMatchObject({
      mode: 'train', pollIntervalMs: 250, timeoutMs: 90_000, progress: true, outputs: 3,
    });
    expect(parseNodeOptions({ mode: 'wait', pollInterval: 60, timeout: 0, progress: false })).toMatchObject({ pollIntervalMs: 60_000, timeoutMs: 0 });
  });
  it('always has a third output in status mode, and no progress', () => {
    expect(parseNodeOptions({ mode: 'status', pollInterval: 5, timeout: 5, progress: true })).toMatchObject({ progress: false, outputs: 3 });
  });
  it.each([
    [{ mode: 'poll' }, 'mode'],
    [{ pollInterval: 'x' }, 'pollInterval'],
    [{ pollInterval: -1 }, 'pollInterval'],
    [{ pollInterval: 0.0001 }, 'pollInterval'],
    [{ timeout: -0.5 }, 'timeout'],
    [{ timeout: 'Infinity' }, 'timeout'],
  ])('refuses %j naming %s', (bad, field) => {
    expect(() => parseNodeOptions({ mode: 'wait', pollInterval: 5, timeout: 5, progress: false, ...bad })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field }));
  });
});

/** The node's badge path: core's activity view, rendered, sent only when it changes (as kore-train.ts does). */
function badges(shown: unknown[], idle: NodeStatus = {}) {
  let last = '';
  return (view: ActivityView) => {
    const status = statusBadge(view, translate, idle);
    if (JSON.stringify(status) !== last) shown.push(status);
    last = JSON.stringify(status);
  };
}

describe('status badge', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('shows the oldest wait, the count of waits, keeps time current, ends with the outcome, and stops on close', () => {
    const shown: unknown[] = [];
    const display = new WaitActivity(badges(shown), { tickMs: 5_000 });
    const a = {};
    const b = {};
    display.begin(a, 'starting');
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'starting training' });
    display.progress(a, { trainingStatus: 'Inprogress' });
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'training 0 ms' });
    jest.advanceTimersByTime(45_600); // whole seconds, in the core's formatDuration
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'training 45 s' });
    jest.advanceTimersByTime(125_000 - 45_600);
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'training 2.1 min' });
    jest.advanceTimersByTime(7_500_000 - 125_000);
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'training 2.1 h' });
    const before = shown.length;
    jest.advanceTimersByTime(5_000); // still "2.1 h": not sent again
    expect(shown).toHaveLength(before);
    display.begin(b, 'waiting');
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'training 2.1 h (2 waits)' });
    display.end(a, { kind: 'finished' });
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'ring', text: 'waiting 0 ms' });
    display.end(b, { kind: 'failed' });
    expect(shown.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: 'failed' });
    expect(jest.getTimerCount()).toBe(0); // no ticker while idle
    display.begin(a, 'checking');
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'dot', text: 'checking' });
    display.close();
    expect(jest.getTimerCount()).toBe(0);
    const count = shown.length;
    display.begin(b, 'waiting');
    display.end(a, { kind: 'error', code: 'TIMEOUT' });
    expect(shown).toHaveLength(count); // nothing after close
  });

  it('shows errors and not-done statuses', () => {
    const shown: unknown[] = [];
    const display = new WaitActivity(badges(shown, { fill: 'red', shape: 'ring', text: 'config' }));
    const a = {};
    display.begin(a, 'checking');
    display.end(a);
    expect(shown.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: 'config' }); // idle until an outcome shows
    display.begin(a, 'checking');
    display.end(a, { kind: 'error', code: 'NOT_FOUND' });
    expect(shown.at(-1)).toEqual({ fill: 'red', shape: 'dot', text: 'error: NOT_FOUND' });
    display.begin(a, 'checking');
    display.end(a, { kind: 'inprogress', trainingStatus: 'Inprogress' });
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'dot', text: 'Inprogress' });
    display.begin(a, 'waiting');
    display.end(a);
    expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'dot', text: 'Inprogress' });
  });
});

describe('config node options', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('rebuilds a PEM pasted on one line or with escaped newlines (core credentialOptions)', () => {
    for (const variant of [pem.replace(/\n/g, ''), pem.replace(/\n/g, '\\n'), `  ${pem}  `]) {
      const { privateKey: rebuilt } = clientOptions({ host: 'h', algorithm: 'RS256' }, { clientId: 'cs-1', privateKey: variant });
      expect(() => createPrivateKey(rebuilt!)).not.toThrow();
    }
  });

  it('maps HS and RS settings, claims and credentials to core options, with the node\'s user agent', () => {
    expect(clientOptions({ host: 'bots.kore.ai', algorithm: '', uniqueJti: true, claims: '{"sub":"ci"}' }, { clientId: 'cs-1', clientSecret: 's3cret', privateKey: 'x' })).toEqual({
      host: 'bots.kore.ai', clientId: 'cs-1', clientSecret: 's3cret', algorithm: 'HS256', uniqueJti: true, claims: { sub: 'ci' },
      userAgent: expect.stringMatching(/^node-red-kore-train /),
    });
    const rs = clientOptions({ host: 'h', algorithm: 'RS512' }, { clientId: 'cs-1', clientSecret: 'unused', privateKey: pem.replace(/\n/g, '') });
    expect(rs.clientSecret).toBeUndefined();
    expect(() => createPrivateKey(rs.privateKey!)).not.toThrow();
  });

  it('takes blank and {} claims for none, as every host does, and names the field of bad ones', () => {
    for (const claims of ['', '  ', '{}', ' { } ']) expect(clientOptions({ host: 'h', claims }, { clientId: 'c', clientSecret: 's' })).not.toHaveProperty('claims');
    for (const claims of ['"x"', '[1]', '{oops']) {
      expect(() => clientOptions({ host: 'h', claims }, { clientId: 'c', clientSecret: 's' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'claims' }));
    }
  });
});

/** Message keys a file uses: data-i18n="key", [placeholder]key, RED._/node._/this._/t("key"). */
function keysIn(text: string): string[] {
  const keys = new Set<string>();
  for (const m of text.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)) keys.add(m[1]!);
  for (const m of text.matchAll(/(?:RED|node|this|\bt)\._?\(\s*["'`]((?:kore-train|kore-ai-app)\.[A-Za-z0-9.-]+)["'`]/g)) keys.add(m[1]!);
  for (const m of text.matchAll(/\bt\(\s*["'`]((?:kore-train|kore-ai-app)\.[A-Za-z0-9.-]+)["'`]/g)) keys.add(m[1]!);
  for (const m of text.matchAll(/\$\{PREFIX\}([a-z-]+)/g)) keys.add(`kore-train.status.${m[1]}`);
  return [...keys];
}

describe('editor files', () => {
  const trainHtml = read('src', 'kore-train.html');
  const appHtml = read('src', 'kore-ai-app.html');

  it("restates no core fact in the dialogs' scripts: they read the node settings the runtime exports", () => {
    const script = (html: string): string => html.slice(html.indexOf('<script type="text/javascript">'), html.indexOf('</script>'));
    const used = (html: string): string[] => [...new Set([...script(html).matchAll(/RED\.settings\.([A-Za-z]+)/g)].map((m) => m[1]!))].sort();
    expect(used(appHtml)).toEqual(Object.keys(APP_EDITOR_SETTINGS).sort());
    expect(used(trainHtml)).toEqual(Object.keys(TRAIN_EDITOR_SETTINGS).sort());
    const facts = [...SIGNING_ALGORITHMS, ...KORE_HOST_PRESETS.map((p) => p.host), String(DEFAULTS.timeoutMs / 1000)];
    for (const html of [appHtml, trainHtml]) for (const fact of facts) expect(script(html)).not.toContain(fact);
    expect(script(appHtml)).not.toMatch(/\^RS/); // which secret an algorithm needs: koreAiAppSecretKinds
  });

  it('registers both types with template, help (message properties), labels, category and icon', () => {
    expect(trainHtml).toContain('RED.nodes.registerType("kore-train"');
    expect(trainHtml).toContain('data-template-name="kore-train"');
    expect(trainHtml).toContain('data-help-name="kore-train"');
    expect(trainHtml).toContain('class="message-properties"');
    expect(trainHtml).toContain('class="node-ports"');
    expect(trainHtml).toContain('outputLabels');
    expect(trainHtml).toMatch(/category: "Kore\.ai"/);
    expect(trainHtml).toMatch(/icon: "kore-train\.svg"/);
    expect(existsSync(join(root, 'src', 'icons', 'kore-train.svg'))).toBe(true);
    expect(appHtml).toContain('RED.nodes.registerType("kore-ai-app"');
    expect(appHtml).toContain('category: "config"');
    expect(appHtml).toMatch(/clientSecret: \{\s*type: "password"/);
    expect(appHtml).toContain('data-help-name="kore-ai-app"');
  });

  it('has every message key it uses in the en-US catalogs', () => {
    const used = [
      ...keysIn(trainHtml), ...keysIn(appHtml),
      ...keysIn(read('src', 'kore-train.ts')), ...keysIn(read('src', 'status-badge.ts')),
    ];
    expect(used.length).toBeGreaterThan(40);
    const missing = used.filter((key) => !/^kore-(train|ai-app)\.(mode|state)\.$/.test(key) && translate(key) === key);
    expect(missing).toEqual([]);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(read('package.json')) as Record<string, any> /* eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read back */;

  it('declares the Node-RED nodes, version range, keyword and engines', () => {
    expect(pkg['node-red'].version).toBe('>=4.0.0');
    expect(pkg['node-red'].nodes).toEqual({ 'kore-ai-app': 'dist/kore-ai-app.js', 'kore-train': 'dist/kore-train.js' });
    for (const file of Object.values(pkg['node-red'].nodes) as string[]) {
      expect(existsSync(join(root, file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')))).toBe(true);
      expect(existsSync(join(root, file.replace(/^dist\//, 'src/').replace(/\.js$/, '.html')))).toBe(true);
      expect(existsSync(join(root, 'src', 'locales', 'en-US', file.replace(/^dist\//, '').replace(/\.js$/, '.json')))).toBe(true);
    }
    expect(pkg['keywords']).toContain('node-red');
    expect(pkg['engines'].node).toBe('>=20.19');
    expect(pkg['dependencies']).toEqual({ '@kore-train/core': expect.any(String) });
    expect(pkg['files']).toEqual(expect.arrayContaining(['dist', 'examples']));
  });
});

describe('examples', () => {
  const files = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json'));
  const coreTypes = new Set(['tab', 'comment', 'inject', 'debug', 'catch', 'switch', 'change', 'http in', 'http response', 'function']);

  it('has the two flows the issue asks for', () => {
    expect(files.sort()).toEqual(['train and wait with error handling.json', 'wait for training.json']);
  });

  it.each(files)('%s is a consistent flow without credentials', (file) => {
    const flow = JSON.parse(read('examples', file)) as Array<Record<string, any> /* eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read back */>;
    const ids = new Set(flow.map((n) => n['id']));
    expect(ids.size).toBe(flow.length);
    for (const node of flow) {
      expect(coreTypes.has(node['type']) || node['type'] === 'kore-train' || node['type'] === 'kore-ai-app').toBe(true);
      expect(node['credentials']).toBeUndefined();
      for (const port of node['wires'] ?? []) for (const target of port) expect(ids.has(target)).toBe(true);
      if (node['type'] === 'kore-train') {
        expect(ids.has(node['app'])).toBe(true);
        const options = parseNodeOptions(node as never);
        expect(node['outputs']).toBe(options.outputs);
        expect(node['wires']).toHaveLength(options.outputs);
      }
      if (node['type'] === 'catch') for (const id of node['scope']) expect(ids.has(id)).toBe(true);
    }
    expect(JSON.stringify(flow)).not.toMatch(/"client(Id|Secret)"|"privateKey"|eyJ/);
  });
});
