/**
 * The n8n editor as a user meets it, for the browser tests: a real `n8n start` (2.40.x on Node 24,
 * the host that tools/n8n-e2e installs) with @kore-train/n8n-nodes-kore-train installed from its
 * tarball as a community package, the Kore.ai simulator on 127.0.0.1, the owner account, a
 * credential and a workflow created through n8n's REST API, and page helpers over the editor's
 * `data-test-id` attributes (n8n 2.40's editor-ui).
 *
 * Nothing waits a fixed time: every helper waits for a selector, a network answer or a process.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { BROWSER_ID, CREDENTIAL_TYPE, ensureN8nHost, N8nUserFolder, NODE_TYPE, setupOwner, type N8nServer } from '../../n8n-e2e/src/harness';
import { SCREENSHOTS } from './browser';

/** Where the README's pictures live. */
export const DOCS = path.resolve(__dirname, '../../../docs');

export const WORKFLOW_ID = 'koreBrowserE2eWf';
export const WORKFLOW_NAME = 'Train the bot, then publish or alert';
export const CREDENTIAL_NAME = 'Kore.ai (simulator)';
export const KORE_NODE = 'Kore.ai ML Training';
export const TRIGGER_NODE = 'When clicking ‘Execute workflow’';
export const FINISHED_NODE = 'Publish the bot';
export const FAILED_NODE = 'Alert the team';
export const BOT_ID = 'st-browser-demo';
export const WRONG_SECRET = 'browser-e2e-wrong-secret-0123456789';

/** Manual Trigger → Kore.ai ML Training (Train and Wait, Failed to its own output) → Publish / Alert. */
export function editorWorkflow(credentialId: string): Record<string, unknown> {
  const node = (id: string, name: string, type: string, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id, name, type, typeVersion: 1, position, parameters, ...extra,
  });
  return {
    id: WORKFLOW_ID,
    name: WORKFLOW_NAME,
    active: false,
    nodes: [
      node('b1', TRIGGER_NODE, 'n8n-nodes-base.manualTrigger', [0, 0], {}),
      node('b2', KORE_NODE, NODE_TYPE, [260, 0], {
        operation: 'trainAndWait',
        botId: BOT_ID,
        language: 'en',
        state: 'configured',
        options: { pollInterval: 0.2, maxPollInterval: 0.5, timeout: 1, onFailed: 'output' },
      }, { credentials: { [CREDENTIAL_TYPE]: { id: credentialId, name: CREDENTIAL_NAME } } }),
      node('b3', FINISHED_NODE, 'n8n-nodes-base.noOp', [560, -100], {}),
      node('b4', FAILED_NODE, 'n8n-nodes-base.noOp', [560, 100], {}),
    ],
    connections: {
      [TRIGGER_NODE]: { main: [[{ node: KORE_NODE, type: 'main', index: 0 }]] },
      [KORE_NODE]: { main: [[{ node: FINISHED_NODE, type: 'main', index: 0 }], [{ node: FAILED_NODE, type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

export interface N8nEditor {
  sim: KoreSim;
  folder: N8nUserFolder;
  server: N8nServer;
  url: string;
  /** `n8n-auth=…`, from the owner setup. */
  cookie: string;
  credentialId: string;
  /** Timings of the set-up steps, for the summary. */
  steps: string[];
  /** Stops n8n and the simulator; keeps the user folder and writes its logs when `keep`. */
  close(keep: boolean): Promise<void>;
}

async function rest<T>(url: string, cookie: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/rest${route}`, {
    method,
    headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: T }).data;
}

/**
 * The simulator on 127.0.0.1, then a fresh n8n user folder with the package installed from its
 * tarball, `n8n start` on free ports of 127.0.0.1 (ready at /healthz/readiness), the owner account,
 * then the credential and the workflow through the REST API as that owner.
 * Installs the n8n host first when this machine has none (several minutes, once).
 */
export async function startN8nEditor(): Promise<N8nEditor> {
  const steps: string[] = [];
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    steps.push(`${label.padEnd(44)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const host = await step('n8n host (install-n8n-host.sh)', ensureN8nHost);
  const sim = await startKoreSim({ bots: [{ botId: BOT_ID, trainingMs: 1500, outcome: 'finished', staleMs: 300 }] });
  let folder: N8nUserFolder | undefined;
  let server: N8nServer | undefined;
  try {
    const f = (folder = await N8nUserFolder.create(host, 'browser'));
    await step('build, pack, install the package', () => f.installPackage());
    const s = (server = await step('n8n start (until /healthz/readiness)', () => f.start()));
    const cookie = await step('POST /rest/owner/setup', () => setupOwner(s.url));
    const credential = await step('POST /rest/credentials', () =>
      rest<{ id: string }>(s.url, cookie, 'POST', '/credentials', {
        name: CREDENTIAL_NAME,
        type: CREDENTIAL_TYPE,
        data: { host: 'custom', customHost: sim.url, clientId: sim.clientId, algorithm: 'HS256', clientSecret: sim.clientSecret, uniqueJti: false, claims: '{}' },
      }),
    );
    await step('POST /rest/workflows', () => rest(s.url, cookie, 'POST', '/workflows', editorWorkflow(credential.id)));
    return {
      sim, folder: f, server: s, url: s.url, cookie, credentialId: credential.id, steps,
      close: async (keep) => {
        await s.stop();
        await sim.close();
        if (keep) f.writeLogs();
        else f.remove();
      },
    };
  } catch (error) {
    await server?.stop();
    await sim.close();
    if (folder) process.stderr.write(`[n8n-editor] set-up failed; user folder and logs kept in ${folder.writeLogs()}\n`);
    throw error;
  }
}

/**
 * Signs the browser context in as the owner: the session cookie, and the browser id it was issued
 * for (the editor sends a `browser-id` header from localStorage, which n8n checks against the cookie).
 */
export async function signIn(context: BrowserContext, editor: N8nEditor): Promise<void> {
  const [name, ...value] = editor.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: editor.url, httpOnly: true, sameSite: 'Lax' }]);
  await context.addInitScript({ content: `localStorage.setItem('n8n-browserId', ${JSON.stringify(BROWSER_ID)});` });
}

/** A PNG of the page in test-output/screenshots; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Copies a screenshot to docs/ when KORE_UPDATE_DOCS=1 (how the README's pictures are refreshed). */
export function publishToDocs(file: string, docsName: string): boolean {
  if (process.env['KORE_UPDATE_DOCS'] !== '1') return false;
  copyFileSync(file, path.join(DOCS, docsName));
  return true;
}

/** An element by its `data-test-id`. */
export const byTestId = (scope: Page | Locator, id: string): Locator => scope.locator(`[data-test-id="${id}"]`);

/** A node on the canvas, by name. */
export const canvasNode = (page: Page, name: string): Locator => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/**
 * Opens the editor's workflow list (the page a signed-in user lands on) and waits for the workflow's
 * card. The first load of the editor is the slow one (n8n serves and the browser compiles ~35 MB of
 * scripts): the set-up does it, so that each test measures the editor, not the cold start.
 */
export async function openWorkflowList(page: Page, url: string, workflowName: string): Promise<Locator> {
  await page.goto(`${url}/home/workflows`, { waitUntil: 'domcontentloaded' });
  const card = page.locator('[data-test-id="resources-list-item-workflow"]', { hasText: workflowName });
  await card.waitFor({ state: 'visible' });
  return card;
}

/** Waits until the canvas has drawn each of these nodes, and the editor's requests are done. */
export async function waitForCanvas(page: Page, nodes: string[]): Promise<void> {
  for (const name of nodes) await canvasNode(page, name).waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
}

/** Double-clicks a node on the canvas and waits for its parameter panel (NDV). */
export async function openNodePanel(page: Page, name: string): Promise<Locator> {
  await canvasNode(page, name).dblclick();
  const ndv = byTestId(page, 'ndv');
  await ndv.waitFor({ state: 'visible' });
  await byTestId(ndv, 'node-parameters').waitFor({ state: 'visible' });
  return ndv;
}

/** The labels of the parameters shown in a panel, in order (e.g. "Credential", "Operation", "Bot ID"). */
export async function parameterLabels(scope: Locator): Promise<string[]> {
  const labels = await scope.locator('[data-test-id="input-label"] label, [data-test-id="credentials-label"] label').allInnerTexts();
  // The first line is the label; "Fixed / Expression" toggles and a required "*" may follow it.
  return labels.map((l) => l.split('\n')[0]!.replace(/\s*\*\s*$/, '').trim()).filter(Boolean);
}

/** The select list open on the page (element-plus draws it in a popper outside the panel). */
export const openSelectList = (page: Page): Locator => page.locator('.el-select__popper:visible [role="listbox"]');

/** Opens an options parameter's list; returns each option's headline and description, in order. */
export async function optionsOf(page: Page, parameter: string): Promise<Array<{ name: string; description: string }>> {
  await byTestId(page, `parameter-input-${parameter}`).click();
  const items = openSelectList(page).locator('[data-test-id="parameter-input-item"]');
  await items.first().waitFor({ state: 'visible' });
  const out: Array<{ name: string; description: string }> = [];
  for (const item of await items.all()) {
    out.push({ name: (await item.locator('.option-headline').innerText()).trim(), description: (await item.locator('.option-description').innerText().catch(() => '')).trim() });
  }
  return out;
}

/** Closes an open select list with Escape and waits until it is gone. */
export async function closeSelectList(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await openSelectList(page).waitFor({ state: 'hidden' });
}

/** Waits until no CSS animation or transition runs in this element (a dialog opening, a banner appearing). */
export async function animationsDone(locator: Locator): Promise<void> {
  await locator.evaluate(async (el) => {
    const animations: Array<{ finished: Promise<unknown> }> = el.getAnimations({ subtree: true });
    await Promise.all(animations.map((a) => a.finished.catch(() => undefined)));
  });
}

/**
 * Clicks a button that sends `POST /rest/credentials/test` and returns n8n's answer `{ status, message }`.
 * A click that sent no request within 10 s is made once more (seen once in ~10 runs on a loaded
 * machine: the dialog's "Retry" took the click but sent nothing).
 */
export async function credentialTest(page: Page, button: Locator): Promise<{ status: string; message: string }> {
  for (let attempt = 1; ; attempt++) {
    const answer = page.waitForResponse((r: Response) => r.url().endsWith('/rest/credentials/test') && r.request().method() === 'POST', { timeout: attempt < 2 ? 10_000 : 20_000 });
    await button.click();
    try {
      const response = await answer;
      return ((await response.json()) as { data: { status: string; message: string } }).data;
    } catch (error) {
      if (attempt >= 2) throw error;
      process.stderr.write('[n8n-editor] the credential test button sent no request within 10 s; clicking it again\n');
    }
  }
}
