/**
 * The Node-RED editor of @kore-train/node-red-kore-train in headless Chromium, as a user meets it:
 * the packed package installed from its tarball into a fresh userDir, a real Node-RED process
 * (4.1 on Node 20, then 5.0 on Node 24), the Kore.ai simulator on 127.0.0.1. One page per runtime
 * goes through the steps in order: palette, import the example, the edit dialog, validation, the
 * config node and its secret, the help sidebar, deploy and the status dot of a finished training, and the
 * config dialog's Test connection (OK with the stored secret, then a wrong secret refused).
 *
 * A screenshot of each step goes to test-output/screenshots/<runtime>-<step>.png. With
 * KORE_UPDATE_DOCS=1, the two README pictures are refreshed from the Node-RED 4 run:
 * docs/node-red-editor-flow.png and docs/node-red-edit-dialog.png.
 *
 * No fixed sleeps: every wait is for a selector, the network going idle, a notification or a log line.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page, WebSocket } from 'playwright-core';
import { startKoreSim, type KoreSim } from '@kore-train/kore-sim';
import { findLeaks } from '@kore-train/testkit';
import { packNodeRedPackage, type NodeRedProcess } from '../../node-red-e2e/src/harness';
import { launchChromium, SCREENSHOTS } from '../src/browser';
import {
  chooseTypedInputType, clearSelection, closeEverything, closeTray, dismissNotifications, flowNode, flowNodeBody, hasErrorTriangle, importExample, nodeStatus,
  NODE_RED_RUNTIMES, notification, openConfigDialog, openEditor, publishToDocs, retype, screenshot, showSidebarTab, startNodeRed, testConnectionInDialog,
  typedInput, waitForErrorTriangle, waitForNodeStatus,
} from '../src/node-red-editor';

const MODULE = '@kore-train/node-red-kore-train';
// The ids in examples/wait for training.json.
const COMMENT = 'a1c0de0000000001';
const INJECT = 'a1c0de0000000002';
const KORE_TRAIN = 'a1c0de0000000003';
const DEBUG_FINISHED = 'a1c0de0000000004';
const APP = 'a1c0de0000000009';
const BOT = 'st-your-bot-id'; // what the example's inject node sends

/** Each browser step must finish well within a minute. */
const STEP_MS = 60_000;

let sim: KoreSim;
let packDir: string;
let tarballs: string[];

beforeAll(async () => {
  sim = await startKoreSim({ port: 0 });
  ({ tarballs, dir: packDir } = await packNodeRedPackage());
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe.each(NODE_RED_RUNTIMES)('$name: the editor in Chromium', (runtime) => {
  let nr: NodeRedProcess;
  let userDir: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  /** Bodies of the editor's API answers and websocket frames, for the secret scan. */
  const traffic: string[] = [];
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};
  const shot = (step: string, options?: Parameters<typeof screenshot>[2]) => screenshot(page, `${runtime.tag}-${step}`, options);

  beforeAll(async () => {
    const started = Date.now();
    // This runtime's pictures of an earlier run (a passing run leaves no "failed-" picture behind).
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const file of readdirSync(SCREENSHOTS, { withFileTypes: true })) {
      if (file.isFile() && file.name.startsWith(`${runtime.tag}-`)) rmSync(path.join(SCREENSHOTS, file.name));
    }
    ({ nr, userDir } = await startNodeRed(runtime, tarballs));
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => {
      // Chromium's notice that a resize observer's callback resized again is not a script failure.
      if (/ResizeObserver loop/.test(error.message)) return;
      pageErrors.push(`${error.message}\n${error.stack ?? ''}`);
    });
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (!/json|text\/plain/.test(type)) return; // the API, not the editor's scripts and styles
      response.text().then((text) => traffic.push(`${response.url()}\n${text}`), () => undefined);
    });
    page.on('websocket', (ws: WebSocket) => ws.on('framereceived', (frame) => traffic.push(String(frame.payload))));
    timings['start'] = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await nr?.stop();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
    process.stdout.write(`[${runtime.name}] ms per step: ${JSON.stringify(timings)}\n`);
  });

  async function timed(step: string, body: () => Promise<void>): Promise<void> {
    const started = Date.now();
    const errorsBefore = pageErrors.length;
    try {
      await body();
    } catch (error) {
      // A picture of the failure, and a workspace without open dialogs for the next step.
      await shot(`failed-${step.replace(/\W+/g, '-')}`).catch(() => undefined);
      await closeEverything(page);
      throw error;
    }
    timings[step] = Date.now() - started;
    expect(pageErrors.slice(errorsBefore)).toEqual([]); // no editor script broke during this step
  }

  it('shows "kore train" in the palette under Kore.ai, with its icon', () => timed('palette', async () => {
    await openEditor(page, nr.url);
    expect(nr.log).toMatch(new RegExp(`Node-RED version: ${runtime.version.source.slice(1)}`));
    const paletteNode = page.locator('#red-ui-palette [data-palette-type="kore-train"]');
    expect(await paletteNode.count()).toBe(1);
    expect((await paletteNode.textContent())?.replace(/\s+/g, ' ').trim()).toBe('kore train');
    // Its category: the container holding it, and the header a user reads.
    const category = page.locator('#red-ui-palette .red-ui-palette-category', { has: page.locator('[data-palette-type="kore-train"]') });
    expect(await category.getAttribute('id')).toBe('red-ui-palette-container-Kore_ai');
    expect((await category.locator('.red-ui-palette-header').textContent())?.trim()).toBe('Kore.ai');
    // The config node is not in the palette.
    expect(await page.locator('#red-ui-palette [data-palette-type="kore-ai-app"]').count()).toBe(0);
    // The icon: the package's SVG, served by Node-RED and drawn by the browser.
    const icon = paletteNode.locator('.red-ui-palette-icon');
    expect(await icon.getAttribute('style')).toContain(`icons/${MODULE}/kore-train.svg`);
    const drawn = await page.evaluate(async (src) => {
      const img = new (globalThis as unknown as { Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number } }).Image();
      img.src = src;
      await img.decode();
      return img.naturalWidth;
    }, `icons/${MODULE}/kore-train.svg`);
    expect(drawn).toBeGreaterThan(0);
    // The palette filtered to "kore", for the picture.
    const filter = page.locator('#red-ui-palette-search input');
    await retype(filter, 'kore');
    await page.locator('#red-ui-palette-container-common').waitFor({ state: 'hidden' });
    await paletteNode.waitFor({ state: 'visible' });
    await shot('01-palette', { locator: page.locator('#red-ui-palette') });
    await retype(filter, '');
    await page.locator('#red-ui-palette-container-common').waitFor({ state: 'visible' });
  }), STEP_MS);

  it('imports the "wait for training" example from Menu > Import > Examples', () => timed('import', async () => {
    const imported = await importExample(page, MODULE, 'wait for training', { x: 70, y: 20 });
    expect(imported).toMatch(/6 nodes/);
    expect(imported).toMatch(/1 configuration node/);
    for (const id of [COMMENT, INJECT, KORE_TRAIN, DEBUG_FINISHED, 'a1c0de0000000005', 'a1c0de0000000006']) {
      await flowNode(page, id).waitFor({ state: 'visible' });
    }
    const koreTrain = flowNode(page, KORE_TRAIN);
    expect((await koreTrain.locator('.red-ui-flow-node-label-text').textContent())?.trim()).toBe('wait for training');
    expect(await koreTrain.locator('image.red-ui-flow-node-icon').getAttribute('href')).toContain(`icons/${MODULE}/kore-train.svg`);
    expect(await koreTrain.locator('.red-ui-flow-port-output').count()).toBe(3); // "send status changes" is on
    expect(await koreTrain.locator('.red-ui-flow-port-input').count()).toBe(1);
    // Example as shipped is valid: no red triangle (its app's credentials are still to be set).
    expect(await hasErrorTriangle(page, KORE_TRAIN)).toBe(false);
    // All of it in view, left of the sidebar, for the pictures.
    const workspace = await page.locator('#red-ui-workspace-chart').boundingBox();
    const sidebar = await page.locator('#red-ui-sidebar').boundingBox();
    for (const id of [COMMENT, INJECT, KORE_TRAIN, DEBUG_FINISHED, 'a1c0de0000000005', 'a1c0de0000000006']) {
      const box = await flowNode(page, id).boundingBox();
      expect(box && workspace && sidebar && box.x > workspace.x && box.y > workspace.y && box.x + box.width + 60 < sidebar.x).toBe(true);
    }
    await dismissNotifications(page);
    await clearSelection(page);
    await shot('02-imported');
  }), STEP_MS);

  it('opens the edit dialog on double-click, with every field', () => timed('edit dialog', async () => {
    await flowNodeBody(page, KORE_TRAIN).dblclick();
    const tray = page.locator('.red-ui-tray').last();
    await tray.locator('#node-input-name').waitFor({ state: 'visible' });
    expect((await tray.locator('.red-ui-tray-titlebar').textContent())?.trim()).toBe('Edit kore train node');
    // Labels as the user reads them, one per row.
    const labels = (await tray.locator('#dialog-form .form-row > label').allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    expect(labels).toEqual(['Kore.ai app', 'Mode', 'Bot ID', 'Language', 'State', 'Poll every', 'Timeout', 'Send status changes on a third output', 'Resume waits after a redeploy or restart', 'Name']);
    // Each field, with the example's values.
    expect(await tray.locator('#node-input-app').inputValue()).toBe(APP);
    expect((await tray.locator('#node-input-app option:checked').textContent())?.trim()).toBe('Kore.ai');
    await tray.locator('#node-input-btn-app-edit').waitFor({ state: 'visible' });
    expect(await tray.locator('#node-input-mode').inputValue()).toBe('wait');
    expect((await tray.locator('#node-input-mode option').allTextContents()).map((t) => t.trim())).toEqual(['get status', 'wait for training', 'train and wait']);
    const botId = typedInput(page, 'botId');
    expect(await botId.type.textContent()).toBe('msg.');
    expect(await botId.input.inputValue()).toBe('botId');
    const language = typedInput(page, 'language');
    expect(await language.type.getAttribute('title')).toBe('string');
    expect(await language.input.inputValue()).toBe('');
    expect(await language.input.getAttribute('placeholder')).toBe("the bot's default language");
    const state = typedInput(page, 'state');
    expect(await state.type.textContent()).toBe('state');
    expect((await state.option.textContent())?.trim()).toBe('configured (in development)');
    expect(await tray.locator('#node-input-pollInterval').inputValue()).toBe(''); // blank: the library's adaptive schedule
    expect(await tray.locator('#node-input-pollInterval').getAttribute('placeholder')).toBe('auto');
    expect(await tray.locator('#node-input-timeout').inputValue()).toBe('3600');
    expect(await tray.locator('#node-input-timeout').getAttribute('placeholder')).toBe('3600 (0 checks once)'); // the core's default, via RED.settings
    expect(await tray.locator('#node-input-progress').isChecked()).toBe(true);
    expect(await tray.locator('#node-input-resume').isChecked()).toBe(true); // on for flows saved before the setting existed
    expect(await tray.locator('#node-input-name').inputValue()).toBe('');
    await tray.locator('.kore-train-tip-wait').waitFor({ state: 'visible' });
    // Nothing flagged on the shipped example.
    expect(await tray.locator('.input-error').count()).toBe(0);
    await shot('03-edit-dialog-tray', { locator: tray });
    // The README's picture: the palette, the flow being edited and the dialog.
    const dialog = await shot('03-edit-dialog', { clip: { x: 0, y: 0, width: 1085, height: 690 } });
    if (runtime.tag === 'node-red-4') publishToDocs(dialog, 'node-red-edit-dialog.png');
    // "get status" hides the waiting settings and says what its outputs are.
    await tray.locator('#node-input-mode').selectOption('status');
    await tray.locator('#node-input-pollInterval').waitFor({ state: 'hidden' });
    await tray.locator('#node-input-progress').waitFor({ state: 'hidden' });
    await tray.locator('.kore-train-tip-status').waitFor({ state: 'visible' });
    await tray.locator('.kore-train-tip-wait').waitFor({ state: 'hidden' });
    await tray.locator('#node-input-mode').selectOption('wait');
    await tray.locator('#node-input-pollInterval').waitFor({ state: 'visible' });
    await closeTray(page, '#node-dialog-cancel');
  }), STEP_MS);

  it('flags a bad bot id and bad numbers, and marks the node with the red triangle', () => timed('validation', async () => {
    await flowNodeBody(page, KORE_TRAIN).dblclick();
    await page.locator('#node-input-name').waitFor({ state: 'visible' });
    const botId = typedInput(page, 'botId');
    await chooseTypedInputType(page, 'botId', 'str');
    await retype(botId.input, 'not a bot id!');
    await page.locator('#node-input-botId + .red-ui-typedInput-container.input-error').waitFor();
    await retype(page.locator('#node-input-pollInterval'), '0.5');
    await page.locator('#node-input-pollInterval.input-error').waitFor(); // under Kore.ai's 1 s floor: the app's host is bots.kore.ai
    await retype(page.locator('#node-input-pollInterval'), '0');
    await page.locator('#node-input-pollInterval.input-error').waitFor();
    await retype(page.locator('#node-input-timeout'), '-1');
    await page.locator('#node-input-timeout.input-error').waitFor();
    await shot('04-validation-dialog');
    // Saved anyway: the node carries the red triangle in the workspace.
    await closeTray(page, '#node-dialog-ok');
    await waitForErrorTriangle(page, KORE_TRAIN, true);
    await shot('04-validation-node', { clip: { x: 0, y: 0, width: 1000, height: 420 } });

    // Put right: a valid fixed bot id clears the mark, then back to the example's msg.botId.
    await flowNodeBody(page, KORE_TRAIN).dblclick();
    await page.locator('#node-input-name').waitFor({ state: 'visible' });
    await retype(botId.input, BOT);
    await page.locator('#node-input-botId + .red-ui-typedInput-container:not(.input-error)').waitFor();
    await chooseTypedInputType(page, 'botId', 'msg');
    await retype(botId.input, 'botId');
    await retype(page.locator('#node-input-pollInterval'), ''); // automatic, as shipped
    await retype(page.locator('#node-input-timeout'), '60');
    await page.locator('#node-input-pollInterval:not(.input-error)').waitFor();
    expect(await page.locator('.red-ui-tray .input-error').count()).toBe(0);
    await closeTray(page, '#node-dialog-ok');
    await waitForErrorTriangle(page, KORE_TRAIN, false);
  }), STEP_MS);

  it('config node: empty host flagged, the client secret is a password field', () => timed('config node', async () => {
    const tray = await openConfigDialog(page, flowNodeBody(page, KORE_TRAIN), 'app');
    await tray.locator('#node-config-input-name').waitFor({ state: 'visible' });
    expect((await tray.locator('.red-ui-tray-breadcrumbs li').allTextContents()).map((t) => t.trim())).toEqual(['Edit kore train node', 'Edit Kore.ai app node']);
    const labels = (await tray.locator('form .form-row:visible > label').allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    expect(labels).toEqual(['Host', 'Client ID', 'Client Secret', 'Algorithm', 'New token for every request (apps that enforce JTI)', 'Extra claims', 'Name']);
    expect(await tray.locator('#node-config-input-hostPreset').inputValue()).toBe('https://bots.kore.ai');
    expect((await tray.locator('#node-config-input-hostPreset option').allTextContents()).length).toBe(5); // four Kore.ai hosts + custom
    await tray.locator('#node-config-input-host').waitFor({ state: 'hidden' });
    expect(await tray.locator('#node-config-input-name').inputValue()).toBe('Kore.ai');
    expect(await tray.locator('#node-config-input-algorithm').inputValue()).toBe('HS256');
    // The algorithms, as the core lists them, reach the dialog through RED.settings.
    const algorithms = await page.evaluate(() => (globalThis as unknown as { RED: { settings: Record<string, unknown> } }).RED.settings['koreAiAppSigningAlgorithms']);
    expect(algorithms).toEqual(['HS256', 'HS512', 'RS256', 'RS512']);
    expect(await tray.locator('#node-config-input-algorithm option').allTextContents()).toEqual(algorithms);
    expect(await tray.locator('#node-config-input-uniqueJti').isChecked()).toBe(false);
    expect(await tray.locator('#node-config-input-claims').inputValue()).toBe('');
    // The secret and the key are password fields; the key only shows for RS algorithms.
    const secret = tray.locator('#node-config-input-clientSecret');
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await tray.locator('#node-config-input-privateKey').getAttribute('type')).toBe('password');
    await tray.locator('#node-config-input-privateKey').waitFor({ state: 'hidden' });
    await tray.locator('#node-config-input-algorithm').selectOption('RS256');
    await tray.locator('#node-config-input-privateKey').waitFor({ state: 'visible' });
    await secret.waitFor({ state: 'hidden' });
    await tray.locator('#node-config-input-algorithm').selectOption('HS256');
    await secret.waitFor({ state: 'visible' });
    // No credentials yet: both flagged.
    await tray.locator('#node-config-input-clientId.input-error').waitFor();
    await tray.locator('#node-config-input-clientSecret.input-error').waitFor();
    // Extra claims must be a JSON object.
    await retype(tray.locator('#node-config-input-claims'), '[1]');
    await tray.locator('#node-config-input-claims.input-error').waitFor();
    await retype(tray.locator('#node-config-input-claims'), '');
    await tray.locator('#node-config-input-claims:not(.input-error)').waitFor();
    // A custom host: emptied, it is flagged; the simulator's loopback http URL is accepted.
    await tray.locator('#node-config-input-hostPreset').selectOption('_custom_');
    const host = tray.locator('#node-config-input-host');
    await host.waitFor({ state: 'visible' });
    await retype(host, '');
    await tray.locator('#node-config-input-host.input-error').waitFor();
    await shot('05-config-empty-host');
    await retype(host, 'http://example.com');
    await tray.locator('#node-config-input-host.input-error').waitFor(); // plain http only on loopback
    await retype(host, sim.url);
    await tray.locator('#node-config-input-host:not(.input-error)').waitFor();
    await retype(tray.locator('#node-config-input-clientId'), sim.clientId);
    await retype(secret, sim.clientSecret);
    await tray.locator('#node-config-input-clientSecret:not(.input-error)').waitFor();
    expect(await tray.locator('.input-error:visible').count()).toBe(0);
    expect(await secret.getAttribute('type')).toBe('password'); // still masked with a value in it
    await shot('05-config-dialog');
    await closeTray(page, '#node-config-dialog-ok');
    await page.locator('#node-input-name').waitFor({ state: 'visible' });
    expect(await page.locator('#node-input-app option:checked').textContent()).toBe('Kore.ai');
    // The app's host is now the simulator on loopback: no poll floor there, as in the core.
    await retype(page.locator('#node-input-pollInterval'), '0.5');
    await page.locator('#node-input-pollInterval:not(.input-error)').waitFor();
    await retype(page.locator('#node-input-pollInterval'), '');
    await closeTray(page, '#node-dialog-ok');
    await waitForErrorTriangle(page, KORE_TRAIN, false);
  }), STEP_MS);

  it("shows the node's help in the help sidebar", () => timed('help', async () => {
    await flowNodeBody(page, KORE_TRAIN).click();
    await showSidebarTab(page, 'help');
    const help = page.locator('.red-ui-sidebar-help-stack');
    await help.locator('.red-ui-help-title', { hasText: 'kore train' }).waitFor({ state: 'visible' });
    const text = (await help.locator('.red-ui-help').first().textContent()) ?? '';
    expect(text).toContain("Checks a Kore.ai bot's ML training, waits until it is done, or starts one and waits for it.");
    for (const heading of ['Modes', 'Inputs', 'Outputs', 'Errors', 'Details']) {
      await help.locator('.red-ui-help h3', { hasText: heading }).waitFor({ state: 'visible' });
    }
    expect(text).toMatch(/INVALID_INPUT[\s\S]*UNAUTHORIZED[\s\S]*FORBIDDEN[\s\S]*NOT_FOUND[\s\S]*TIMEOUT/);
    await shot('06-help');
    // The config node's help, found through the help sidebar's search.
    await retype(page.locator('.red-ui-sidebar-info:has(.red-ui-sidebar-help-stack) .red-ui-info-toolbar input'), 'kore');
    await help.locator('.red-ui-sidebar-help-toc .red-ui-treeList-label', { hasText: /^Kore\.ai app$/ }).click();
    await help.locator('.red-ui-help-title', { hasText: 'Kore.ai app' }).waitFor({ state: 'visible' });
    expect(await help.locator('.red-ui-help').first().textContent()).toContain('A Kore.ai app: where the platform is and how to sign the JWT');
    await showSidebarTab(page, 'info');
  }), STEP_MS);

  it('deploys, runs the example on an inject click, and turns the status dot green when the training finishes', () => timed('deploy and run', async () => {
    const from = nr.mark();
    await page.locator('#red-ui-header-button-deploy').click();
    await notification(page, /Successfully deployed/);
    await nr.waitForLog(/Started flows/, { from });
    await page.locator('#red-ui-header-button-deploy.disabled').waitFor();
    await page.waitForLoadState('networkidle');

    sim.addBot({ botId: BOT, initial: 'Inprogress', trainingMs: 1_500 }); // a training that runs now
    await flowNode(page, INJECT).locator('.red-ui-flow-node-button').click();
    await notification(page, /Successfully injected/);
    const running = await waitForNodeStatus(page, KORE_TRAIN, 'ring-blue', /^training/);
    expect(running.text).toMatch(/^training/);
    const finished = await waitForNodeStatus(page, KORE_TRAIN, 'dot-green', /^finished$/);
    expect(finished).toEqual({ shape: 'dot-green', text: 'finished' });
    // The example's "finished" debug node shows the status it received.
    await waitForNodeStatus(page, DEBUG_FINISHED, 'dot-grey', /^Finished$/);
    expect(sim.count({ path: 'status', botId: BOT })).toBeGreaterThanOrEqual(2);
    expect(await nodeStatus(page, KORE_TRAIN)).toEqual({ shape: 'dot-green', text: 'finished' });
    // The debug sidebar has the messages: the status change, then the finished status.
    await showSidebarTab(page, 'debug');
    const messages = page.locator('#red-ui-sidebar .red-ui-debug-msg');
    await messages.filter({ hasText: 'node: finished' }).first().waitFor({ state: 'visible' });
    expect((await messages.filter({ hasText: 'node: status changes' }).allTextContents()).join('\n')).toContain('Inprogress');
    await clearSelection(page);
    await page.waitForLoadState('networkidle');
    await shot('07-finished');
    // The README's picture: the example flow after a training finished, and its messages.
    const flow = await shot('07-finished-flow', { clip: { x: 0, y: 0, width: 1400, height: 440 } });
    if (runtime.tag === 'node-red-4') publishToDocs(flow, 'node-red-editor-flow.png');
    await showSidebarTab(page, 'info');
  }), STEP_MS);

  it('never has the client secret in the page after deploy, nor in what the editor received', () => timed('secret', async () => {
    const inputs = async (): Promise<string> =>
      (await page.locator('input, textarea').evaluateAll((els) => els.map((el) => (el as unknown as { value: string }).value))).join('\n');
    const storage = async (): Promise<string> =>
      page.evaluate(() => JSON.stringify((globalThis as unknown as { localStorage: unknown }).localStorage));
    expect(findLeaks({ page: await page.content(), inputs: await inputs(), storage: await storage() }, sim.clientSecret)).toEqual([]);
    // Reloaded, the config dialog shows a placeholder in the masked field, not the secret.
    await openEditor(page, nr.url);
    await openConfigDialog(page, flowNodeBody(page, KORE_TRAIN), 'app');
    const secret = page.locator('#node-config-input-clientSecret');
    await secret.waitFor({ state: 'visible' });
    expect(await secret.getAttribute('type')).toBe('password');
    expect(await secret.inputValue()).toBe('__PWRD__');
    expect(await page.locator('#node-config-input-clientId').inputValue()).toBe(sim.clientId);
    await shot('08-config-after-deploy');
    expect(findLeaks({ page: await page.content(), inputs: await inputs(), storage: await storage() }, sim.clientSecret)).toEqual([]);
    await closeTray(page, '#node-config-dialog-cancel');
    await closeTray(page, '#node-dialog-cancel');
    // Nor did any API answer or websocket frame carry it (or a JWT), nor flows.json or the log.
    expect(traffic.length).toBeGreaterThan(5);
    expect(findLeaks({ traffic: traffic.join('\n'), 'flows.json': nr.readFile('flows.json'), log: nr.log }, sim.clientSecret)).toEqual([]);
  }), STEP_MS);

  it('tests the connection from the config dialog: OK with the stored secret, a wrong secret refused', () => timed('test connection', async () => {
    const tray = await openConfigDialog(page, flowNodeBody(page, KORE_TRAIN), 'app');
    const secret = tray.locator('#node-config-input-clientSecret');
    await secret.waitFor({ state: 'visible' });
    const button = tray.locator('#node-config-test-connection');
    expect((await button.textContent())?.trim()).toBe('Test connection');
    // Left unchanged, the secret field holds Node-RED's placeholder: the runtime uses the stored secret.
    expect(await secret.inputValue()).toBe('__PWRD__');
    const before = sim.requests.length;
    const ok = await testConnectionInDialog(page);
    expect(ok).toEqual({ progress: 'Asking Kore.ai…', disabledWhileTesting: true, state: 'ok', text: "OK: Kore.ai accepted the app's token" });
    // One request, its token signed with the stored secret and accepted by the simulator.
    expect(sim.requests.slice(before)).toEqual([expect.objectContaining({ kind: 'status', authOk: true, answeredStatus: 404 })]);
    await shot('09-test-connection-ok', { locator: tray });

    // A wrong secret typed in: the answer shown before is cleared, the new one is Kore.ai's refusal.
    await retype(secret, 'not-the-secret-0123456789abcdef');
    expect(await tray.locator('#node-config-test-connection-result').getAttribute('data-state')).toBe('');
    const refused = await testConnectionInDialog(page);
    expect(refused.state).toBe('failed');
    expect(refused.text).toMatch(/^UNAUTHORIZED: \S/);
    expect(refused.text).toContain('check the client id'); // the core's hint (KoreError.hint)
    expect(sim.requests.at(-1)).toMatchObject({ authOk: false, answeredStatus: 401 });
    await shot('09-test-connection-refused', { locator: tray });

    // What the runtime answers is shown as text: markup in it is not rendered (nor run).
    await tray.locator('#node-config-input-hostPreset').selectOption('_custom_');
    await retype(tray.locator('#node-config-input-host'), 'https://<img src=x onerror=window.__koreInjected=1>');
    const injected = await testConnectionInDialog(page);
    expect(injected).toMatchObject({ state: 'failed', text: expect.stringContaining('<img src=x') });
    expect(injected.text).toMatch(/^INVALID_INPUT: host /);
    expect(await tray.locator('#node-config-test-connection-result img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __koreInjected?: number }).__koreInjected)).toBeUndefined();

    // Nothing saved: the dialog is cancelled; no answer carried the secret or a token.
    await closeTray(page, '#node-config-dialog-cancel');
    await closeTray(page, '#node-dialog-cancel');
    await page.locator('#red-ui-header-button-deploy.disabled').waitFor();
    expect(findLeaks({ traffic: traffic.join('\n'), page: await page.content() }, sim.clientSecret)).toEqual([]);
  }), STEP_MS);
});

